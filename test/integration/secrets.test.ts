// No secret (token, client secret, private key) in the worker's logs or in any workflow history of a run
// that meets throttling, an unavailable gateway and a revoked token.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { PrivacyOrchestrator } from '../../src/client';
import { readRequestFile } from '../../src/privacy/intake';
import { startWorker, type WorkerHandle } from '../../src/worker';
import type { SubmissionResult } from '../../src/workflows/messages';
import { emulatorAdmin, startStack, type Stack } from '../helpers/stack';

describe('secrets stay out of logs and history', () => {
  const logs: string[] = [];
  let stack: Stack;
  let worker: WorkerHandle;
  let orchestrator: PrivacyOrchestrator;
  let result: SubmissionResult;
  let submissionId: string;

  before(async () => {
    stack = await startStack();
    const logger = new DefaultLogger('DEBUG', (entry: LogEntry) =>
      logs.push(`${entry.level} ${entry.message} ${JSON.stringify(entry.meta ?? {})}`),
    );
    worker = await startWorker(stack.config, { logger });
    orchestrator = await PrivacyOrchestrator.connect(stack.config);
    await emulatorAdmin(stack.emulator.url, 'faults', {
      kind: 'status',
      status: 503,
      route: 'GET /data/core/privacy/jobs/{id}',
      count: 3,
    });
    await emulatorAdmin(stack.emulator.url, 'faults', {
      kind: 'status',
      status: 429,
      route: 'POST /data/core/privacy/jobs',
      count: 1,
      retryAfterSeconds: 1,
    });
    const [request] = await readRequestFile(
      path.join(__dirname, '..', 'fixtures', 'gdpr-access-delete.json'),
      { orgId: stack.config.adobe.orgId },
    );
    ({ submissionId } = await orchestrator.submit(request!));
    await new Promise((r) => setTimeout(r, 1500));
    await emulatorAdmin(stack.emulator.url, 'faults', { kind: 'revokeTokens' });
    result = await orchestrator.result(submissionId);
  });
  after(async () => {
    await orchestrator?.close();
    await worker?.shutdown();
    await stack?.close();
  });

  it('finished the run despite the faults', () => {
    assert.ok(result.jobs.every((j) => j.outcome.status === 'complete'));
  });

  it('logged the failed attempts, and no secret with them', async () => {
    const text = logs.join('\n');
    assert.match(text, /ADOBE_THROTTLED/, 'the 429 should show in the log');
    assert.match(text, /ADOBE_UNAVAILABLE/, 'the 503s should show in the log');
    const token = await worker.tokens.token();
    // The SDK logs the worker's options at debug level, payload codec included: its key must not show.
    const key = readFileSync(path.join(stack.config.dataDir, 'encryption.key'), 'utf8').trim();
    const keyBytes = JSON.stringify([...Buffer.from(key, 'base64')]).slice(1, -1);
    for (const secret of [token, token.split('.')[2]!, stack.config.adobe.clientSecret, key, keyBytes]) {
      assert.ok(!text.includes(secret), 'a secret reached the worker log');
    }
  });

  it('wrote no secret into any workflow history', async () => {
    const env = await TestWorkflowEnvironment.createFromExistingServer({
      address: stack.config.temporal.address,
    });
    try {
      const token = await worker.tokens.token();
      for (const workflowId of [submissionId, ...result.jobs.map((j) => j.workflowId)]) {
        const history = JSON.stringify(await env.client.workflow.getHandle(workflowId).fetchHistory());
        for (const secret of [token, stack.config.adobe.clientSecret]) {
          for (const form of [secret, Buffer.from(secret).toString('base64')])
            assert.ok(!history.includes(form), `secret in ${workflowId}`);
        }
      }
    } finally {
      await env.teardown();
    }
  });
});
