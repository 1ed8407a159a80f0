// Privacy events (reference §12): webhook registration with the challenge handshake, one event per finished
// product and per finished job, each sent once, failed deliveries retried with a growing delay.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createPublicKey, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import type { PrivacyEvent } from '../../../src/emulator';
import { formatEventTime } from '../../../src/emulator/dates';
import { validate } from './schema';
import { advance, createJobs, oneUserRequest, startTestEmulator, type TestEmulator } from './support';

/** A webhook receiver: answers the challenge as told, records deliveries, fails the first `failures` of them. */
class Receiver {
  readonly events: PrivacyEvent[] = [];
  readonly headers: Record<string, string | string[] | undefined>[] = [];
  readonly bodies: string[] = [];
  attempts = 0;
  failures = 0;
  challenge: 'echo' | 'json' | 'wrong' = 'echo';
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://receiver.invalid');
      if (req.method === 'GET') {
        const challenge = url.searchParams.get('challenge') ?? '';
        if (this.challenge === 'json') res.setHeader('content-type', 'application/json');
        res.end(
          this.challenge === 'echo'
            ? challenge
            : this.challenge === 'json'
              ? JSON.stringify({ challenge })
              : 'hello',
        );
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.attempts++;
        if (this.failures > 0) {
          this.failures--;
          res.statusCode = 500;
          res.end();
          return;
        }
        this.bodies.push(Buffer.concat(chunks).toString('utf8'));
        this.events.push(JSON.parse(this.bodies[this.bodies.length - 1]!) as PrivacyEvent);
        this.headers.push(req.headers);
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async waitFor(count: number, timeoutMs = 3000): Promise<PrivacyEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.events.length} of ${count} events arrived`);
      await sleep(10);
    }
    return this.events;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FAST = { eventIntervalMs: 20, webhookRetryBaseMs: 20, webhookMaxAttempts: 3, webhookTimeoutMs: 1000 };

void describe('privacy events', () => {
  let emulator: TestEmulator;
  let receiver: Receiver;
  before(async () => {
    emulator = await startTestEmulator(FAST);
  });
  beforeEach(async () => {
    await emulator.admin('POST', '/reset');
    receiver = new Receiver();
    await receiver.start();
  });
  afterEach(() => receiver.close());
  after(() => emulator.close());

  const register = async () => {
    const result = await emulator.admin('POST', '/webhooks', { url: receiver.url });
    assert.equal(result.status, 201, result.raw.toString());
    return result.body as { id: string; url: string };
  };
  const stats = async () =>
    ((await emulator.admin('GET', '/stats')).body as { events: Record<string, number> }).events;

  void test('registers a webhook that echoes the challenge, and lists it', async () => {
    const webhook = await register();
    assert.equal(webhook.url, receiver.url);
    const listed = (await emulator.admin('GET', '/webhooks')).body as { webhooks: { id: string }[] };
    assert.deepEqual(
      listed.webhooks.map((w) => w.id),
      [webhook.id],
    );
  });

  void test('forgets one webhook by id and answers 404 for an unknown one', async () => {
    const webhook = await register();
    assert.equal((await emulator.admin('DELETE', `/webhooks/${webhook.id}`)).status, 204);
    assert.deepEqual(
      ((await emulator.admin('GET', '/webhooks')).body as { webhooks: unknown[] }).webhooks,
      [],
    );
    assert.equal((await emulator.admin('DELETE', `/webhooks/${webhook.id}`)).status, 404);
  });

  void test('registers a webhook that answers the challenge as JSON', async () => {
    receiver.challenge = 'json';
    await register();
  });

  void test('refuses a webhook that does not echo the challenge (400)', async () => {
    receiver.challenge = 'wrong';
    const result = await emulator.admin('POST', '/webhooks', { url: receiver.url });
    assert.equal(result.status, 400);
    assert.deepEqual(result.body, {
      error_code: '400',
      message: 'url: the challenge GET did not answer with the challenge value',
    });
  });

  void test('refuses a webhook url that is not http or https (400)', async () => {
    const result = await emulator.admin('POST', '/webhooks', { url: 'ftp://example.test/hook' });
    assert.equal(result.status, 400);
    assert.equal(
      (result.body as { message: string }).message,
      'url: is required and must be an http or https URL',
    );
  });

  void test('refuses a webhook that cannot be reached (400)', async () => {
    await receiver.close();
    const result = await emulator.admin('POST', '/webhooks', { url: receiver.url });
    assert.equal(result.status, 400);
    assert.match((result.body as { message: string }).message, /^url: the challenge GET failed/);
  });

  void test('a finished access job sends productcomplete per product, then jobcomplete, in the Adobe I/O shape', async () => {
    await register();
    const { jobs } = await createJobs(
      emulator,
      oneUserRequest(emulator.options.orgId, 'events@example.test', 'access', [
        'analytics',
        'profileService',
      ]),
    );
    await advance(emulator, 60);
    const events = await receiver.waitFor(3);
    for (const event of events) {
      assert.deepEqual(validate({ $ref: '#/components/schemas/PrivacyEvent' }, event), []);
      assert.equal(event.data.imsOrg, emulator.options.orgId);
      assert.equal(event.data.value.jobId, jobs[0]?.jobId);
    }
    assert.deepEqual(
      new Set(events.slice(0, 2).map((e) => `${e.type} ${e.data.value.message}`)),
      new Set([
        'com.adobe.platform.gdpr.productcomplete analytics.access.complete',
        'com.adobe.platform.gdpr.productcomplete profileservice.access.complete',
      ]),
    );
    assert.equal(events[2]?.type, 'com.adobe.platform.gdpr.jobcomplete');
    assert.equal(events[2]?.data.value.message, 'job.access.complete');
    assert.equal(receiver.headers[0]?.['content-type'], 'application/json');
  });

  void test('each delivery is signed as I/O Events signs: RSA-SHA256 over the body, key at the header path, recipient_client_id inside', async () => {
    await register();
    await createJobs(
      emulator,
      oneUserRequest(emulator.options.orgId, 'signed@example.test', 'delete', ['analytics']),
    );
    await advance(emulator, 60);
    await receiver.waitFor(1);
    const headers = receiver.headers[0]!;
    const body = receiver.bodies[0]!;
    assert.equal(headers['x-adobe-digital-signature-1'], headers['x-adobe-digital-signature-2']);
    const pem = await (await fetch(`${emulator.url}${headers['x-adobe-public-key1-path'] as string}`)).text();
    assert.ok(
      verify(
        'RSA-SHA256',
        Buffer.from(body),
        createPublicKey(pem),
        Buffer.from(headers['x-adobe-digital-signature-1'] as string, 'base64'),
      ),
    );
    assert.equal(
      (JSON.parse(body) as { recipient_client_id: string }).recipient_client_id,
      emulator.options.clientId,
    );
  });

  void test('a failed product sends producterror and its job joberror', async () => {
    await register();
    await createJobs(
      emulator,
      oneUserRequest(emulator.options.orgId, 'error-analytics@example.test', 'delete', ['analytics']),
    );
    await advance(emulator, 60);
    const events = await receiver.waitFor(2);
    assert.deepEqual(
      events.map((e) => [e.type, e.data.value.message]),
      [
        ['com.adobe.platform.gdpr.producterror', 'analytics.delete.error'],
        ['com.adobe.platform.gdpr.joberror', 'job.delete.error'],
      ],
    );
  });

  void test('each event is sent once however often the scheduler looks', async () => {
    await register();
    await createJobs(
      emulator,
      oneUserRequest(emulator.options.orgId, 'once@example.test', 'access', ['analytics']),
    );
    await advance(emulator, 60);
    await receiver.waitFor(2);
    await sleep(150);
    await advance(emulator, 60);
    await sleep(100);
    assert.equal(receiver.events.length, 2);
    assert.equal((await stats()).emitted, 2);
  });

  void test('events of jobs that finished before the webhook was registered are not sent to it', async () => {
    await createJobs(
      emulator,
      oneUserRequest(emulator.options.orgId, 'early@example.test', 'access', ['analytics']),
    );
    await advance(emulator, 60);
    await register();
    await sleep(100);
    assert.equal(receiver.events.length, 0);
  });

  void test('a failed delivery is retried with the same event id until it succeeds, and counted', async () => {
    receiver.failures = 2;
    await register();
    await createJobs(
      emulator,
      oneUserRequest(emulator.options.orgId, 'retry@example.test', 'delete', ['analytics']),
    );
    await advance(emulator, 60);
    await receiver.waitFor(2);
    assert.equal(receiver.attempts, 4);
    const ids = receiver.headers.map((h) => h['x-adobe-event-id']);
    assert.deepEqual(
      ids,
      receiver.events.map((e) => e.event_id),
    );
    const counted = await stats();
    assert.equal(counted.delivered, 2);
    assert.equal(counted.failedAttempts, 2);
    assert.equal(counted.abandoned, 0);
  });

  void test('a delivery that keeps failing is given up after the last attempt, and counted', async () => {
    receiver.failures = 100;
    await register();
    await createJobs(
      emulator,
      oneUserRequest(emulator.options.orgId, 'never@example.test', 'delete', ['analytics']),
    );
    await advance(emulator, 60);
    const deadline = Date.now() + 3000;
    while (((await stats()).abandoned ?? 0) < 2 && Date.now() < deadline) await sleep(20);
    const counted = await stats();
    assert.equal(counted.abandoned, 2);
    assert.equal(counted.failedAttempts, 6);
    assert.equal(receiver.attempts, 6);
  });

  void test('DELETE forgets every webhook and nothing more is sent', async () => {
    await register();
    assert.equal((await emulator.admin('DELETE', '/webhooks')).status, 204);
    assert.deepEqual(
      ((await emulator.admin('GET', '/webhooks')).body as { webhooks: unknown[] }).webhooks,
      [],
    );
    await createJobs(
      emulator,
      oneUserRequest(emulator.options.orgId, 'deaf@example.test', 'access', ['analytics']),
    );
    await advance(emulator, 60);
    await sleep(100);
    assert.equal(receiver.events.length, 0);
  });

  void test('the scheduler finds finished products without the clock being moved', async () => {
    await register();
    const fast = await startTestEmulator({
      ...FAST,
      timing: { processingAfterSeconds: 0, completeAfterSeconds: 0, completeSpreadSeconds: 0, products: {} },
    });
    try {
      assert.equal((await fast.admin('POST', '/webhooks', { url: receiver.url })).status, 201);
      await createJobs(
        fast,
        oneUserRequest(fast.options.orgId, 'tick@example.test', 'access', ['analytics']),
      );
      await receiver.waitFor(2);
    } finally {
      await fast.close();
    }
  });
});

void test('events already sent are not sent again by an emulator restarted on the same data folder', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'emulator-events-'));
  const receiver = new Receiver();
  await receiver.start();
  try {
    const first = await startTestEmulator({ ...FAST, dataDir });
    await first.admin('POST', '/webhooks', { url: receiver.url });
    await createJobs(
      first,
      oneUserRequest(first.options.orgId, 'durable@example.test', 'access', ['analytics']),
    );
    await advance(first, 60);
    await receiver.waitFor(2);
    await first.close();
    const second = await startTestEmulator({ ...FAST, dataDir });
    try {
      await sleep(100);
      assert.equal(receiver.events.length, 2);
      assert.equal(
        ((await second.admin('GET', '/webhooks')).body as { webhooks: unknown[] }).webhooks.length,
        1,
      );
    } finally {
      await second.close();
    }
  } finally {
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

void test('event times are written as Java writes a GMT date: Wed Oct 23 18:52:32 GMT 2019', () => {
  assert.equal(formatEventTime(Date.UTC(2019, 9, 23, 18, 52, 32)), 'Wed Oct 23 18:52:32 GMT 2019');
  assert.equal(formatEventTime(Date.UTC(2026, 0, 4, 3, 5, 9)), 'Sun Jan 04 03:05:09 GMT 2026');
});
