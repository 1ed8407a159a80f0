// The emulator's own control surface under /__emulator: counters, reset, the clock and faults. It has no auth
// and so answers loopback callers only (checked in app.ts).
import { randomUUID } from 'node:crypto';
import type { JobStatus } from '../adobe/types';
import type { Call, EmulatorContext } from './context';
import { ADMIN } from './errors';
import { verifyChallenge } from './events';
import { parseFault } from './faults';
import { empty, json, type Reply } from './http';
import { jobDetails, jobSummary, jobVisible } from './lifecycle';
import { EMULATOR_OPENAPI } from './openapi';

function jsonOf(call: Call): { ok: true; value: unknown } | { ok: false; reply: Reply } {
  const text = call.body.toString('utf8').trim();
  if (text === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reply: ADMIN.badRequest('body: is not valid JSON') };
  }
}

export function stats(ctx: EmulatorContext): Reply {
  const now = ctx.store.now();
  const byStatus: Record<JobStatus, number> = { submitted: 0, processing: 0, complete: 0, error: 0 };
  for (const job of ctx.store.jobs()) byStatus[jobSummary(job, now, ctx.options).status]++;
  return json(200, {
    calls: { ...ctx.stats.calls },
    tokensIssued: ctx.stats.tokensIssued,
    jobs: { created: ctx.stats.jobsCreated, stored: ctx.store.jobs().length, byStatus },
    events: { ...ctx.stats.events, webhooks: ctx.store.webhooks().length, keyPath: ctx.tokens.eventKeyPath },
  });
}

/**
 * Forget jobs, webhooks, counters and the clock offset, and put the faults back to those given at start; the
 * signing key stays so held tokens still work.
 */
export function reset(ctx: EmulatorContext): Reply {
  ctx.events.forgetPending();
  ctx.store.reset();
  ctx.stats.reset();
  ctx.faults.reset();
  ctx.tokens.clearRevocations();
  return empty(204);
}

export function jobs(ctx: EmulatorContext): Reply {
  const now = ctx.store.now();
  return json(200, {
    jobs: ctx.store.jobs().map((job) => ({
      orgId: job.orgId,
      createdAt: new Date(job.createdAt).toISOString(),
      products: job.products,
      // Past the 30-day retention the gateway answers 404; the admin view still shows the job, marked.
      retained: jobVisible(job, now, ctx.options),
      emitted: job.emitted ?? [],
      ...jobDetails(job, now, ctx.options, ctx.baseUrl()),
    })),
  });
}

export function getClock(ctx: EmulatorContext): Reply {
  return json(200, { now: new Date(ctx.store.now()).toISOString(), offsetMs: ctx.store.clockOffsetMs });
}

export function setClock(ctx: EmulatorContext, call: Call): Reply {
  const body = jsonOf(call);
  if (!body.ok) return body.reply;
  const input = body.value as Record<string, unknown>;
  if (typeof input !== 'object' || input === null) return ADMIN.badRequest('body: must be a JSON object');
  if (input.advanceSeconds !== undefined) {
    if (typeof input.advanceSeconds !== 'number' || !Number.isFinite(input.advanceSeconds)) {
      return ADMIN.badRequest('advanceSeconds: must be a number of seconds');
    }
    ctx.store.setClockOffset(ctx.store.clockOffsetMs + Math.round(input.advanceSeconds * 1000));
  } else if (input.set !== undefined) {
    const target = typeof input.set === 'string' ? Date.parse(input.set) : NaN;
    if (Number.isNaN(target)) return ADMIN.badRequest('set: must be an ISO-8601 date-time');
    ctx.store.setClockOffset(target - Date.now());
  } else {
    return ADMIN.badRequest('body: must have advanceSeconds or set');
  }
  // Events that became due with this move go out now rather than at the next scheduler tick.
  ctx.events.tick();
  return getClock(ctx);
}

export function listFaults(ctx: EmulatorContext): Reply {
  return json(200, { faults: ctx.faults.list() });
}

