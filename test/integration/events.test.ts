// Privacy events from Adobe cut the wait short; cancelling a job stops its tracking and says so.
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { readEvent, startEventReceiver } from '../../src/events/receiver';
import { startRun } from '../helpers/stack';

describe('privacy events and cancellation', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('reads a job as soon as Adobe sends its event, long before the next poll', async () => {
    // A first poll after one minute: only events can finish this test in time.
    const { worker, orchestrator, gdprRequest, close } = await startRun(
      {},
      {
        ORCHESTRATOR_POLL_INTERVAL: '60',
        ORCHESTRATOR_POLL_MAX_INTERVAL: '60',
        ORCHESTRATOR_EVENTS_PORT: '0',
      },
    );
    cleanups.push(close);
    assert.match(worker.events!.url, /^http:\/\/127\.0\.0\.1:\d+\/adobe\/events$/);

    const started = Date.now();
    const result = await orchestrator.result((await orchestrator.submit(await gdprRequest())).submissionId);

    assert.ok(result.jobs.every((j) => j.outcome.status === 'complete'));
    assert.ok(Date.now() - started < 45_000, 'the jobs waited for a poll instead of an event');
    assert.ok(worker.events!.delivered >= 4, 'each job should have heard from Adobe');
  });

  it('stops tracking a cancelled job and records that in the audit trail', async () => {
    const { stack, orchestrator, gdprRequest, close } = await startRun(
      {
        timing: {
          processingAfterSeconds: 1,
          completeAfterSeconds: 3600,
          completeSpreadSeconds: 0,
          products: {},
        },
      },
      { ORCHESTRATOR_EVENTS_PORT: 'off' },
    );
    cleanups.push(close);

    const { submissionId } = await orchestrator.submit(await gdprRequest());
    let jobId: string | undefined;
    for (let i = 0; i < 100 && !jobId; i++) {
      const status = await orchestrator.status(submissionId);
      jobId = status.kind === 'submission' ? status.state?.jobs[0]?.jobId : undefined;
      if (!jobId) await new Promise((r) => setTimeout(r, 100));
    }
    await orchestrator.cancel(`privacy-job-${jobId}`);
    const status = await orchestrator.status(`privacy-job-${jobId}`);
    assert.equal(status.running, false);
    assert.equal(status.failure, undefined);
    assert.deepEqual(
      [status.state?.phase, status.kind === 'job' && status.state?.status],
      ['cancelled', 'cancelled'],
    );
    const audit = readFileSync(stack.config.auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      audit.map((a) => [a.jobId, a.status]),
      [[jobId, 'tracking-cancelled']],
    );
    await orchestrator.cancel(submissionId);
    const submission = await orchestrator.status(submissionId);
    assert.ok(submission.kind === 'submission');
    assert.deepEqual(
      new Set(Object.values(submission.state!.outcomes).map((o) => o.status)),
      new Set(['cancelled']),
    );
  });

  it('refuses events without the webhook token, and needs one beyond loopback', async () => {
    const { stack, close } = await startRun({}, { ORCHESTRATOR_EVENTS_PORT: 'off' });
    cleanups.push(close);
    const connection = await Connection.connect({ address: stack.config.temporal.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection });
    const receiver = await startEventReceiver(client, { host: '127.0.0.1', port: 0, token: 's3cret' });
    cleanups.push(() => receiver.close());
    assert.match(receiver.url, /\?token=s3cret$/);
    const event = JSON.stringify({
      type: 'com.adobe.platform.gdpr.jobcomplete',
      data: { value: { jobId: 'nope' } },
    });
    const refused = await fetch(receiver.url.replace('s3cret', 'wrong'), { method: 'POST', body: event });
    assert.equal(refused.status, 401);
    const accepted = await fetch(receiver.url, { method: 'POST', body: event });
    assert.equal(accepted.status, 200, 'an event for an unknown job is accepted and ignored');
    await assert.rejects(
      startEventReceiver(client, { host: '0.0.0.0', port: 0 }),
      /not loopback\): keep signature checks on or set ORCHESTRATOR_EVENTS_TOKEN/,
    );
  });

  it('acts only on events whose Adobe signature verifies and that are meant for our client id', async () => {
    const { stack, close } = await startRun({}, { ORCHESTRATOR_EVENTS_PORT: 'off' });
    cleanups.push(close);
    const connection = await Connection.connect({ address: stack.config.temporal.address });
    cleanups.push(() => connection.close());
    const receiver = await startEventReceiver(new Client({ connection }), {
      host: '127.0.0.1',
      port: 0,
      verify: { keyHost: stack.emulator.url, clientId: stack.config.adobe.clientId },
    });
    cleanups.push(() => receiver.close());
    const body = JSON.stringify({
      type: 'com.adobe.platform.gdpr.jobcomplete',
      recipient_client_id: stack.config.adobe.clientId,
      data: { value: { jobId: 'j-1' } },
    });
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const keyPath = (
      (await (await fetch(`${stack.emulator.url}/__emulator/stats`)).json()) as {
        events: { keyPath: string };
      }
    ).events.keyPath;
    const post = (signature: string | undefined, path = keyPath) =>
      fetch(receiver.url, {
        method: 'POST',
        body,
        headers: signature
          ? { 'x-adobe-digital-signature-1': signature, 'x-adobe-public-key1-path': path }
          : {},
      });
    assert.equal((await post(undefined)).status, 401, 'unsigned');
    assert.equal(
      (await post(sign('RSA-SHA256', Buffer.from(body), forger).toString('base64'))).status,
      401,
      'signed by someone else',
    );
    assert.equal(
      (await post('AAAA', '/../../etc/passwd.pem')).status,
      401,
      'a key path outside the key host',
    );
  });

  it('reads the job id from an I/O Events payload, bare or wrapped', () => {
    const event = {
      type: 'com.adobe.platform.gdpr.productcomplete',
      data: { imsOrg: 'X@AdobeOrg', value: { jobId: 'j-1', message: 'analytics.access.complete' } },
    };
    assert.deepEqual(readEvent(JSON.stringify(event)), {
      jobId: 'j-1',
      type: event.type,
      message: 'analytics.access.complete',
    });
    assert.deepEqual(readEvent(JSON.stringify({ event })), {
      jobId: 'j-1',
      type: event.type,
      message: 'analytics.access.complete',
    });
    assert.equal(readEvent('{"type":"x"}'), undefined);
    assert.equal(readEvent('not json'), undefined);
  });
});
