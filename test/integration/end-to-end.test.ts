import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createDataConverter } from '../../src/codec';
import { PrivacyOrchestrator } from '../../src/client';
import { readRequestFile } from '../../src/privacy/intake';
import { startWorker, type WorkerHandle } from '../../src/worker';
import type { SubmissionResult } from '../../src/workflows/messages';
import { startStack, type Stack } from '../helpers/stack';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

describe('privacy requests end to end, through Temporal and the emulator', () => {
  let stack: Stack;
  let worker: WorkerHandle;
  let orchestrator: PrivacyOrchestrator;
  let results: SubmissionResult[];
  let ids: string[];

  before(async () => {
    stack = await startStack();
    worker = await startWorker(stack.config);
    orchestrator = await PrivacyOrchestrator.connect(stack.config);
    const gdpr = await readRequestFile(path.join(FIXTURES, 'gdpr-access-delete.json'), {
      orgId: stack.config.adobe.orgId,
    });
    const ccpa = await readRequestFile(path.join(FIXTURES, 'ccpa-subjects.csv'), {
      orgId: stack.config.adobe.orgId,
      regulation: 'ccpa',
      include: ['analytics', 'audienceManager'],
    });
    ids = [];
    for (const request of [...gdpr, ...ccpa])
      ids.push((await orchestrator.submit(request, { source: 'test' })).submissionId);
    results = await Promise.all(ids.map((id) => orchestrator.result(id)));
  });
  after(async () => {
    await orchestrator?.close();
    await worker?.shutdown();
    await stack?.close();
  });

  it('brings every job to complete, one per user × action', async () => {
    const jobs = results.flatMap((r) => r.jobs);
    // gdpr: 3 users, 4 actions; ccpa: 25 subjects, access+delete counted twice.
    const ccpaActions = readFileSync(path.join(FIXTURES, 'ccpa-subjects.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .reduce((keys, line) => keys.set(line.split(',')[0]!, line.split(',')[1]!), new Map<string, string>());
    const expected = 4 + [...ccpaActions.values()].reduce((n, a) => n + (a === 'access+delete' ? 2 : 1), 0);
    assert.equal(jobs.length, expected);
    assert.deepEqual(new Set(jobs.map((j) => j.outcome.status)), new Set(['complete']));
    assert.equal((await stack.stats()).jobs.created, expected);
  });

  it('stores every access job result as a ZIP archive', async () => {
    const access = results.flatMap((r) => r.jobs).filter((j) => j.action === 'access');
    assert.ok(access.length > 0);
    for (const job of access) {
      const found = await orchestrator.status(job.workflowId);
      assert.ok(found.kind === 'job');
      const result = found.state!.outcome!.result!;
      assert.ok(existsSync(result.file), `missing ${result.file}`);
      const archive = readFileSync(result.file);
      assert.equal(archive.subarray(0, 4).toString('hex'), '504b0304');
      assert.deepEqual(
        [archive.length, createHash('sha256').update(archive).digest('hex')],
        [job.outcome.result!.bytes, job.outcome.result!.sha256],
      );
    }
    assert.ok(
      results
        .flatMap((r) => r.jobs)
        .filter((j) => j.action === 'delete')
        .every((j) => j.outcome.result === undefined),
    );
  });

  it('writes one audit line per job, with no subject key in it', () => {
    const lines = readFileSync(stack.config.auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const jobs = results.flatMap((r) => r.jobs);
    assert.deepEqual(new Set(lines.map((l) => l.jobId)), new Set(jobs.map((j) => j.jobId)));
    assert.doesNotMatch(JSON.stringify(lines), /subject-0001|example\.com/);
  });

  it('answers status queries for a submission and for a job', async () => {
    const submission = await orchestrator.status(ids[0]!);
    assert.equal(submission.kind, 'submission');
    assert.equal(submission.state!.phase, 'finished');
    const job = await orchestrator.status(results[0]!.jobs[0]!.jobId);
    assert.equal(job.kind, 'job');
    assert.equal(job.state!.status, 'complete');
  });

  it('keeps tokens, the client secret and identity values out of Temporal history and search attributes', async () => {
    const env = await TestWorkflowEnvironment.createFromExistingServer({
      address: stack.config.temporal.address,
    });
    try {
      const token = await worker.tokens.token();
      const workflowIds = [...ids, ...results.flatMap((r) => r.jobs.map((j) => j.workflowId))];
      for (const workflowId of workflowIds) {
        const handle = env.client.workflow.getHandle(workflowId);
        const raw =
          JSON.stringify(await handle.fetchHistory()) + JSON.stringify((await handle.describe()).raw);
        for (const secret of [
          token,
          token.split('.')[1]!,
          stack.config.adobe.clientSecret,
          'maria.lopez@example.com',
          'anna.1@example.net',
        ]) {
          assert.ok(
            !raw.includes(secret) && !raw.includes(Buffer.from(secret).toString('base64')),
            `found a secret or identity value in ${workflowId}`,
          );
        }
      }
    } finally {
      await env.teardown();
    }
  });

  it('answers status for finished workflows with no worker running', async () => {
    await worker.shutdown();
    const job = await orchestrator.status(results[0]!.jobs[0]!.workflowId);
    assert.ok(job.kind === 'job');
    assert.equal(job.state!.status, 'complete');
    assert.equal(job.state!.input!.regulation, 'gdpr');
    const submission = await orchestrator.status(ids[1]!);
    assert.equal(submission.kind, 'submission');
    assert.equal(Object.keys(submission.state!.outcomes as object).length, results[1]!.jobs.length);
  });

  it('replays every workflow of the run deterministically from its history', async () => {
    const histories = await Promise.all(
      [ids[0]!, ...results[0]!.jobs.map((j) => j.workflowId)].map(async (workflowId) => ({
        workflowId,
        history: await orchestrator.client.workflow.getHandle(workflowId).fetchHistory(),
      })),
    );
    for (const { workflowId, history } of histories) {
      await Worker.runReplayHistory(
        {
          workflowsPath: require.resolve('../../src/workflows'),
          dataConverter: createDataConverter(stack.config),
        },
        history,
        workflowId,
      );
    }
  });

  it('lists jobs by search attribute', async () => {
    const jobId = results[0]!.jobs[0]!.jobId;
    // Visibility is eventually consistent: give it a moment.
    for (let i = 0; i < 20; i++) {
      const rows = await orchestrator.list(
        `PrivacyRegulation = 'gdpr' AND PrivacyStatus = 'complete' AND WorkflowId = 'privacy-job-${jobId}'`,
      );
      if (rows.length === 1) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.fail('the job was not found by its search attributes');
  });
});
