import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { advance, createJobs, createRequest, startTestEmulator, type TestEmulator } from './support';

interface StatsBody {
  calls: Record<string, number>;
  tokensIssued: number;
  jobs: { created: number; byStatus: Record<string, number> };
}

void describe('the admin API', () => {
  let emulator: TestEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  beforeEach(() => emulator.admin('POST', '/reset'));
  after(() => emulator.close());

  void test('stats count calls by route template, tokens issued and jobs by status', async () => {
    const token = await emulator.token();
    const { jobs } = await createJobs(emulator, createRequest(emulator.options.orgId));
    await emulator.privacy('GET', `/jobs/${jobs[0]!.jobId}`, { token });
    await emulator.privacy('GET', `/jobs/${jobs[1]!.jobId}`, { token });
    await emulator.privacy('GET', '/jobs?regulation=gdpr', { token });
    await emulator.privacy('GET', `/jobs/${jobs[0]!.jobId}/content`, { token });
    const stats = (await emulator.admin('GET', '/stats')).body as StatsBody;
    assert.deepEqual(stats.calls, {
      'POST /ims/token/v3': 2,
      'POST /data/core/privacy/jobs': 1,
      'GET /data/core/privacy/jobs/{id}': 2,
      'GET /data/core/privacy/jobs': 1,
      'GET /data/core/privacy/jobs/{id}/content': 1,
    });
    assert.equal(stats.tokensIssued, 2);
    assert.equal(stats.jobs.created, 3);
    assert.deepEqual(stats.jobs.byStatus, { submitted: 3, processing: 0, complete: 0, error: 0 });
  });

  void test('reset forgets jobs and counters', async () => {
    const { jobs } = await createJobs(emulator, createRequest(emulator.options.orgId));
    await emulator.admin('POST', '/reset');
    const stats = (await emulator.admin('GET', '/stats')).body as StatsBody;
    assert.deepEqual(stats.calls, {});
    assert.equal(stats.jobs.created, 0);
    const result = await emulator.privacy('GET', `/jobs/${jobs[0]!.jobId}`);
    assert.equal(result.status, 404);
  });

  void test('the admin job list shows every job with its org and state', async () => {
    await createJobs(emulator, createRequest(emulator.options.orgId));
    await advance(emulator, 60);
    const body = (await emulator.admin('GET', '/jobs')).body as { jobs: { orgId: string; status: string }[] };
    assert.equal(body.jobs.length, 3);
    assert.ok(body.jobs.every((job) => job.orgId === emulator.options.orgId && job.status === 'complete'));
  });

  void test('the clock moves forward by advanceSeconds and to a set instant', async () => {
    const before = Date.parse(((await emulator.admin('GET', '/clock')).body as { now: string }).now);
    const moved = (await emulator.admin('POST', '/clock', { advanceSeconds: 3600 })).body as { now: string };
    assert.ok(Date.parse(moved.now) - before >= 3_600_000);
    const set = (await emulator.admin('POST', '/clock', { set: '2030-01-02T03:04:05Z' })).body as {
      now: string;
    };
    assert.ok(Math.abs(Date.parse(set.now) - Date.parse('2030-01-02T03:04:05Z')) < 1000);
  });

  void test('a clock request without advanceSeconds or set answers 400', async () => {
    const result = await emulator.admin('POST', '/clock', { forward: 3 });
    assert.equal(result.status, 400);
    assert.deepEqual(result.body, { error_code: '400', message: 'body: must have advanceSeconds or set' });
  });
});

void describe('persistence', () => {
  void test('a restarted emulator with the same data folder still knows its jobs, tokens and clock', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'emulator-state-'));
    try {
      const first = await startTestEmulator({ dataDir });
      const token = await first.token();
      const { jobs } = await createJobs(first, createRequest(first.options.orgId));
      await advance(first, 2);
      await first.close();
      assert.ok(JSON.parse(readFileSync(join(dataDir, 'emulator-state.json'), 'utf8')).jobs.length === 3);

      const second = await startTestEmulator({ dataDir });
      try {
        const result = await second.privacy('GET', `/jobs/${jobs[0]!.jobId}`, { token });
        assert.equal(result.status, 200);
        assert.equal((result.body as { status: string }).status, 'processing');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
