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

  void test('a connectionReset fault cuts the connection before any work: the caller gets an error and no job exists', async () => {
    await emulator.admin('POST', '/faults', { kind: 'connectionReset', route: CREATE, count: 1 });
    await assert.rejects(create());
    const stored = (await emulator.admin('GET', '/jobs')).body as { jobs: unknown[] };
    assert.equal(stored.jobs.length, 0);
    assert.equal((await create()).status, 202);
  });

  void test('a connectionReset fault on * also cuts IMS calls', async () => {
    await emulator.admin('POST', '/faults', { kind: 'connectionReset', count: 1 });
    await assert.rejects(emulator.token());
    assert.ok(await emulator.token());
  });

  void test('a fault with share 1 fires on every matching call until it is removed', async () => {
    const added = (await emulator.admin('POST', '/faults', { kind: 'status', status: 503, share: 1 }))
      .body as {
      id: number;
    };
    for (let i = 0; i < 3; i++) assert.equal((await list()).status, 503);
    assert.equal((await emulator.admin('DELETE', `/faults/${added.id}`)).status, 204);
    assert.equal((await list()).status, 200);
  });

  void test('a fault with share 0 never fires', async () => {
    await emulator.admin('POST', '/faults', { kind: 'status', status: 503, share: 0 });
    for (let i = 0; i < 3; i++) assert.equal((await list()).status, 200);
  });

  void test('a fault with share and count fires at most count times', async () => {
    await emulator.admin('POST', '/faults', { kind: 'status', status: 502, share: 1, count: 2 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await list()).status);
    assert.deepEqual(statuses, [502, 502, 200, 200]);
  });

  void test('a fault switched off with PATCH stays listed and stops firing until switched on again', async () => {
    const added = (await emulator.admin('POST', '/faults', { kind: 'status', status: 500, share: 1 }))
      .body as {
      id: number;
    };
    const off = await emulator.admin('PATCH', `/faults/${added.id}`, { enabled: false });
    assert.equal(off.status, 200);
    assert.equal((off.body as { enabled: boolean }).enabled, false);
    assert.equal((await list()).status, 200);
    await emulator.admin('PATCH', `/faults/${added.id}`, { enabled: true });
    assert.equal((await list()).status, 500);
  });

  void test('a fault installed with enabled false does not fire', async () => {
    await emulator.admin('POST', '/faults', { kind: 'status', status: 500, enabled: false });
    assert.equal((await list()).status, 200);
  });

  void test('PATCH or DELETE of an unknown fault id answers 404', async () => {
    assert.equal((await emulator.admin('PATCH', '/faults/999', { enabled: false })).status, 404);
    assert.equal((await emulator.admin('DELETE', '/faults/999')).status, 404);
  });

  void test('a latency fault with count delays only that many calls', async () => {
    await emulator.admin('POST', '/faults', { kind: 'latency', ms: 200, count: 1 });
    let started = Date.now();
    await list();
    assert.ok(Date.now() - started >= 200);
    started = Date.now();
    await list();
    assert.ok(Date.now() - started < 200);
  });

  void test('a revokeTokens fault with count answers 401013 that many times, then the same token works', async () => {
    await emulator.admin('POST', '/faults', { kind: 'revokeTokens', count: 1 });
    const rejected = await list();
    assert.equal(rejected.status, 401);
    assert.deepEqual(rejected.body, { error_code: '401013', message: 'Oauth token is not valid' });
    assert.equal((await list()).status, 200);
  });

  void test('a status fault may answer 504', async () => {
    await emulator.admin('POST', '/faults', { kind: 'status', status: 504, count: 1 });
    const result = await list();
    assert.equal(result.status, 504);
    assert.deepEqual(result.body, { error_code: '504', message: 'Gateway Timeout' });
  });

  void test('a share outside 0 to 1 answers 400 naming share', async () => {
    const result = await emulator.admin('POST', '/faults', { kind: 'status', status: 503, share: 1.5 });
    assert.equal(result.status, 400);
    assert.equal((result.body as { message: string }).message, 'share: must be a number from 0 to 1');
  });

  void test('an unknown kind answers 400 listing the kinds', async () => {
    const result = await emulator.admin('POST', '/faults', { kind: 'flood' });
    assert.equal(result.status, 400);
    assert.equal(
      (result.body as { message: string }).message,
      'kind: must be one of "status", "dropResponse", "connectionReset", "latency", "revokeTokens", "ims"',
    );
  });
});

void describe('faults given at start', () => {
  void test('the same fault seed makes share faults fail the same calls', async () => {
    const run = async () => {
      const emulator = await startTestEmulator({
        faultSeed: 42,
        faults: [{ kind: 'status', status: 503, route: '*', share: 0.5 }],
      });
      try {
        const token = await emulator.token();
        const statuses: number[] = [];
        for (let i = 0; i < 16; i++) {
          statuses.push((await emulator.privacy('GET', '/jobs?regulation=gdpr', { token })).status);
        }
        return statuses;
      } finally {
        await emulator.close();
      }
    };
    const first = await run();
    assert.deepEqual(await run(), first);
    assert.ok(first.includes(503) && first.includes(200), `a mix of answers, got ${first.join(',')}`);
  });

  void test('faults given at start come back after a reset, and DELETE switches them all off', async () => {
    const emulator = await startTestEmulator({
      faults: [{ kind: 'status', status: 500, route: '*', count: 1 }],
    });
    try {
      const token = await emulator.token();
      const list = () => emulator.privacy('GET', '/jobs?regulation=gdpr', { token });
      assert.equal((await list()).status, 500);
      assert.equal((await list()).status, 200);
      await emulator.admin('POST', '/reset');
      assert.equal((await list()).status, 500);
      await emulator.admin('POST', '/reset');
      await emulator.admin('DELETE', '/faults');
      assert.equal((await list()).status, 200);
    } finally {
      await emulator.close();
    }
  });

  void test('an invalid fault given at start refuses to start, naming the field', async () => {
    await assert.rejects(
      startTestEmulator({ faults: [{ kind: 'status', status: 418 as 500, route: '*' }] }),
      /EmulatorOptions\.faults\[0\]\.status: must be 429, 500, 502, 503 or 504/,
    );
  });
});
