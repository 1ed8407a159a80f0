// Faults are handler overrides with a reset, in msw's spirit: a test installs one through the admin API, the next
// matching calls get the override, and `DELETE /__emulator/faults` (or reset) puts the normal handlers back. Faults
// given at start are the "initial handlers": a reset brings them back, as msw's resetHandlers() does.
import type { Reply } from './http';
import { GATEWAY, IMS } from './errors';

/**
 * When a fault fires. `count` alone: the next `count` matching calls. `share` alone: each matching call with that
 * probability, until the fault is removed. Both: with that probability, at most `count` times. Neither: once (the
 * `latency` kind: every call; `revokeTokens`: revoke every token issued so far, at once).
 */
export interface Trigger {
  count?: number;
  share?: number;
}

export type FaultSpec = Trigger &
  (
    | { kind: 'status'; status: 429 | 500 | 502 | 503 | 504; route: string; retryAfterSeconds?: number }
    | { kind: 'dropResponse'; route: string }
    | { kind: 'connectionReset'; route: string }
    | { kind: 'latency'; ms: number; route: string }
    | { kind: 'revokeTokens' }
    | { kind: 'ims'; status: 429 | 503; retryAfterSeconds?: number }
  );

export type FaultKind = FaultSpec['kind'];

export type ActiveFault = FaultSpec & {
  id: number;
  /** A disabled fault stays listed and keeps its count, but never fires until enabled again. */
  enabled: boolean;
  /** Calls it fired on so far. */
  hits: number;
  /** Firings left; absent when the fault fires until removed. */
  remaining?: number;
};

/** Which side of the emulator a route belongs to: `*` in a status fault means every Privacy Service route. */
export type RouteFamily = 'ims' | 'privacy';

const DEFAULT_RETRY_AFTER_SECONDS = 1;
export const FAULT_KINDS: readonly FaultKind[] = [
  'status',
  'dropResponse',
  'connectionReset',
  'latency',
  'revokeTokens',
  'ims',
];

export class Faults {
  private active: ActiveFault[] = [];
  private nextId = 1;
  private random: () => number;

  /** `initial` faults come back on every reset; `seed` makes `share` decisions repeatable. */
  constructor(
    private readonly initial: readonly FaultSpec[] = [],
    private readonly seed?: number,
  ) {
    this.random = randomSource(seed);
    this.reset();
  }

  /** Back to the faults given at start, with fresh counts and a re-seeded random source. */
  reset(): void {
    this.active = [];
    this.random = randomSource(this.seed);
    for (const spec of this.initial) this.add(spec);
  }

  add(spec: FaultSpec, enabled = true): ActiveFault {
    const fault: ActiveFault = { ...spec, id: this.nextId++, enabled, hits: 0 };
    const once = spec.share === undefined && spec.kind !== 'latency';
    if (spec.count !== undefined || once) fault.remaining = spec.count ?? 1;
    // A revokeTokens without count or share is an act, not a standing rule: the caller revokes, nothing is kept.
    if (!(spec.kind === 'revokeTokens' && spec.count === undefined && spec.share === undefined)) {
      this.active.push(fault);
    }
    return { ...fault };
  }

  list(): ActiveFault[] {
    return this.active.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.active = [];
  }

  remove(id: number): boolean {
    const before = this.active.length;
    this.active = this.active.filter((fault) => fault.id !== id);
    return this.active.length < before;
  }

  setEnabled(id: number, enabled: boolean): ActiveFault | undefined {
    const fault = this.active.find((f) => f.id === id);
    if (!fault) return undefined;
    fault.enabled = enabled;
    return { ...fault };
  }

  /** Whether the connection of this call must be cut before anything is read or done. */
  takeConnectionReset(routeKey: string): boolean {
    return this.take((f) => f.kind === 'connectionReset' && matches(f.route, routeKey)).length > 0;
  }

  /** Milliseconds to wait before answering this call. */
  latency(routeKey: string): number {
    return this.take((f) => f.kind === 'latency' && matches(f.route, routeKey), true).reduce(
      (total, fault) => total + (fault.kind === 'latency' ? fault.ms : 0),
      0,
    );
  }

