// GET /jobs rules judged on the emulator clock (45-day look-back, 30-day span) and the options for the readings
// where Adobe's documents disagree (page base, size cap).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { EmulatorOptions } from '../../../src/emulator';
import { checkAnswer } from './schema';
import { advance, createJobs, oneUserRequest, startTestEmulator, type TestEmulator } from './support';

const DAY = 86_400;
const LIST = '/data/core/privacy/jobs';

interface ListBody {
  totalRecords: number;
  jobDetails: { jobId: string; userKey: string; status: string }[];
}

/** `YYYY-MM-DD` of the emulator's today plus `offset` days. */
async function emulatorDay(emulator: TestEmulator, offset: number): Promise<string> {
  const clock = (await emulator.admin('GET', '/clock')).body as { now: string };
  return new Date(Date.parse(clock.now) + offset * DAY * 1000).toISOString().slice(0, 10);
}

void describe('GET /jobs on the emulator clock', () => {
  let emulator: TestEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  beforeEach(() => emulator.admin('POST', '/reset'));
  after(() => emulator.close());

  const list = async (query: string) => {
    const result = await emulator.privacy('GET', `/jobs${query}`);
    assert.deepEqual(checkAnswer('GET', LIST, result.status, result.body), []);
    return result;
  };

  void test('lists a job created 44 days ago (finished on day 30, so retained) when fromDate reaches back 44 days', async () => {
    const { jobs } = await createJobs(
      emulator,
      oneUserRequest(emulator.options.orgId, 'slow-old@example.test'),
    );
    await advance(emulator, 44 * DAY);
    const result = await list(
      `?regulation=gdpr&fromDate=${await emulatorDay(emulator, -44)}&toDate=${await emulatorDay(emulator, -20)}`,
    );
    assert.equal(result.status, 200);
    assert.deepEqual(
      (result.body as ListBody).jobDetails.map((job) => job.jobId),
      [jobs[0]?.jobId],
    );
  });

  void test('refuses a fromDate 46 days back on the emulator clock (400)', async () => {
    await advance(emulator, 100 * DAY);
    const result = await list(
      `?regulation=gdpr&fromDate=${await emulatorDay(emulator, -46)}&toDate=${await emulatorDay(emulator, -20)}`,
    );
    assert.equal(result.status, 400);
    assert.equal((result.body as { message: string }).message, 'fromDate: must be within the last 45 days');
  });

  void test('refuses a filterDate more than 45 days back (400)', async () => {
    const result = await list(`?regulation=gdpr&filterDate=${await emulatorDay(emulator, -46)}`);
    assert.equal(result.status, 400);
    assert.equal((result.body as { message: string }).message, 'filterDate: must be within the last 45 days');
  });

  void test('refuses a toDate without fromDate (400)', async () => {
    const result = await list(`?regulation=gdpr&toDate=${await emulatorDay(emulator, 0)}`);
    assert.equal(result.status, 400);
    assert.equal((result.body as { message: string }).message, 'fromDate, toDate: must be used together');
  });

  void test('refuses a toDate before fromDate (400)', async () => {
    const result = await list(
      `?regulation=gdpr&fromDate=${await emulatorDay(emulator, -1)}&toDate=${await emulatorDay(emulator, -3)}`,
    );
    assert.equal(result.status, 400);
  });

  void test('refuses a date that is not YYYY-MM-DD (400)', async () => {
    const result = await list('?regulation=gdpr&filterDate=03/12/2026');
    assert.equal(result.status, 400);
    assert.equal((result.body as { message: string }).message, 'filterDate: must be a date as YYYY-MM-DD');
  });

  void test('lists the jobs of filterDate only', async () => {
    const { jobs } = await createJobs(
      emulator,
      oneUserRequest(emulator.options.orgId, 'day-one@example.test'),
    );
    await advance(emulator, 2 * DAY);
    await createJobs(emulator, oneUserRequest(emulator.options.orgId, 'day-three@example.test'));
    const result = await list(`?regulation=gdpr&filterDate=${await emulatorDay(emulator, -2)}`);
    assert.deepEqual(
      (result.body as ListBody).jobDetails.map((job) => job.jobId),
      [jobs[0]?.jobId],
    );
  });

  void test('refuses a retired regulation name after its cut-off (400)', async () => {
    const result = await list('?regulation=ucpa_usa');
    assert.equal(result.status, 400);
    assert.match((result.body as { message: string }).message, /stopped working after 2025-07-28/);
  });

  void test('refuses a page that is not a whole number (400)', async () => {
    const result = await list('?regulation=gdpr&page=first');
    assert.equal(result.status, 400);
  });
});

async function withEmulator(
  options: Partial<EmulatorOptions>,
  run: (emulator: TestEmulator) => Promise<void>,
) {
  const emulator = await startTestEmulator(options);
  try {
    await run(emulator);
  } finally {
    await emulator.close();
  }
}

void describe('GET /jobs options', () => {
  void test('with pageBase 1 page 1 is the first page and page 0 is refused (400)', () =>
    withEmulator({ pageBase: 1 }, async (emulator) => {
      for (const value of ['a@example.test', 'b@example.test', 'c@example.test']) {
        await createJobs(emulator, oneUserRequest(emulator.options.orgId, value));
        await advance(emulator, 1);
      }
      const page = async (n: number) =>
        (await emulator.privacy('GET', `/jobs?regulation=gdpr&size=2&page=${n}`)).body as ListBody;
      assert.deepEqual(
        (await page(1)).jobDetails.map((job) => job.userKey),
        ['user-c@example.test', 'user-b@example.test'],
      );
      assert.deepEqual(
        (await page(2)).jobDetails.map((job) => job.userKey),
        ['user-a@example.test'],
      );
      const defaultPage = (await emulator.privacy('GET', '/jobs?regulation=gdpr&size=2')).body as ListBody;
      assert.equal(defaultPage.jobDetails[0]?.userKey, 'user-c@example.test');
      const zero = await emulator.privacy('GET', '/jobs?regulation=gdpr&page=0');
      assert.equal(zero.status, 400);
      assert.equal(
        (zero.body as { message: string }).message,
        'page: must be a whole number, 1 or more (pages count from 1)',
      );
    }));

  void test('with listSizeMax 100 a size of 101 is refused (400) and 100 accepted', () =>
    withEmulator({ listSizeMax: 100, listSizeDefault: 25 }, async (emulator) => {
      assert.equal((await emulator.privacy('GET', '/jobs?regulation=gdpr&size=101')).status, 400);
      assert.equal((await emulator.privacy('GET', '/jobs?regulation=gdpr&size=100')).status, 200);
    }));

  void test('listSizeDefault sets the page size when the caller sends none', () =>
    withEmulator({ listSizeDefault: 2 }, async (emulator) => {
      await createJobs(emulator, oneUserRequest(emulator.options.orgId, 'x@example.test'));
      await createJobs(emulator, oneUserRequest(emulator.options.orgId, 'y@example.test'));
      await createJobs(emulator, oneUserRequest(emulator.options.orgId, 'z@example.test'));
      const body = (await emulator.privacy('GET', '/jobs?regulation=gdpr')).body as ListBody;
      assert.equal(body.totalRecords, 2);
    }));
});
