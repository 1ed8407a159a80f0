#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx privacy-orchestrator` works without a build step.
require('tsx/cjs');
require('../src/cli/main.ts')
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    () => process.exit(1),
  );