  /** The reply that replaces the handler for this call, if a fault claims it. */
  takeOverride(routeKey: string, family: RouteFamily): Reply | undefined {
    // `*` in a status fault means Privacy Service; IMS has its own `ims` kind, or a status fault naming its route.
    const [fault] = this.take((f) =>
      family === 'ims'
        ? f.kind === 'ims' || (f.kind === 'status' && f.route === routeKey)
        : (f.kind === 'status' && matches(f.route, routeKey)) || f.kind === 'revokeTokens',
    );
    if (fault?.kind === 'ims') {
      return IMS.throttled(fault.status, fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
    }
    // The gateway's validator "can" fail a good token transiently (reference §2): the same answer as a revoked one.
    if (fault?.kind === 'revokeTokens') return GATEWAY.tokenInvalid();
    if (fault?.kind !== 'status') return undefined;
    if (fault.status === 429) {
      return GATEWAY.throttled(fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
    }
    const reply = GATEWAY.serverError(fault.status);
    if (fault.retryAfterSeconds !== undefined) {
      reply.headers = { ...reply.headers, 'retry-after': String(fault.retryAfterSeconds) };
    }
    return reply;
  }

  /** Whether the answer to this call must be lost after the work is done. */
  takeDrop(routeKey: string): boolean {
    return this.take((f) => f.kind === 'dropResponse' && matches(f.route, routeKey)).length > 0;
  }

  /** The faults that fire on this call: the first one, or with `all` every one (latencies add up). */
  private take(predicate: (fault: ActiveFault) => boolean, all = false): ActiveFault[] {
    const fired: ActiveFault[] = [];
    for (const fault of this.active) {
      if (!fault.enabled || !predicate(fault)) continue;
      if (fault.share !== undefined && !(this.random() < fault.share)) continue;
      fault.hits += 1;
      if (fault.remaining !== undefined) fault.remaining -= 1;
      fired.push(fault);
      if (!all) break;
    }
    this.active = this.active.filter((fault) => fault.remaining === undefined || fault.remaining > 0);
    return fired;
  }
}

function matches(route: string, routeKey: string): boolean {
  return route === '*' || route === routeKey;
}

/** mulberry32: tiny, fast and good enough to decide which calls fail; Math.random when no seed is given. */
function randomSource(seed: number | undefined): () => number {
  if (seed === undefined) return Math.random;
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Checks a fault from the admin API or the CLI; returns the spec or a message naming the field and the rule. */
export function parseFault(body: unknown, routeKeys: readonly string[]): FaultSpec | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body: must be a JSON object';
  const input = body as Record<string, unknown>;
  const route = (): string | undefined => {
    const value = input.route ?? '*';
    return typeof value === 'string' && (value === '*' || routeKeys.includes(value)) ? value : undefined;
  };
  const routeError = `route: must be "*" or one of ${routeKeys.map((key) => `"${key}"`).join(', ')}`;
  const { count, share, retryAfterSeconds } = input;
  if (count !== undefined && !(Number.isInteger(count) && (count as number) > 0)) {
    return 'count: must be a positive integer';
  }
  if (share !== undefined && !(typeof share === 'number' && share >= 0 && share <= 1)) {
    return 'share: must be a number from 0 to 1';
  }
  if (
    retryAfterSeconds !== undefined &&
    !(Number.isInteger(retryAfterSeconds) && (retryAfterSeconds as number) >= 0)
  ) {
    return 'retryAfterSeconds: must be a whole number of seconds, 0 or more';
  }
  const trigger: Trigger = {
    ...(count !== undefined && { count: count as number }),
    ...(share !== undefined && { share: share as number }),
  };
  const retry = retryAfterSeconds !== undefined ? { retryAfterSeconds: retryAfterSeconds as number } : {};
  switch (input.kind) {
    case 'status': {
      const status = input.status;
      if (status !== 429 && status !== 500 && status !== 502 && status !== 503 && status !== 504) {
        return 'status: must be 429, 500, 502, 503 or 504';
      }
      const r = route();
      if (r === undefined) return routeError;
      return { kind: 'status', status, route: r, ...trigger, ...retry };
    }
    case 'dropResponse':
    case 'connectionReset': {
      const r = route();
      if (r === undefined) return routeError;
      return { kind: input.kind, route: r, ...trigger };
    }
    case 'latency': {
      const r = route();
      if (r === undefined) return routeError;
      if (!Number.isInteger(input.ms) || (input.ms as number) < 0 || (input.ms as number) > 120_000) {
        return 'ms: must be a whole number of milliseconds from 0 to 120000';
      }
      return { kind: 'latency', ms: input.ms as number, route: r, ...trigger };
    }
    case 'revokeTokens':
      return { kind: 'revokeTokens', ...trigger };
    case 'ims': {
      const status = input.status;
      if (status !== 429 && status !== 503) return 'status: must be 429 or 503';
      return { kind: 'ims', status, ...trigger, ...retry };
    }
    default:
      return `kind: must be one of ${FAULT_KINDS.map((kind) => `"${kind}"`).join(', ')}`;
  }
}
