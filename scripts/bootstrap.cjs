// The entry of `npm run demo|test|bench` on a fresh clone: installs node modules when they are missing or
// older than package-lock.json, then hands over to the TypeScript entry point. Node built-ins only.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs) {
  console.error('bootstrap: installing node modules (npm ci)');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (npm.status !== 0) process.exit(npm.status ?? 1);
}

const [task, ...rest] = process.argv.slice(2);
const entry = {
  demo: ['src/cli/main.ts', 'demo'],
  test: ['scripts/run-tests.ts'],
  bench: ['bench/run.ts'],
}[task];
if (!entry) {
  console.error(`bootstrap: unknown task ${task}`);
  process.exit(2);
}
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const run = spawnSync(process.execPath, [tsx, ...entry, ...rest], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
