import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createRequest, startTestEmulator, type TestEmulator } from './support';

const CREATE = 'POST /data/core/privacy/jobs';

void describe('faults', () => {
  let emulator: TestEmulator;
  let token: string;
  before(async () => {
    emulator = await startTestEmulator();
    token = await emulator.token();
  });
  beforeEach(() => emulator.admin('POST', '/reset'));
  after(() => emulator.close());

  const create = () =>
    emulator.privacy('POST', '/jobs', { token, body: createRequest(emulator.options.orgId) });
  const list = () => emulator.privacy('GET', '/jobs?regulation=gdpr', { token });

  void test('a 429 status fault throttles the next K matching calls with Retry-After, then lets calls through', async () => {
    await emulator.admin('POST', '/faults', {
      kind: 'status',
      status: 429,
      route: CREATE,
      count: 2,
      retryAfterSeconds: 7,
    });
    const first = await create();
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '7');
    assert.deepEqual(first.body, { error_code: '429050', message: 'Too many requests' });
    assert.equal((await list()).status, 200);
    assert.equal((await create()).status, 429);
    assert.equal((await create()).status, 202);
  });

  void test('a 503 status fault on * answers every Privacy Service route', async () => {
    await emulator.admin('POST', '/faults', { kind: 'status', status: 503, route: '*', count: 1 });
    const result = await list();
    assert.equal(result.status, 503);
    assert.deepEqual(result.body, { error_code: '503', message: 'Service Unavailable' });
    assert.equal((await list()).status, 200);
  });

  void test('a dropResponse fault creates the jobs and then closes the connection without an answer', async () => {
    await emulator.admin('POST', '/faults', { kind: 'dropResponse', route: CREATE, count: 1 });
    await assert.rejects(create());
    const stored = (await emulator.admin('GET', '/jobs')).body as { jobs: unknown[] };
    assert.equal(stored.jobs.length, 3);
    assert.equal((await create()).status, 202);
  });

  void test('a latency fault delays the answer by at least its milliseconds', async () => {
    await emulator.admin('POST', '/faults', { kind: 'latency', ms: 150, route: '*' });
    const started = Date.now();
    assert.equal((await list()).status, 200);
    assert.ok(Date.now() - started >= 150);
  });

  void test('revokeTokens makes every issued token answer 401013 and new tokens work', async () => {
    const held = await emulator.token();
    await emulator.admin('POST', '/faults', { kind: 'revokeTokens' });
    const rejected = await emulator.privacy('GET', '/jobs?regulation=gdpr', { token: held });
    assert.equal(rejected.status, 401);
    assert.deepEqual(rejected.body, { error_code: '401013', message: 'Oauth token is not valid' });
    const fresh = await emulator.privacy('GET', '/jobs?regulation=gdpr', { token: await emulator.token() });
    assert.equal(fresh.status, 200);
    await emulator.admin('DELETE', '/faults');
  });

  void test('an ims fault answers the token endpoints with its status and Retry-After', async () => {
    await emulator.admin('POST', '/faults', { kind: 'ims', status: 429, count: 1, retryAfterSeconds: 3 });
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.options.clientId,
      client_secret: emulator.options.clientSecret,
    });
    const throttled = await emulator.http('POST', '/ims/token/v3', { body: form });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '3');
    assert.equal((throttled.body as { error: string }).error, 'too_many_requests');
    assert.equal((await emulator.http('POST', '/ims/token/v3', { body: form })).status, 200);
  });

  void test('GET lists active faults and DELETE clears them', async () => {
    await emulator.admin('POST', '/faults', { kind: 'status', status: 500, route: CREATE, count: 5 });
    const listed = (await emulator.admin('GET', '/faults')).body as {
      faults: { kind: string; remaining: number }[];
    };
    assert.deepEqual(
      listed.faults.map((f) => [f.kind, f.remaining]),
      [['status', 5]],
    );
    await emulator.admin('DELETE', '/faults');
    assert.deepEqual((await emulator.admin('GET', '/faults')).body, { faults: [] });
    assert.equal((await create()).status, 202);
  });

  void test('a fault with an unknown route answers 400 naming route', async () => {
    const result = await emulator.admin('POST', '/faults', {
      kind: 'status',
      status: 429,
      route: 'GET /nowhere',
    });
    assert.equal(result.status, 400);
    assert.match((result.body as { message: string }).message, /^route: must be "\*" or one of/);
  });
});
