'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestMtime(full));
    } else if (entry.name.endsWith('.ts')) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** Run the TypeScript build when dist/ is missing or older than src/. */
function ensureBuilt(root) {
  const marker = path.join(root, 'dist', '.tsbuildinfo');
  const srcDir = path.join(root, 'src');
  if (!fs.existsSync(srcDir)) {
    return; // an installed package ships dist/ only
  }
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
  const sources = Math.max(newestMtime(srcDir), fs.statSync(path.join(root, 'package.json')).mtimeMs);
  if (built >= sources) {
    return;
  }
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) {
    throw new Error('the TypeScript build failed (see above)');
  }
  fs.utimesSync(marker, new Date(), new Date());
}

module.exports = { ensureBuilt };
