#!/usr/bin/env node
// Builds native/file (libmagic 5.44 with faster text tests, see native/file/README.md) when make
// and a C compiler are present. Without it, file types come from the system's `file` command,
// with the same results, more slowly. Run by `npm install` (postinstall); safe to run again.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const dir = path.join(__dirname, '..', 'native', 'file');
if (!fs.existsSync(path.join(dir, 'Makefile'))) {
  process.exit(0); // an install without the sources (a dependency layer of the Docker build)
}
const result = spawnSync('make', ['-s', '-C', dir], { stdio: 'inherit' });
if (result.status !== 0) {
  console.warn(
    'scanloom: native/file was not built; file types will come from the system `file` command, more slowly.',
  );
}
