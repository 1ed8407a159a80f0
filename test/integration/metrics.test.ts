import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config';
import { freePort } from '../../src/local/temporal-server';
import { spawnWorker, startStack } from '../helpers/stack';

describe('worker metrics', () => {
  it('serves Prometheus metrics at ORCHESTRATOR_METRICS_ADDRESS', async () => {
    const stack = await startStack();
    const port = await freePort();
    const worker = await spawnWorker({ ...stack.env, ORCHESTRATOR_METRICS_ADDRESS: `127.0.0.1:${port}` });
    try {
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
