// The emulator's own OpenAPI description: served, complete, and true of the emulator's real answers.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { EMULATOR_OPENAPI, ROUTE_KEYS } from '../../../src/emulator';
import { checkAnswer, validate } from './schema';
import { createRequest, startTestEmulator, type HttpResult, type TestEmulator } from './support';

void describe('the OpenAPI description', () => {
  let emulator: TestEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  beforeEach(() => emulator.admin('POST', '/reset'));
  after(() => emulator.close());

  const holds = (method: string, template: string, result: HttpResult) =>
    assert.deepEqual(checkAnswer(method, template, result.status, result.body), [], result.raw.toString());
  const gateway = (headers: Record<string, string>) =>
    emulator.http('GET', '/data/core/privacy/jobs?regulation=gdpr', { headers });

  void test('is served at /__emulator/openapi.json as OpenAPI 3.1', async () => {
    const result = await emulator.admin('GET', '/openapi.json');
    assert.equal(result.status, 200);
    assert.deepEqual(result.body, JSON.parse(JSON.stringify(EMULATOR_OPENAPI)));
    assert.equal((result.body as { openapi: string }).openapi, '3.1.0');
  });

  void test('describes every route the emulator answers outside its admin API', () => {
    const described = new Set(
      Object.entries(EMULATOR_OPENAPI.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map(
          (method) => `${method.toUpperCase()} ${path.replace('{JOB_ID}', '{id}')}`,
        ),
      ),
    );
    assert.deepEqual(
      ROUTE_KEYS.filter((key) => !described.has(key)),
      [],
    );
  });

  void test('every $ref resolves and every schema validates an example answer of the emulator', async () => {
    const token = await emulator.token();
    const created = await emulator.privacy('POST', '/jobs', {
      token,
      body: createRequest(emulator.options.orgId),
    });
    holds('POST', '/data/core/privacy/jobs', created);
    const jobId = (created.body as { jobs: { jobId: string }[] }).jobs[0]!.jobId;
    holds(
      'GET',
      '/data/core/privacy/jobs/{JOB_ID}',
      await emulator.privacy('GET', `/jobs/${jobId}`, { token }),
    );
    holds(
      'GET',
      '/data/core/privacy/jobs',
      await emulator.privacy('GET', '/jobs?regulation=gdpr', { token }),
    );
    holds('GET', '/data/core/privacy/jobs', await emulator.privacy('GET', '/jobs', { token }));
    holds('GET', '/data/core/privacy/jobs/{JOB_ID}', await emulator.privacy('GET', '/jobs/nope', { token }));
    holds(
      'GET',
      '/data/core/privacy/jobs/{JOB_ID}/content',
      await emulator.privacy('GET', `/jobs/${jobId}/content`, { token }),
    );
  });

  void test('POST /jobs refusals hold to the description, in both error shapes', async () => {
    const token = await emulator.token();
    holds('POST', '/data/core/privacy/jobs', await emulator.privacy('POST', '/jobs', { token, body: {} }));
    holds(
      'POST',
      '/data/core/privacy/jobs',
      await emulator.privacy('POST', '/jobs', { token, body: {}, headers: { 'content-type': 'text/plain' } }),
    );
  });

  void test('POST /consent answers 202 with no body, and its refusals hold to the description', async () => {
    const token = await emulator.token();
    const accepted = await emulator.privacy('POST', '/consent', {
      token,
      body: {
        optOutOfSale: true,
        entities: [{ nameSpace: 'ECID', values: ['4436365767997586810210907212'] }],
      },
    });
    assert.equal(accepted.status, 202);
    assert.equal(accepted.raw.length, 0);
    holds('POST', '/data/core/privacy/consent', accepted);
    const refused = await emulator.privacy('POST', '/consent', {
      token,
      body: { optOutOfSale: true, entities: [{ nameSpace: 'crmId', values: ['c-1'] }] },
    });
    assert.equal(refused.status, 400);
    holds('POST', '/data/core/privacy/consent', refused);
  });

  void test('gateway refusals hold to the description', async () => {
    const token = await emulator.token();
    const key = emulator.options.clientId;
    const org = emulator.options.orgId;
    const cases: [Record<string, string>, number, string][] = [
      [{ 'x-api-key': key, 'x-gw-ims-org-id': org }, 403, '403010'],
      [{ authorization: 'Bearer x.y.z', 'x-api-key': key, 'x-gw-ims-org-id': org }, 401, '401013'],
      [{ authorization: `Bearer ${token}`, 'x-gw-ims-org-id': org }, 403, '403000'],
      [{ authorization: `Bearer ${token}`, 'x-api-key': 'other', 'x-gw-ims-org-id': org }, 403, '403003'],
      [{ authorization: `Bearer ${token}`, 'x-api-key': key }, 400, '400003'],
      [
        { authorization: `Bearer ${token}`, 'x-api-key': key, 'x-gw-ims-org-id': 'A@AdobeOrg' },
        403,
        '403025',
      ],
    ];
    for (const [headers, status, code] of cases) {
      const result = await gateway(headers);
      assert.equal(result.status, status);
      assert.equal((result.body as { error_code: string }).error_code, code);
      holds('GET', '/data/core/privacy/jobs', result);
    }
  });

  void test('a 429 from a fault holds to the description', async () => {
    await emulator.admin('POST', '/faults', { kind: 'status', status: 429, count: 1 });
    holds('GET', '/data/core/privacy/jobs', await emulator.privacy('GET', '/jobs?regulation=gdpr'));
  });

  void test('IMS answers hold to the description', async () => {
    const form = (secret: string) =>
      new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emulator.options.clientId,
        client_secret: secret,
      });
    holds(
      'POST',
      '/ims/token/v3',
      await emulator.http('POST', '/ims/token/v3', { body: form(emulator.options.clientSecret) }),
    );
    holds(
      'POST',
      '/ims/token/v2',
      await emulator.http('POST', '/ims/token/v2', { body: form(emulator.options.clientSecret) }),
    );
    holds('POST', '/ims/token/v3', await emulator.http('POST', '/ims/token/v3', { body: form('wrong') }));
    holds(
      'POST',
      '/ims/exchange/jwt',
      await emulator.http('POST', '/ims/exchange/jwt', { body: form('wrong') }),
    );
  });

  void test('admin answers hold to the description', async () => {
    holds('GET', '/__emulator/clock', await emulator.admin('GET', '/clock'));
    await emulator.admin('POST', '/faults', { kind: 'latency', ms: 0 });
    holds('GET', '/__emulator/faults', await emulator.admin('GET', '/faults'));
    holds('GET', '/__emulator/webhooks', await emulator.admin('GET', '/webhooks'));
    holds('POST', '/__emulator/webhooks', await emulator.admin('POST', '/webhooks', { url: 'nope' }));
  });

  void test('the validator itself notices a wrong answer', () => {
    const problems = validate({ $ref: '#/components/schemas/JobSummary' }, { jobId: 1, extra: true });
    assert.ok(problems.includes('$.jobId: expected string, got 1'));
    assert.ok(problems.includes('$.extra: is not in the schema'));
    assert.ok(problems.includes('$.status: is required'));
  });
});