export function addFault(ctx: EmulatorContext, call: Call, routeKeys: readonly string[]): Reply {
  const body = jsonOf(call);
  if (!body.ok) return body.reply;
  const spec = parseFault(body.value, routeKeys);
  if (typeof spec === 'string') return ADMIN.badRequest(spec);
  const enabled = (body.value as { enabled?: unknown }).enabled ?? true;
  if (typeof enabled !== 'boolean') return ADMIN.badRequest('enabled: must be a boolean');
  const fault = ctx.faults.add(spec, enabled);
  if (spec.kind === 'revokeTokens' && spec.count === undefined && spec.share === undefined) {
    return json(201, { ...fault, revokedTokens: ctx.tokens.revokeAll() });
  }
  return json(201, fault);
}

/** All faults off, those given at start included (a reset brings those back). */
export function clearFaults(ctx: EmulatorContext): Reply {
  ctx.faults.clear();
  ctx.tokens.clearRevocations();
  return empty(204);
}

function faultId(call: Call): number | undefined {
  const id = Number(call.params.id);
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

export function removeFault(ctx: EmulatorContext, call: Call): Reply {
  const id = faultId(call);
  if (id === undefined || !ctx.faults.remove(id)) return ADMIN.notFound(`fault ${call.params.id}`);
  return empty(204);
}

/** `{"enabled": false}` switches a fault off without losing it; `true` switches it back on. */
export function patchFault(ctx: EmulatorContext, call: Call): Reply {
  const body = jsonOf(call);
  if (!body.ok) return body.reply;
  const enabled = (body.value as { enabled?: unknown } | null)?.enabled;
  if (typeof enabled !== 'boolean') return ADMIN.badRequest('enabled: is required and must be a boolean');
  const id = faultId(call);
  const fault = id === undefined ? undefined : ctx.faults.setEnabled(id, enabled);
  return fault ? json(200, fault) : ADMIN.notFound(`fault ${call.params.id}`);
}

export function listWebhooks(ctx: EmulatorContext): Reply {
  const { delivered, failedAttempts, abandoned } = ctx.stats.events;
  return json(200, { webhooks: ctx.store.webhooks(), delivered, failedAttempts, abandoned });
}

/** Registers `{url}` once it has answered Adobe I/O Events' challenge GET; 400 if it does not. */
export async function addWebhook(ctx: EmulatorContext, call: Call): Promise<Reply> {
  const body = jsonOf(call);
  if (!body.ok) return body.reply;
  const url = (body.value as { url?: unknown } | null)?.url;
  if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/i.test(url) || !URL.canParse(url)) {
    return ADMIN.badRequest('url: is required and must be an http or https URL');
  }
  const failure = await verifyChallenge(url, ctx.options.webhookTimeoutMs);
  if (failure !== undefined) return ADMIN.badRequest(`url: ${failure}`);
  const webhook = { id: randomUUID(), url, registeredAt: new Date().toISOString() };
  ctx.store.addWebhook(webhook);
  return json(201, webhook);
}

export function clearWebhooks(ctx: EmulatorContext): Reply {
  ctx.events.forgetPending();
  ctx.store.clearWebhooks();
  return empty(204);
}

/** A worker that stops takes its own webhook away, and only its own. */
export function removeWebhook(ctx: EmulatorContext, call: Call): Reply {
  if (!ctx.store.removeWebhook(String(call.params.id))) return ADMIN.notFound(`webhook ${call.params.id}`);
  return empty(204);
}

/** The public key that verifies event signatures, where the events' key-path headers point. */
export function eventKey(ctx: EmulatorContext, call: Call): Reply {
  if (`/__emulator/events/keys/${call.params.name}` !== ctx.tokens.eventKeyPath)
    return ADMIN.notFound(`key ${call.params.name}`);
  return {
    status: 200,
    headers: { 'content-type': 'application/x-pem-file' },
    body: Buffer.from(ctx.tokens.publicKeyPem),
  };
}

export function openapi(): Reply {
  return json(200, EMULATOR_OPENAPI);
}
