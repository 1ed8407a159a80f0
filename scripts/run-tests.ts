// `npm test`: starts a throwaway Temporal dev server (in memory, on a free port), runs every test file
// with node's test runner against it, and stops the server. TEMPORAL_ADDRESS set by the caller is reused.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureDevServer, freePort } from '../src/local/temporal-server';

const root = path.resolve(__dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? testFiles(full) : name.endsWith('.test.ts') ? [full] : [];
    })
    .sort();
}

async function main(): Promise<number> {
  const filter = process.argv.slice(2);
  const files = testFiles(path.join(root, 'test')).filter(
    (f) => filter.length === 0 || filter.some((x) => f.includes(x)),
  );
  let address = process.env.TEMPORAL_ADDRESS;
  let stop = async () => {};
  if (!address) {
    const server = await ensureDevServer({ port: await freePort(), log: (l) => console.error(l) });
    address = server.address;
    stop = () => server.stop();
    console.error(`test: Temporal dev server at ${address}`);
  }
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], {
      cwd: root,
      stdio: 'inherit',
      // Workers in tests meet injected faults on purpose: their warnings would read like test failures.
      env: { ...process.env, TEMPORAL_ADDRESS: address, LOG_LEVEL: process.env.LOG_LEVEL ?? 'ERROR' },
    });
    return run.status ?? 1;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`test: ${error.message}`);
    process.exit(1);
  },
);
