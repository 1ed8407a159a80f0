import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { JobDetails } from '../../../src/adobe/types';
import {
  advance,
  createJobs,
  createRequest,
  oneUserRequest,
  startTestEmulator,
  type TestEmulator,
} from './support';

void describe('Privacy Service jobs', () => {
  let emulator: TestEmulator;
  let token: string;
  before(async () => {
    emulator = await startTestEmulator();
    token = await emulator.token();
  });
  beforeEach(() => emulator.admin('POST', '/reset'));
  after(() => emulator.close());

  const details = async (jobId: string, freshToken = false) => {
    const result = await emulator.privacy('GET', `/jobs/${jobId}`, freshToken ? {} : { token });
    assert.equal(result.status, 200);
    return result.body as JobDetails;
  };

  void describe('POST /jobs', () => {
    void test('a request for two users, one with access and delete, answers 202 with three jobs', async () => {
      const result = await emulator.privacy('POST', '/jobs', {
        token,
        body: createRequest(emulator.options.orgId),
      });
      assert.equal(result.status, 202);
      const body = result.body as {
        requestId: string;
        totalRecords: number;
        jobs: { jobId: string; customer: { user: { key: string; action: string[] } } }[];
      };
      assert.match(body.requestId, /^\d{17}RX-\d{3}$/);
      assert.equal(body.totalRecords, 3);
      assert.deepEqual(
        body.jobs.map((job) => [job.customer.user.key, job.customer.user.action]),
        [
          ['reader-1', ['access']],
          ['leaver-2', ['access']],
          ['leaver-2', ['delete']],
        ],
      );
      for (const job of body.jobs)
        assert.match(job.jobId, /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(new Set(body.jobs.map((job) => job.jobId)).size, 3);
    });

    void test('the echoed user IDs gain namespaceId for standard namespaces and isDeletedClientSide false', async () => {
      const body = await createJobs(emulator, createRequest(emulator.options.orgId));
      assert.deepEqual(body.jobs[1]?.customer.user.userIDs, [
        {
          namespace: 'email',
          value: 'leaver.two@example.test',
          type: 'standard',
          namespaceId: 6,
          isDeletedClientSide: false,
        },
        { namespace: 'crmAccount', value: 'CRM-00042', type: 'integrationCode', isDeletedClientSide: false },
      ]);
    });

    void test('posting the same request twice creates new jobs each time', async () => {
      const first = await createJobs(emulator, createRequest(emulator.options.orgId));
      const second = await createJobs(emulator, createRequest(emulator.options.orgId));
      assert.notEqual(first.jobs[0]?.jobId, second.jobs[0]?.jobId);
      const stats = await emulator.admin('GET', '/stats');
      assert.equal((stats.body as { jobs: { created: number } }).jobs.created, 6);
    });

    void test('an invalid request answers 400 naming the field and the rule', async () => {
      const request = createRequest(emulator.options.orgId, { include: [] });
      const result = await emulator.privacy('POST', '/jobs', { token, body: request });
      assert.equal(result.status, 400);
      assert.deepEqual(result.body, {
        error_code: '400',
        message: 'include: must have at least 1 entry',
        errors: [{ field: 'include', rule: 'minItems', message: 'include: must have at least 1 entry' }],
      });
    });

    void test('an imsOrgID context for another org answers 400 on companyContexts[0].value', async () => {
      const request = createRequest('FFFFFFFFFFFFFFFFFFFFFFFF@AdobeOrg');
      const result = await emulator.privacy('POST', '/jobs', { token, body: request });
      assert.equal(result.status, 400);
      const body = result.body as { errors: { field: string; rule: string }[] };
      assert.deepEqual(
        body.errors.map((e) => [e.field, e.rule]),
        [['companyContexts[0].value', 'orgMatch']],
      );
    });

    void test('a POST without a JSON content type answers the gateway BadRequestError', async () => {
      const result = await emulator.privacy('POST', '/jobs', {
        token,
        body: createRequest(emulator.options.orgId),
        headers: { 'content-type': 'text/plain' },
      });
      assert.equal(result.status, 400);
      assert.deepEqual(result.body, {
        type: '/placeholder/type/uri',
        status: 400,
        title: 'BadRequestError',
        detail: 'A valid content-type must be specified',
      });
    });

    void test('a body that is not JSON answers 400 on (body)', async () => {
      const result = await emulator.http('POST', '/data/core/privacy/jobs/', {
        body: '{"users": [',
        headers: {
          authorization: `Bearer ${token}`,
          'x-api-key': emulator.options.clientId,
          'x-gw-ims-org-id': emulator.options.orgId,
          'content-type': 'application/json; charset=utf-8',
        },
      });
      assert.equal(result.status, 400);
      assert.equal((result.body as { errors: { field: string }[] }).errors[0]?.field, '(body)');
    });
  });

  void describe('GET /jobs/{id}', () => {
    void test('a job moves from submitted to processing to complete as the clock advances', async () => {
      const { jobs } = await createJobs(emulator, createRequest(emulator.options.orgId));
      const jobId = jobs[0]!.jobId;
      assert.equal((await details(jobId)).status, 'submitted');
      await advance(emulator, 2);
      const processing = await details(jobId);
      assert.equal(processing.status, 'processing');
      assert.ok(processing.productResponses?.every((p) => p.productStatusResponse.status === 'processing'));
      await advance(emulator, 10);
      const complete = await details(jobId);
      assert.equal(complete.status, 'complete');
      assert.deepEqual(
        complete.productResponses?.map((p) => [p.product, p.productStatusResponse.responseMsgCode]),
        [
          ['Analytics', 'PRVCY-6000-200'],
          ['AudienceManager', 'PRVCY-6000-200'],
          ['Profile', 'PRVCY-6000-200'],
        ],
      );
    });

    void test('job details carry the request, the user and US-format GMT dates', async () => {
      const { requestId, jobs } = await createJobs(emulator, createRequest(emulator.options.orgId));
      const job = await details(jobs[0]!.jobId);
      assert.equal(job.requestId, requestId);
      assert.equal(job.userKey, 'reader-1');
      assert.equal(job.action, 'access');
      assert.equal(job.regulation, 'gdpr');
      assert.equal(job.submittedBy, emulator.options.technicalAccountId);
      assert.match(job.createdDate!, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} (AM|PM) GMT$/);
      assert.equal(job.userIds?.[1]?.namespaceId, 4);
      assert.equal(job.productResponses?.[0]?.retryCount, 0);
    });

    void test('only a completed access job carries downloadUrl, and by default not downloadURL', async () => {
      const { jobs } = await createJobs(emulator, createRequest(emulator.options.orgId));
      const [access, , remove] = jobs;
      const early = await details(access!.jobId);
      assert.equal(early.downloadURL, undefined);
      assert.equal(early.downloadUrl, undefined);
      await advance(emulator, 60);
      const done = await details(access!.jobId);
      const expected = `${emulator.url}/data/core/privacy/jobs/${access!.jobId}/content`;
      assert.equal(done.downloadURL, undefined);
      assert.equal(done.downloadUrl, expected);
      const deleted = await details(remove!.jobId);
      assert.equal(deleted.status, 'complete');
      assert.equal(deleted.downloadURL, undefined);
      assert.equal(deleted.downloadUrl, undefined);
    });

    void test('an identity value containing notfound completes every product with PRVCY-6052-200', async () => {
      const { jobs } = await createJobs(
        emulator,
        oneUserRequest(emulator.options.orgId, 'notfound@example.test'),
      );
      await advance(emulator, 60);
      const job = await details(jobs[0]!.jobId);
      assert.equal(job.status, 'complete');
      assert.deepEqual(
        job.productResponses?.map((p) => p.productStatusResponse.responseMsgCode),
        ['PRVCY-6052-200', 'PRVCY-6052-200'],
      );
      assert.equal(job.productResponses?.[0]?.productStatusResponse.message, 'User IDs were not found.');
    });

    void test('an identity value containing partial completes with PRVCY-6054-200 and lists it as ignored', async () => {
      const { jobs } = await createJobs(
        emulator,
        oneUserRequest(emulator.options.orgId, 'partial@example.test'),
      );
      await advance(emulator, 60);
      const response = (await details(jobs[0]!.jobId)).productResponses?.[0]?.productStatusResponse;
      assert.equal(response?.responseMsgCode, 'PRVCY-6054-200');
      assert.deepEqual(response?.results, { processed: [], ignored: ['partial@example.test'] });
    });

    void test('an identity value containing error-analytics fails only Analytics and the job is error', async () => {
      const { jobs } = await createJobs(
        emulator,
        oneUserRequest(emulator.options.orgId, 'error-analytics@example.test'),
      );
      await advance(emulator, 60);
      const job = await details(jobs[0]!.jobId);
      assert.equal(job.status, 'error');
      assert.deepEqual(
        job.productResponses?.map((p) => [
          p.product,
          p.productStatusResponse.status,
          p.productStatusResponse.responseMsgCode,
        ]),
        [
          ['Analytics', 'error', 'PRVCY-1000-400'],
          ['Profile', 'complete', 'PRVCY-6000-200'],
        ],
      );
    });

    void test('an identity value containing slow keeps the job processing for 30 days', async () => {
      const { jobs } = await createJobs(
        emulator,
        oneUserRequest(emulator.options.orgId, 'slow@example.test'),
      );
      // Tokens live 24 h of emulator time, so each look after a jump of days uses a fresh one.
      await advance(emulator, 29 * 86_400);
      assert.equal((await details(jobs[0]!.jobId, true)).status, 'processing');
      await advance(emulator, 2 * 86_400);
      assert.equal((await details(jobs[0]!.jobId, true)).status, 'complete');
    });

    void test('an unknown job id answers 404 Job not found', async () => {
      const result = await emulator.privacy('GET', '/jobs/00000000-0000-1000-8000-000000000000', { token });
      assert.equal(result.status, 404);
      assert.deepEqual(result.body, { error_code: '404', message: 'Job not found' });
    });
  });

  void describe('GET /jobs/{id}/content', () => {
    void test('a completed access job downloads as a ZIP with one folder per product', async () => {
      const { jobs } = await createJobs(emulator, createRequest(emulator.options.orgId));
      await advance(emulator, 60);
      const result = await emulator.privacy('GET', `/jobs/${jobs[0]!.jobId}/content`, {
        token,
        headers: { accept: 'application/json' },
      });
      assert.equal(result.status, 200);
      assert.equal(result.headers.get('content-type'), 'application/zip');
      assert.equal(result.raw.subarray(0, 4).toString('hex'), '504b0304');
      const dir = mkdtempSync(join(tmpdir(), 'emulator-zip-'));
      try {
        const file = join(dir, 'content.zip');
        writeFileSync(file, result.raw);
        execFileSync('unzip', ['-tq', file]);
        const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
        const id = jobs[0]!.jobId;
        assert.deepEqual(names, [
          'Analytics/',
          `Analytics/${id}.json`,
          'AudienceManager/',
          `AudienceManager/${id}.json`,
          'Profile/',
          `Profile/${id}.json`,
        ]);
        const document = JSON.parse(
          execFileSync('unzip', ['-p', file, `Profile/${id}.json`], { encoding: 'utf8' }),
        );
        assert.equal(document.userKey, 'reader-1');
        assert.equal(document.records.length, 2);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    void test('content of a job still processing answers 400', async () => {
      const { jobs } = await createJobs(emulator, createRequest(emulator.options.orgId));
      const result = await emulator.privacy('GET', `/jobs/${jobs[0]!.jobId}/content`, { token });
      assert.equal(result.status, 400);
      assert.deepEqual(result.body, { error_code: '400', message: 'Job is not a completed access job' });
    });

    void test('content of a completed delete job answers 400', async () => {
      const { jobs } = await createJobs(emulator, createRequest(emulator.options.orgId));
      await advance(emulator, 60);
      const result = await emulator.privacy('GET', `/jobs/${jobs[2]!.jobId}/content`, { token });
      assert.equal(result.status, 400);
    });

    void test('content of an unknown job answers 404', async () => {
      const result = await emulator.privacy('GET', '/jobs/no-such-job/content', { token });
      assert.equal(result.status, 404);
    });
  });

  void describe('POST /consent', () => {
    void test('a valid opt-out answers 202 with an empty body', async () => {
      const result = await emulator.privacy('POST', '/consent', {
        token,
        body: {
          optOutOfSale: true,
          entities: [{ nameSpace: 'email', values: ['a@example.test', 'b@example.test'] }],
        },
      });
      assert.equal(result.status, 202);
      assert.equal(result.raw.length, 0);
    });

    void test('an entity with namespace spelt with a lower-case s answers 400 on nameSpace', async () => {
      const result = await emulator.privacy('POST', '/consent', {
        token,
        body: { optOutOfSale: true, entities: [{ namespace: 'email', values: ['a@example.test'] }] },
      });
      assert.equal(result.status, 400);
      assert.equal(
        (result.body as { errors: { field: string }[] }).errors[0]?.field,
        'entities[0].nameSpace',
      );
    });
  });
});

void describe('jobs of another org', () => {
  void test('a job created for another org answers 404 to this org', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'emulator-org-'));
    const foreignJob = {
      jobId: 'f0000000-0000-1000-8000-000000000001',
      requestId: '17000000000000000RX-001',
      orgId: 'FFFFFFFFFFFFFFFFFFFFFFFF@AdobeOrg',
      userKey: 'stranger',
      action: 'access',
      regulation: 'gdpr',
      submittedBy: 'OTHER@techacct.adobe.com',
      createdAt: Date.now(),
      userIds: [
        {
          namespace: 'email',
          value: 'x@example.test',
          type: 'standard',
          namespaceId: 6,
          isDeletedClientSide: false,
        },
      ],
      products: ['analytics'],
    };
    writeFileSync(
      join(dataDir, 'emulator-state.json'),
      JSON.stringify({ version: 1, clockOffsetMs: 0, jobs: [foreignJob] }),
    );
    const emulator = await startTestEmulator({ dataDir });
    try {
      const result = await emulator.privacy('GET', `/jobs/${foreignJob.jobId}`);
      assert.equal(result.status, 404);
      assert.deepEqual(result.body, { error_code: '404', message: 'Job not found' });
      const listed = await emulator.privacy('GET', '/jobs?regulation=gdpr');
      assert.deepEqual(listed.body, { totalRecords: 0, jobDetails: [] });
    } finally {
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
