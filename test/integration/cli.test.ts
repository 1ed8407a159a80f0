// The CLI as people use it: real processes against the test's Temporal server, emulator and worker.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PrivacyOrchestrator } from '../../src/client';
import { startWorker, type WorkerHandle } from '../../src/worker';
import { startStack, type Stack } from '../helpers/stack';

const ROOT = path.resolve(__dirname, '..', '..');
const GDPR = path.join(__dirname, '..', 'fixtures', 'gdpr-access-delete.json');

describe('the privacy-orchestrator CLI', () => {
  let stack: Stack;
  let worker: WorkerHandle;
  const cli = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, ...stack.env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  let submissionId: string;

  before(async () => {
    stack = await startStack();
    worker = await startWorker(stack.config);
  });
  after(async () => {
    await worker.shutdown();
    await stack.close();
  });

  it('submit --wait --json prints one JSON document with every job complete', async () => {
    const run = await cli('submit', '--wait', '--json', '--id', 'cli-test-submission', GDPR);
    assert.equal(run.status, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    submissionId = doc.submissions[0].submissionId;
    assert.equal(submissionId, 'cli-test-submission');
    assert.deepEqual(
      doc.submissions[0].result.jobs.map((j: { outcome: { status: string } }) => j.outcome.status),
      ['complete', 'complete', 'complete', 'complete'],
    );
    assert.match(run.stderr, /submitted cli-test-submission: 3 users, 4 jobs/);
  });

  it('refuses to submit the same id twice, and nothing is sent again', async () => {
    const before = (await stack.stats()).jobs.created;
    const run = await cli('submit', '--id', 'cli-test-submission', GDPR);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /submission cli-test-submission exists already; nothing was submitted again/);
    assert.equal((await stack.stats()).jobs.created, before);
  });

  it('status shows each job of a submission', async () => {
    const run = await cli('status', submissionId);
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /^cli-test-submission: finished; gdpr, due \d{4}-\d{2}-\d{2}, Adobe request \d{17}RX-\d{3}/,
    );
    assert.equal(run.stdout.match(/complete/g)?.length, 4);
  });

  it('results lists the stored archives of the access jobs', async () => {
    const run = await cli('results', '--json', submissionId);
    assert.equal(run.status, 0, run.stderr);
    const rows = JSON.parse(run.stdout) as { subject: string; bytes: number; sha256: string }[];
    assert.deepEqual(rows.map((r) => r.subject).sort(), ['subject-0001', 'subject-0002']);
    assert.ok(rows.every((r) => r.bytes > 0 && /^[0-9a-f]{64}$/.test(r.sha256)));
  });

  it('audit reports every finished job against its deadline', async () => {
    const run = await cli('audit', '--json');
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      jobs: number;
      late: number;
      entries: { regulation: string; onTime: boolean }[];
    };
    assert.equal(report.jobs, 4);
    assert.equal(report.late, 0);
    assert.ok(report.entries.every((e) => e.regulation === 'gdpr' && e.onTime));
  });

  it('list --overdue finds jobs still running past their deadline', async () => {
    const orchestrator = await PrivacyOrchestrator.connect(stack.config);
    try {
      const slow = {
        companyContexts: [{ namespace: 'imsOrgID', value: stack.config.adobe.orgId }],
        users: [
          {
            key: 'late-1',
            action: ['delete' as const],
            userIDs: [{ namespace: 'email', value: 'slow.person@example.test', type: 'standard' }],
          },
        ],
        include: ['analytics'],
        regulation: 'ccpa',
      };
      // Received 50 days ago: CCPA's 45 days are over, and the emulator keeps "slow" jobs processing.
      const { submissionId } = await orchestrator.submit(slow, {
        receivedAt: new Date(Date.now() - 50 * 86_400_000),
      });
      let rows: { workflowId: string; dueAt: string }[] = [];
      for (let i = 0; i < 40 && rows.length === 0; i++) {
        rows = JSON.parse((await cli('list', '--overdue', '--json')).stdout);
        if (rows.length === 0) await new Promise((r) => setTimeout(r, 250));
      }
      assert.equal(rows.length, 1);
      assert.match(rows[0]!.workflowId, /^privacy-job-/);
      assert.ok(Date.parse(rows[0]!.dueAt) < Date.now());
      await orchestrator.cancel(submissionId);
    } finally {
      await orchestrator.close();
    }
  });

  it('status of an unknown id exits 1 with a plain message', async () => {
    const run = await cli('status', 'privacy-submission-does-not-exist');
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr.trim(),
      'privacy-orchestrator status: no privacy request privacy-submission-does-not-exist in namespace default',
    );
  });

  it('auth check says whose the token is without printing it', async () => {
    const run = await cli('auth', 'check', '--api');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /belongs to {2}LOCALTECHACCT0000000001@techacct\.adobe\.com/);
    assert.match(run.stdout, /api {9}GET \/jobs answered 200/);
    assert.doesNotMatch(run.stdout + run.stderr, /eyJ/, 'a JWT-looking token was printed');
  });

  it('an unknown command exits 2 and lists the commands', async () => {
    const run = await cli('frobnicate');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown command "frobnicate"/);
    assert.match(run.stderr, /submit\s+validate a request file/);
  });

  it('an unknown flag is a usage error, not a stack trace', async () => {
    const run = await cli('status', '--colour', 'x');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Unknown option '--colour'/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });
});
