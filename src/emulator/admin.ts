// The emulator's own control surface under /__emulator: counters, reset, the clock and faults. It has no auth
// and so answers loopback callers only (checked in app.ts).
import type { JobStatus } from '../adobe/types';
import type { Call, EmulatorContext } from './context';
import { ADMIN } from './errors';
import { parseFault } from './faults';
import { empty, json, type Reply } from './http';
import { jobDetails, jobSummary } from './lifecycle';

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
  for (const job of ctx.store.jobs()) byStatus[jobSummary(job, now, ctx.options.timing).status]++;
  return json(200, {
    calls: { ...ctx.stats.calls },
    tokensIssued: ctx.stats.tokensIssued,
    jobs: { created: ctx.stats.jobsCreated, stored: ctx.store.jobs().length, byStatus },
  });
}

/** Forget jobs, counters, faults and the clock offset; the signing key stays so held tokens still work. */
export function reset(ctx: EmulatorContext): Reply {
  ctx.store.reset();
  ctx.stats.reset();
  ctx.faults.clear();
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
      ...jobDetails(job, now, ctx.options.timing, ctx.baseUrl()),
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
  const fault = ctx.faults.add(spec);
  if (spec.kind === 'revokeTokens') return json(201, { ...fault, revokedTokens: ctx.tokens.revokeAll() });
  return json(201, fault);
}

export function clearFaults(ctx: EmulatorContext): Reply {
  ctx.faults.clear();
  ctx.tokens.clearRevocations();
  return empty(204);
}
