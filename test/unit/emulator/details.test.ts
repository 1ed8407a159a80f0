// Job details (reference §6), the outcomes identity values and options steer (§8), and retention on the
// emulator clock (§5, §6): 30 days for job data, 60 for access results.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { JobDetails } from '../../../src/adobe/types';
import { checkAnswer } from './schema';
import {
  advance,
  createJobs,
  createRequest,
  oneUserRequest,
  startTestEmulator,
  type TestEmulator,
} from './support';

const DAY = 86_400;

const codes = (job: JobDetails) =>
  Object.fromEntries(
    (job.productResponses ?? []).map((p) => [p.product, p.productStatusResponse.responseMsgCode]),
  );

void describe('job details and outcomes', () => {
  let emulator: TestEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  beforeEach(() => emulator.admin('POST', '/reset'));
  after(() => emulator.close());

  // A fresh token per call: tokens expire after 24 h of emulator time, and these tests move weeks ahead.
  const get = (jobId: string) => emulator.privacy('GET', `/jobs/${jobId}`);
  const details = async (jobId: string) => {
    const result = await get(jobId);
    assert.equal(result.status, 200, result.raw.toString());
    assert.deepEqual(checkAnswer('GET', '/data/core/privacy/jobs/{JOB_ID}', 200, result.body), []);
    return result.body as JobDetails;
  };
  const one = async (value: string, include?: string[], action: 'access' | 'delete' = 'access') => {
    const { jobs } = await createJobs(
      emulator,
      oneUserRequest(emulator.options.orgId, value, action, include),
    );
    return jobs[0]!.jobId;
  };

  void test('job details carry every documented field, in Adobe order, and no childJobs', async () => {
    const jobId = await one('fields@example.test');
    await advance(emulator, 60);
    const job = await details(jobId);
    assert.deepEqual(Object.keys(job), [
      'jobId',
      'requestId',
      'userKey',
      'action',
      'status',
      'submittedBy',
      'createdDate',
      'lastModifiedDate',
      'qualifiedCount',
      'userIds',
      'productResponses',
      'downloadUrl',
      'regulation',
    ]);
    assert.equal(job.regulation, 'gdpr');
    assert.equal('childJobs' in job, false);
    assert.deepEqual(job.userIds, [
      {
        namespace: 'email',
        value: 'fields@example.test',
        type: 'standard',
        namespaceId: 6,
        isDeletedClientSide: false,
      },
    ]);
  });

  void test('qualifiedCount is 0 until products finish, then counts the user IDs some product found data for', async () => {
    const request = createRequest(emulator.options.orgId, {
      users: [
        {
          key: 'q',
          action: ['access'],
          userIDs: [
            { namespace: 'email', value: 'found@example.test', type: 'standard' },
            { namespace: 'email', value: 'partial@example.test', type: 'standard' },
          ],
        },
      ],
    });
    const { jobs } = await createJobs(emulator, request);
    assert.equal((await details(jobs[0]!.jobId)).qualifiedCount, 0);
    await advance(emulator, 60);
    assert.equal((await details(jobs[0]!.jobId)).qualifiedCount, 1);
  });

  void test('an identity value notprovisioned-analytics answers PRVCY-6051-200 for Analytics only and the job completes', async () => {
    const jobId = await one('notprovisioned-analytics@example.test');
    await advance(emulator, 60);
    const job = await details(jobId);
    assert.equal(job.status, 'complete');
    assert.deepEqual(codes(job), { Analytics: 'PRVCY-6051-200', Profile: 'PRVCY-6000-200' });
  });

  void test('an identity value badnamespace answers PRVCY-6053-200 Invalid Namespace for every product', async () => {
    const jobId = await one('badnamespace@example.test');
    await advance(emulator, 60);
    const job = await details(jobId);
    assert.equal(job.status, 'complete');
    assert.deepEqual(codes(job), { Analytics: 'PRVCY-6053-200', Profile: 'PRVCY-6053-200' });
    assert.equal(job.productResponses?.[0]?.productStatusResponse.message, 'Invalid Namespace');
  });

  void test('a user ID claiming a standard namespace that is not one answers PRVCY-6053-200 and is listed as ignored', async () => {
    const request = createRequest(emulator.options.orgId, {
      users: [
        {
          key: 'ns',
          action: ['delete'],
          userIDs: [
            { namespace: 'email', value: 'ok@example.test', type: 'standard' },
            { namespace: 'loyaltyCard', value: 'LC-1', type: 'standard' },
          ],
        },
      ],
      include: ['analytics'],
    });
    const { jobs } = await createJobs(emulator, request);
    await advance(emulator, 60);
    const job = await details(jobs[0]!.jobId);
    assert.deepEqual(job.productResponses?.[0]?.productStatusResponse.results, {
      processed: [],
      ignored: ['LC-1'],
    });
  });

  void test('a custom namespace with type custom is not an invalid namespace', async () => {
    const request = createRequest(emulator.options.orgId, {
      users: [
        {
          key: 'c',
          action: ['delete'],
          userIDs: [{ namespace: 'loyaltyCard', value: 'LC-2', type: 'custom' }],
        },
      ],
      include: ['analytics'],
    });
    const { jobs } = await createJobs(emulator, request);
    await advance(emulator, 60);
    assert.deepEqual(codes(await details(jobs[0]!.jobId)), { Analytics: 'PRVCY-6000-200' });
  });

  void test('an error outcome wins over not provisioned, which wins over not found', async () => {
    const request = createRequest(emulator.options.orgId, {
      users: [
        {
          key: 'p',
          action: ['access'],
          userIDs: [
            { namespace: 'email', value: 'error-analytics@example.test', type: 'standard' },
            { namespace: 'email', value: 'notprovisioned-all@example.test', type: 'standard' },
            { namespace: 'email', value: 'notfound@example.test', type: 'standard' },
          ],
        },
      ],
    });
    const { jobs } = await createJobs(emulator, request);
    await advance(emulator, 60);
    const job = await details(jobs[0]!.jobId);
    assert.equal(job.status, 'error');
    assert.deepEqual(codes(job), {
      Analytics: 'PRVCY-1000-400',
      AudienceManager: 'PRVCY-6051-200',
      Profile: 'PRVCY-6051-200',
    });
  });

  void describe('retention on the emulator clock', () => {
    void test('a finished job is still shown 29 days after completion', async () => {
      const jobId = await one('kept@example.test');
      await advance(emulator, 29 * DAY);
      assert.equal((await details(jobId)).status, 'complete');
    });

    void test('a job answers 404 from 30 days after its completion', async () => {
      const jobId = await one('gone@example.test');
      await advance(emulator, 30 * DAY + 60);
      const result = await get(jobId);
      assert.equal(result.status, 404);
      assert.deepEqual(result.body, { error_code: '404', message: 'Job not found' });
    });

    void test('the list omits a job 30 days after its completion', async () => {
      const jobId = await one('listed@example.test');
      await advance(emulator, 25 * DAY);
      const query = (from: string, to: string) =>
        emulator.privacy('GET', `/jobs?regulation=gdpr&fromDate=${from}&toDate=${to}`);
      const day = (offset: number) => isoDay(Date.now() + offset * DAY * 1000);
      const before = (await query(day(-1), day(26))).body as { jobDetails: { jobId: string }[] };
      assert.deepEqual(
        before.jobDetails.map((j) => j.jobId),
        [jobId],
      );
      await advance(emulator, 6 * DAY);
      const later = (await query(day(0), day(29))).body as { jobDetails: unknown[] };
      assert.deepEqual(later.jobDetails, []);
    });

    void test('a job still processing is kept past 30 days and drops 30 days after it finishes', async () => {
      const jobId = await one('slow@example.test');
      await advance(emulator, 45 * DAY);
      assert.equal((await details(jobId)).status, 'complete');
      await advance(emulator, 16 * DAY);
      assert.equal((await get(jobId)).status, 404);
    });

    void test('access results still download 45 days after completion, when the job itself is gone', async () => {
      const jobId = await one('archive@example.test');
      await advance(emulator, 45 * DAY);
      assert.equal((await get(jobId)).status, 404);
      const content = await emulator.privacy('GET', `/jobs/${jobId}/content`);
      assert.equal(content.status, 200);
      assert.equal(content.raw.subarray(0, 4).toString('hex'), '504b0304');
    });

    void test('access results answer 404 in the Adobe error shape 60 days after completion', async () => {
      const jobId = await one('expired@example.test');
      await advance(emulator, 60 * DAY + 60);
      const content = await emulator.privacy('GET', `/jobs/${jobId}/content`);
      assert.equal(content.status, 404);
      assert.deepEqual(content.body, {
        error_code: '404',
        message: 'The access results of this job are no longer available (kept 60 days)',
      });
      assert.deepEqual(checkAnswer('GET', '/data/core/privacy/jobs/{JOB_ID}/content', 404, content.body), []);
    });
  });
});

function isoDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

void describe('detail options', () => {
  void test('unprovisionedProducts answers PRVCY-6051-200 for the listed products of every job', async () => {
    const emulator = await startTestEmulator({ unprovisionedProducts: ['AudienceManager'] });
    try {
      const { jobs } = await createJobs(emulator, createRequest(emulator.options.orgId));
      await advance(emulator, 60);
      const job = (await emulator.privacy('GET', `/jobs/${jobs[0]!.jobId}`)).body as JobDetails;
      assert.deepEqual(codes(job), {
        Analytics: 'PRVCY-6000-200',
        AudienceManager: 'PRVCY-6051-200',
        Profile: 'PRVCY-6000-200',
      });
    } finally {
      await emulator.close();
    }
  });

  for (const [field, expected] of [
    ['downloadURL', ['downloadURL']],
    ['both', ['downloadURL', 'downloadUrl']],
  ] as const) {
    void test(`downloadUrlField ${field} names the results link ${expected.join(' and ')}`, async () => {
      const emulator = await startTestEmulator({ downloadUrlField: field });
      try {
        const { jobs } = await createJobs(
          emulator,
          oneUserRequest(emulator.options.orgId, 'dl@example.test'),
        );
        await advance(emulator, 60);
        const job = (await emulator.privacy('GET', `/jobs/${jobs[0]!.jobId}`)).body as Record<
          string,
          unknown
        >;
        assert.deepEqual(
          Object.keys(job).filter((key) => key.toLowerCase() === 'downloadurl'),
          expected,
        );
      } finally {
        await emulator.close();
      }
    });
  }

  void test('createResponseArrays jobDetails answers the OpenAPI shape, without jobs', async () => {
    const emulator = await startTestEmulator({ createResponseArrays: 'jobDetails' });
    try {
      const result = await emulator.privacy('POST', '/jobs', { body: createRequest(emulator.options.orgId) });
      const body = result.body as Record<string, unknown>;
      assert.deepEqual(Object.keys(body), ['requestId', 'totalRecords', 'jobDetails']);
      assert.deepEqual(checkAnswer('POST', '/data/core/privacy/jobs', 202, body), []);
    } finally {
      await emulator.close();
    }
  });

  void test('createResponseArrays both answers jobs, jobDetails and requestStatus 1', async () => {
    const emulator = await startTestEmulator({ createResponseArrays: 'both' });
    try {
      const result = await emulator.privacy('POST', '/jobs', { body: createRequest(emulator.options.orgId) });
      const body = result.body as { jobs: unknown[]; jobDetails: unknown[]; requestStatus: number };
      assert.deepEqual(body.jobs, body.jobDetails);
      assert.equal(body.requestStatus, 1);
      assert.deepEqual(checkAnswer('POST', '/data/core/privacy/jobs', 202, body), []);
    } finally {
      await emulator.close();
    }
  });

  void test('the default create answer carries jobs only', async () => {
    const emulator = await startTestEmulator();
    try {
      const result = await emulator.privacy('POST', '/jobs', { body: createRequest(emulator.options.orgId) });
      assert.deepEqual(Object.keys(result.body as object), ['requestId', 'totalRecords', 'jobs']);
    } finally {
      await emulator.close();
    }
  });
});
