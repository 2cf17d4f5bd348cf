#!/usr/bin/env node
'use strict';
// Entry point of the `scanloom` command. In a checkout it compiles the TypeScript
// sources first when they are newer than the build, so `npx scanloom …` always runs
// the code that is there.
const path = require('node:path');
const { ensureBuilt } = require('./ensure-build');

const root = path.resolve(__dirname, '..');
try {
  ensureBuilt(root);
} catch (error) {
  process.stderr.write(`scanloom: ${error.message}\n`);
  process.exit(1);
}
require(path.join(root, 'dist', 'src', 'cli', 'main.js'));
