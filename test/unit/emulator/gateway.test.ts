import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestEmulator, PRIVACY, type TestEmulator } from './support';

void describe('the Platform gateway in front of Privacy Service', () => {
  let emulator: TestEmulator;
  let token: string;
  before(async () => {
    emulator = await startTestEmulator({ accessTokenTtlSeconds: 60 });
    token = await emulator.token();
  });
  after(() => emulator.close());

  const headers = (overrides: Record<string, string | undefined>) => {
    const all: Record<string, string | undefined> = {
      authorization: `Bearer ${token}`,
      'x-api-key': emulator.options.clientId,
      'x-gw-ims-org-id': emulator.options.orgId,
      ...overrides,
    };
    return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
  };
  const list = (overrides: Record<string, string | undefined>) =>
    emulator.http('GET', `${PRIVACY}/jobs?regulation=gdpr`, { headers: headers(overrides) });

  void test('a call without Authorization answers 403 with 403010', async () => {
    const result = await list({ authorization: undefined });
    assert.equal(result.status, 403);
    assert.deepEqual(result.body, { error_code: '403010', message: 'Oauth token is missing.' });
  });

  void test('a token the emulator did not sign answers 401 with 401013', async () => {
    const result = await list({ authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl' });
    assert.equal(result.status, 401);
    assert.deepEqual(result.body, { error_code: '401013', message: 'Oauth token is not valid' });
  });

  void test('an expired token answers 401 with 401013', async () => {
    await emulator.admin('POST', '/clock', { advanceSeconds: 61 });
    try {
      const result = await list({});
      assert.equal(result.status, 401);
      assert.deepEqual(result.body, { error_code: '401013', message: 'Oauth token is not valid' });
    } finally {
      await emulator.admin('POST', '/clock', { advanceSeconds: -61 });
    }
  });

  void test('a call without x-api-key answers 403 with 403000', async () => {
    const result = await list({ 'x-api-key': undefined });
    assert.equal(result.status, 403);
    assert.deepEqual(result.body, { error_code: '403000', message: 'Api Key is required' });
  });

  void test('an x-api-key other than the client id answers 403 with 403003', async () => {
    const result = await list({ 'x-api-key': 'another-client' });
    assert.equal(result.status, 403);
    assert.deepEqual(result.body, { error_code: '403003', message: 'Api Key is invalid' });
  });

  void test('a call without x-gw-ims-org-id answers 400 with 400003', async () => {
    const result = await list({ 'x-gw-ims-org-id': undefined });
    assert.equal(result.status, 400);
    assert.deepEqual(result.body, { error_code: '400003', message: 'Missing header' });
  });

  void test('an org header other than the token org answers 403 with 403025', async () => {
    const result = await list({ 'x-gw-ims-org-id': 'FFFFFFFFFFFFFFFFFFFFFFFF@AdobeOrg' });
    assert.equal(result.status, 403);
    assert.deepEqual(result.body, { error_code: '403025', message: 'Profile is not valid' });
  });

  void test('every answer carries an x-request-id header', async () => {
    const ok = await list({});
    const rejected = await list({ authorization: undefined });
    assert.ok(ok.headers.get('x-request-id'));
    assert.ok(rejected.headers.get('x-request-id'));
    assert.notEqual(ok.headers.get('x-request-id'), rejected.headers.get('x-request-id'));
  });

  void test('an unknown path answers 404 in the Adobe error shape', async () => {
    const result = await emulator.http('GET', '/data/core/privacy/nothing-here');
    assert.equal(result.status, 404);
    assert.deepEqual(result.body, { error_code: '404', message: 'Not found' });
  });

  void test('a known path with the wrong method answers 405 and names the allowed methods', async () => {
    const result = await emulator.http('DELETE', `${PRIVACY}/jobs`);
    assert.equal(result.status, 405);
    assert.deepEqual(result.body, { error_code: '405', message: 'Method not allowed' });
    assert.equal(result.headers.get('allow'), 'POST, GET');
  });

  void test('a body over 10 MB answers 413', async () => {
    const result = await emulator.http('POST', `${PRIVACY}/jobs`, {
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
      headers: headers({ 'content-type': 'application/json' }),
    });
    assert.equal(result.status, 413);
    assert.equal((result.body as Record<string, unknown>).error_code, '413');
  });
});
