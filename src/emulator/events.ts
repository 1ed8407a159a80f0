// Privacy events in the shape Adobe I/O Events delivers them (reference §12). Job states are computed from the
// clock, never stored, so nothing "happens" when a product finishes: a light scheduler looks for products and jobs
// that have finished since it last looked, marks each event as sent in the state (so it goes out once, restarts
// included) and posts it to every registered webhook, retrying failed deliveries with a doubling delay.
import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from './context';
import { formatEventTime } from './dates';
import { finishedAt, jobStatus, productStates } from './lifecycle';
import type { StoredJob, StoredWebhook } from './state';

export const EVENT_TYPES = {
  productComplete: 'com.adobe.platform.gdpr.productcomplete',
  productError: 'com.adobe.platform.gdpr.producterror',
  jobComplete: 'com.adobe.platform.gdpr.jobcomplete',
  jobError: 'com.adobe.platform.gdpr.joberror',
} as const;

export type PrivacyEventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

export interface PrivacyEvent {
  id: string;
  event_id: string;
  specversion: '0.2';
  type: PrivacyEventType;
  source: 'https://ns.adobe.com/platform/gdpr';
  time: string;
  data: { imsOrg: string; value: { jobId: string; message: string } };
}

export const EVENT_SOURCE = 'https://ns.adobe.com/platform/gdpr';

export class EventScheduler {
  private timer: NodeJS.Timeout | undefined;
  private readonly retries = new Set<NodeJS.Timeout>();
  /** First attempts go out in order per webhook: product events before their job's event. */
  private readonly chains = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly ctx: EmulatorContext) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.ctx.options.eventIntervalMs);
    // A scheduler must never be what keeps a test process or the CLI alive.
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const retry of this.retries) clearTimeout(retry);
    this.retries.clear();
  }

  /** Drops pending retries, as when webhooks are cleared or the emulator is reset. */
  forgetPending(): void {
    for (const retry of this.retries) clearTimeout(retry);
    this.retries.clear();
    this.chains.clear();
  }

  /**
   * Emits every event that became due since the last look. Events of finished products and jobs are marked even
   * with no webhook registered, as Adobe only delivers to registrations that exist when an event happens.
   */
  tick(): void {
    if (this.stopped) return;
    const { store, options } = this.ctx;
    const now = store.now();
    for (const job of store.jobs()) {
      if (job.emitted?.includes('job')) continue;
      const states = productStates(job, now, options);
      for (const state of states) {
        const key = `product:${state.code}`;
        if ((state.status !== 'complete' && state.status !== 'error') || job.emitted?.includes(key)) continue;
        store.markEmitted(job, key);
        const failed = state.status === 'error';
        this.emit(job, failed ? EVENT_TYPES.productError : EVENT_TYPES.productComplete, state.since, {
          message: `${state.code}.${job.action}.${failed ? 'error' : 'complete'}`,
        });
      }
      const done = finishedAt(states);
      if (done === undefined) continue;
      store.markEmitted(job, 'job');
      const failed = jobStatus(states) === 'error';
      this.emit(job, failed ? EVENT_TYPES.jobError : EVENT_TYPES.jobComplete, done, {
        message: `job.${job.action}.${failed ? 'error' : 'complete'}`,
      });
    }
  }

  private emit(job: StoredJob, type: PrivacyEventType, at: number, value: { message: string }): void {
    const event: PrivacyEvent = {
      id: randomUUID(),
      event_id: randomUUID(),
      specversion: '0.2',
      type,
      source: EVENT_SOURCE,
      time: formatEventTime(at),
      data: { imsOrg: job.orgId, value: { jobId: job.jobId, message: value.message } },
    };
    this.ctx.stats.events.emitted++;
    for (const webhook of this.ctx.store.webhooks()) {
      const previous = this.chains.get(webhook.id) ?? Promise.resolve();
      this.chains.set(
        webhook.id,
        previous.then(() => this.attempt(webhook, event, 1)),
      );
    }
  }

  private async attempt(webhook: StoredWebhook, event: PrivacyEvent, attempt: number): Promise<void> {
    const { options, stats, store } = this.ctx;
    if (this.stopped || !store.webhooks().some((w) => w.id === webhook.id)) return;
    let outcome: string;
    try {
      // As I/O Events: the recipient's client id inside the payload, and the payload signed twice (Adobe
      // signs with two keys for rotation; the emulator has one, so both headers carry the same signature).
      const body = JSON.stringify({ ...event, recipient_client_id: options.clientId });
      const { signature, keyPath } = this.ctx.tokens.signEvent(body);
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-adobe-event-id': event.event_id,
          'x-adobe-digital-signature-1': signature,
          'x-adobe-digital-signature-2': signature,
          'x-adobe-public-key1-path': keyPath,
          'x-adobe-public-key2-path': keyPath,
        },
        body,
        signal: AbortSignal.timeout(options.webhookTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        stats.events.delivered++;
        return;
      }
      outcome = `HTTP ${response.status}`;
    } catch (error) {
      outcome = (error as Error)?.message ?? String(error);
    }
    stats.events.failedAttempts++;
    if (attempt >= options.webhookMaxAttempts || this.stopped) {
      stats.events.abandoned++;
      options.logger(
        `emulator: gave up delivering ${event.type} to ${webhook.url} after ${attempt} tries: ${outcome}`,
      );
      return;
    }
    // 1 s, 2 s, 4 s, … by default: the same event, same ids, so a receiver can drop duplicates.
    const retry = setTimeout(
      () => {
        this.retries.delete(retry);
        void this.attempt(webhook, event, attempt + 1);
      },
      options.webhookRetryBaseMs * 2 ** (attempt - 1),
    );
    retry.unref();
    this.retries.add(retry);
  }
}

/**
 * The registration handshake of Adobe I/O Events: a GET with a `challenge` query parameter, answered with the
 * challenge itself (as plain text, or as `{"challenge": …}` JSON). Returns undefined on success, else why not.
 */
export async function verifyChallenge(url: string, timeoutMs: number): Promise<string | undefined> {
  const challenge = randomUUID();
  const target = new URL(url);
  target.searchParams.set('challenge', challenge);
  let text: string;
  try {
    const response = await fetch(target, { signal: AbortSignal.timeout(timeoutMs) });
    text = (await response.text()).trim();
    if (!response.ok) return `the challenge GET answered HTTP ${response.status}`;
  } catch (error) {
    return `the challenge GET failed: ${(error as Error)?.message ?? String(error)}`;
  }
  if (text === challenge) return undefined;
  try {
    if ((JSON.parse(text) as { challenge?: unknown })?.challenge === challenge) return undefined;
  } catch {
    // not JSON: fall through
  }
  return 'the challenge GET did not answer with the challenge value';
}
