import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAdobeDate, parseCreateResponse, parseJobDetails, readErrorBody } from '../../src/adobe/parse';

// Shapes as Adobe documents them in its guide (`jobs`, `downloadURL`, US dates) and in its OpenAPI
// description (`jobDetails`, `downloadUrl`, ISO dates).
const created = (jobId: string, key: string, action: string) => ({
  jobId,
  customer: { user: { key, action: [action] } },
});

describe('reading Adobe responses', () => {
  it('reads the create response with a "jobs" array', () => {
    const parsed = parseCreateResponse({
      jobs: [created('j1', 'k1', 'access')],
      requestStatus: 1,
      totalRecords: 1,
    } as never);
    assert.deepEqual(parsed.jobs, [{ jobId: 'j1', userKey: 'k1', action: 'access' }]);
  });

  it('reads the create response with a "jobDetails" array and a requestId', () => {
    const parsed = parseCreateResponse({
      requestId: '15700479082313109RX-899',
      jobDetails: [created('j2', 'k2', 'delete')],
    } as never);
    assert.equal(parsed.requestId, '15700479082313109RX-899');
    assert.deepEqual(parsed.jobs, [{ jobId: 'j2', userKey: 'k2', action: 'delete' }]);
  });

  it('refuses a create response with neither array', () => {
    assert.throws(() => parseCreateResponse({ totalRecords: 0 } as never), /neither "jobs" nor "jobDetails"/);
  });

  it('reads job details with downloadURL and US-format GMT dates', () => {
    const job = parseJobDetails({
      jobId: 'j1',
      action: 'access',
      status: 'complete',
      createdDate: '10/02/2019 08:25 PM GMT',
      lastModifiedDate: '10/02/2019 12:05 AM GMT',
      downloadURL: 'https://example.test/archive.zip',
      productResponses: [
        {
          product: 'Analytics',
          retryCount: 0,
          processedDate: '10/02/2019 08:25 PM GMT',
          productStatusResponse: {
            status: 'complete',
            message: 'Success',
            responseMsgCode: 'PRVCY-6000-200',
            results: { processed: ['email'] },
          },
        },
      ],
    } as never);
    assert.equal(job.createdAt, '2019-10-02T20:25:00.000Z');
    assert.equal(job.updatedAt, '2019-10-02T00:05:00.000Z');
    assert.equal(job.downloadUrl, 'https://example.test/archive.zip');
    assert.deepEqual(job.products[0], {
      product: 'Analytics',
      status: 'complete',
      code: '6000-200',
      message: 'Success',
      detail: undefined,
      processed: ['email'],
      ignored: undefined,
      processedAt: '2019-10-02T20:25:00.000Z',
    });
  });

  it('reads job details with downloadUrl and ISO dates', () => {
    const job = parseJobDetails({
      jobId: 'j1',
      action: 'access',
      status: 'complete',
      createdDate: '2025-02-01T10:00:00Z',
      downloadUrl: 'https://platform.adobe.io/data/core/privacy/jobs/j1/content',
      productResponses: [{ product: 'Profile', productStatusResponse: { status: 'submitted' } }],
    } as never);
    assert.equal(job.createdAt, '2025-02-01T10:00:00.000Z');
    assert.equal(job.downloadUrl, 'https://platform.adobe.io/data/core/privacy/jobs/j1/content');
    assert.equal(job.products[0]!.status, 'submitted');
  });

  it('reads error_code as a string or a number', () => {
    assert.deepEqual(readErrorBody('{"error_code":"401013","message":"Oauth token is not valid"}'), {
      code: '401013',
      message: 'Oauth token is not valid',
    });
    assert.deepEqual(
      readErrorBody(
        '{"title":"ErrInvalidOauthToken","status":401,"error_code":401013,"message":"Oauth token is not valid"}',
      ),
      {
        code: '401013',
        message: 'Oauth token is not valid',
      },
    );
  });

  it('keeps a date in neither format out instead of guessing', () => {
    assert.equal(parseAdobeDate('yesterday-ish'), undefined);
  });
});
