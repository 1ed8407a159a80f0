import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config';
import { startStack } from '../helpers/stack';

const ROOT = path.resolve(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('worker metrics', () => {
  it('serves Prometheus metrics at ORCHESTRATOR_METRICS_ADDRESS', async () => {
    const stack = await startStack();
    const port = await freePort();
    const worker = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...stack.env, ORCHESTRATOR_METRICS_ADDRESS: `127.0.0.1:${port}` },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let stderr = '';
        worker.stderr!.on('data', (c: Buffer) => {
          stderr += c;
          if (stderr.includes('worker: running')) resolve();
        });
        worker.once('exit', (code) => reject(new Error(`worker exited (${code}): ${stderr}`)));
      });
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      assert.match(text, /^# (HELP|TYPE) temporal_/m);
    } finally {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
      await stack.close();
    }
  });

  it('refuses a metrics address that is not host:port', () => {
    assert.throws(() => loadConfig({ ORCHESTRATOR_METRICS_ADDRESS: '9464' }), {
      message: 'ORCHESTRATOR_METRICS_ADDRESS must be host:port, e.g. 127.0.0.1:9464 (got "9464")',
    });
  });
});
