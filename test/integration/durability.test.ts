import assert from 'node:assert/strict';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { PrivacyOrchestrator } from '../../src/client';
import { readRequestFile } from '../../src/privacy/intake';
import { spawnWorker, startRun, startStack } from '../helpers/stack';

const GDPR = path.join(__dirname, '..', 'fixtures', 'gdpr-access-delete.json');

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('durability: nothing lost, nothing submitted twice', () => {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('finishes every job after the worker process is killed while jobs are processing', async () => {
    // Slow products, so the kill lands while Adobe is still processing.
    const stack = await startStack({
      timing: { processingAfterSeconds: 1, completeAfterSeconds: 8, completeSpreadSeconds: 2, products: {} },
    });
    cleanups.push(() => stack.close());
    const orchestrator = await PrivacyOrchestrator.connect(stack.config);
    cleanups.push(() => orchestrator.close());

    const first = await spawnWorker(stack.env);
    cleanups.push(() => first.kill('SIGKILL'));
    const [request] = await readRequestFile(GDPR, { orgId: stack.config.adobe.orgId });
    const { submissionId } = await orchestrator.submit(request!);
    await until('the jobs to be created and processing', async () => {
      const stats = await stack.stats();
      return stats.jobs.created === 4 && (stats.jobs.byStatus.processing ?? 0) > 0;
    });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    const second = await spawnWorker(stack.env);
    cleanups.push(() => second.kill('SIGKILL'));
    const result = await orchestrator.result(submissionId);

    assert.deepEqual(
      result.jobs.map((j) => j.outcome.status),
      ['complete', 'complete', 'complete', 'complete'],
    );
    const stats = await stack.stats();
    assert.equal(stats.jobs.created, 4, 'exactly one Adobe job per user × action');
    assert.equal(stats.calls['POST /data/core/privacy/jobs'], 1);
  });

  it('reconciles a create whose response was lost instead of posting again', async () => {
    const { stack, orchestrator, fault, gdprRequest, close } = await startRun();
    cleanups.push(close);
    await fault({ kind: 'dropResponse', route: 'POST /data/core/privacy/jobs', count: 1 });

    const result = await orchestrator.result((await orchestrator.submit(await gdprRequest())).submissionId);

    assert.equal(result.jobs.length, 4);
    assert.ok(result.jobs.every((j) => j.outcome.status === 'complete'));
    const stats = await stack.stats();
    assert.equal(stats.jobs.created, 4, 'the lost response did not lead to a second set of jobs');
    assert.equal(stats.calls['POST /data/core/privacy/jobs'], 1);
    assert.ok((stats.calls['GET /data/core/privacy/jobs'] ?? 0) >= 1, 'the retry listed jobs to reconcile');
  });

  it('waits out a 429 on create and then submits once', async () => {
    const { stack, orchestrator, fault, gdprRequest, close } = await startRun();
    cleanups.push(close);
    await fault({
      kind: 'status',
      status: 429,
      route: 'POST /data/core/privacy/jobs',
      count: 1,
      retryAfterSeconds: 1,
    });

    const result = await orchestrator.result((await orchestrator.submit(await gdprRequest())).submissionId);

    assert.ok(result.jobs.every((j) => j.outcome.status === 'complete'));
    const stats = await stack.stats();
    assert.equal(stats.jobs.created, 4);
    assert.equal(stats.calls['POST /data/core/privacy/jobs'], 2);
  });

  it('keeps polling through reset connections and slow answers', async () => {
    const { stack, orchestrator, fault, gdprRequest, close } = await startRun();
    cleanups.push(close);
    await fault({ kind: 'connectionReset', route: 'GET /data/core/privacy/jobs/{id}', count: 4 });
    await fault({ kind: 'latency', ms: 300, route: '*' });

    const result = await orchestrator.result((await orchestrator.submit(await gdprRequest())).submissionId);

    assert.ok(result.jobs.every((j) => j.outcome.status === 'complete'));
    assert.equal((await stack.stats()).jobs.created, 4);
  });

  it('keeps polling through a revoked token by minting a new one once', async () => {
    const { stack, worker, orchestrator, fault, gdprRequest, close } = await startRun({
      timing: { processingAfterSeconds: 1, completeAfterSeconds: 4, completeSpreadSeconds: 0, products: {} },
    });
    cleanups.push(close);

    const { submissionId } = await orchestrator.submit(await gdprRequest());
    await until('the jobs to be created', async () => (await stack.stats()).jobs.created === 4);
    await fault({ kind: 'revokeTokens' });
    const result = await orchestrator.result(submissionId);

    assert.ok(result.jobs.every((j) => j.outcome.status === 'complete'));
    assert.equal(worker.tokens.minted, 2);
  });
});
