import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createJobs, createRequest, oneUserRequest, startTestEmulator, type TestEmulator } from './support';

interface ListBody {
  totalRecords: number;
  jobDetails: { jobId: string; userKey: string; status: string; createdDate: string }[];
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

void describe('GET /jobs', () => {
  let emulator: TestEmulator;
  let token: string;
  before(async () => {
    emulator = await startTestEmulator();
    token = await emulator.token();
  });
  beforeEach(() => emulator.admin('POST', '/reset'));
  after(() => emulator.close());

  const list = (query: string) => emulator.privacy('GET', `/jobs${query}`, { token });

  void test('without regulation it answers 400 naming regulation', async () => {
    const result = await list('');
    assert.equal(result.status, 400);
    assert.deepEqual(result.body, { error_code: '400', message: 'regulation: is required' });
  });

  void test('a size above 1000 answers 400', async () => {
    const result = await list('?regulation=gdpr&size=1001');
    assert.equal(result.status, 400);
    assert.deepEqual(result.body, {
      error_code: '400',
      message: 'size: must be a whole number from 1 to 1000',
    });
  });

  void test('a status outside submitted, processing, complete and error answers 400', async () => {
    const result = await list('?regulation=gdpr&status=done');
    assert.equal(result.status, 400);
  });

  void test('fromDate without toDate answers 400', async () => {
    const result = await list(`?regulation=gdpr&fromDate=${day(-3)}`);
    assert.equal(result.status, 400);
    assert.deepEqual(result.body, { error_code: '400', message: 'fromDate, toDate: must be used together' });
  });

  void test('a date range over 30 days answers 400', async () => {
    const result = await list(`?regulation=gdpr&fromDate=${day(-40)}&toDate=${day(-5)}`);
    assert.equal(result.status, 400);
    assert.match((result.body as { message: string }).message, /at most 30 days/);
  });

  void test('a fromDate more than 45 days back answers 400', async () => {
    const result = await list(`?regulation=gdpr&fromDate=${day(-50)}&toDate=${day(-40)}`);
    assert.equal(result.status, 400);
    assert.match((result.body as { message: string }).message, /last 45 days/);
  });

  void test('it lists only jobs of the regulation, newest first, with no product responses', async () => {
    const older = await createJobs(emulator, createRequest(emulator.options.orgId));
    await emulator.admin('POST', '/clock', { advanceSeconds: 5 });
    const newer = await createJobs(emulator, oneUserRequest(emulator.options.orgId, 'newest@example.test'));
    await createJobs(emulator, createRequest(emulator.options.orgId, { regulation: 'ccpa' }));
    const result = await list('?regulation=gdpr');
    assert.equal(result.status, 200);
    const body = result.body as ListBody;
    assert.equal(body.totalRecords, 4);
    assert.equal(body.jobDetails[0]?.jobId, newer.jobs[0]?.jobId);
    assert.deepEqual(
      new Set(body.jobDetails.slice(1).map((job) => job.jobId)),
      new Set(older.jobs.map((job) => job.jobId)),
    );
    assert.deepEqual(Object.keys(body.jobDetails[0]!), [
      'jobId',
      'requestId',
      'userKey',
      'action',
      'status',
      'submittedBy',
      'createdDate',
      'lastModifiedDate',
    ]);
  });

  void test('pages count from 0 and hold size jobs each', async () => {
    await createJobs(emulator, createRequest(emulator.options.orgId));
    const first = (await list('?regulation=gdpr&size=2')).body as ListBody;
    const second = (await list('?regulation=gdpr&size=2&page=1')).body as ListBody;
    assert.equal(first.jobDetails.length, 2);
    assert.equal(second.jobDetails.length, 1);
    assert.equal(second.totalRecords, 1);
  });

  void test('the status filter uses the status at the time of the call', async () => {
    await createJobs(emulator, oneUserRequest(emulator.options.orgId, 'slow@example.test'));
    await createJobs(emulator, oneUserRequest(emulator.options.orgId, 'quick@example.test'));
    await emulator.admin('POST', '/clock', { advanceSeconds: 60 });
    const fresh = await emulator.token();
    const result = await emulator.privacy('GET', '/jobs?regulation=gdpr&status=processing', { token: fresh });
    const body = result.body as ListBody;
    assert.deepEqual(
      body.jobDetails.map((job) => [job.userKey, job.status]),
      [['user-slow@example.test', 'processing']],
    );
  });

  void test('without dates it lists the last 7 days and today, and no older jobs', async () => {
    await emulator.admin('POST', '/clock', { advanceSeconds: -10 * 86_400 });
    await createJobs(emulator, oneUserRequest(emulator.options.orgId, 'old@example.test'));
    await emulator.admin('POST', '/clock', { advanceSeconds: 10 * 86_400 });
    await createJobs(emulator, oneUserRequest(emulator.options.orgId, 'today@example.test'));
    const fresh = await emulator.token();
    const recent = (await emulator.privacy('GET', '/jobs?regulation=gdpr', { token: fresh }))
      .body as ListBody;
    assert.deepEqual(
      recent.jobDetails.map((job) => job.userKey),
      ['user-today@example.test'],
    );
    const dated = await emulator.privacy(
      'GET',
      `/jobs?regulation=gdpr&fromDate=${day(-12)}&toDate=${day(-8)}`,
      {
        token: fresh,
      },
    );
    assert.deepEqual(
      (dated.body as ListBody).jobDetails.map((job) => job.userKey),
      ['user-old@example.test'],
    );
  });
});
