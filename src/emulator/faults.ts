// Faults are handler overrides with a reset, in msw's spirit: a test installs one through the admin API, the next
// matching calls get the override, and `DELETE /__emulator/faults` (or reset) puts the normal handlers back.
import type { Reply } from './http';
import { GATEWAY, IMS } from './errors';

export type FaultSpec =
  | {
      kind: 'status';
      status: 429 | 500 | 502 | 503;
      route: string;
      count: number;
      retryAfterSeconds?: number;
    }
  | { kind: 'dropResponse'; route: string; count: number }
  | { kind: 'latency'; ms: number; route: string }
  | { kind: 'revokeTokens' }
  | { kind: 'ims'; status: 429 | 503; count: number; retryAfterSeconds?: number };

export type ActiveFault = FaultSpec & { id: number; remaining?: number };

/** Which side of the emulator a route belongs to: `*` in a status fault means every Privacy Service route. */
export type RouteFamily = 'ims' | 'privacy';

const DEFAULT_RETRY_AFTER_SECONDS = 1;

export class Faults {
  private active: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = { ...spec, id: this.nextId++ };
    if ('count' in spec) fault.remaining = spec.count;
    if (spec.kind !== 'revokeTokens') this.active.push(fault);
    return fault;
  }

  list(): ActiveFault[] {
    return this.active.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.active = [];
  }

  /** Milliseconds to wait before answering this call. */
  latency(routeKey: string): number {
    return this.active
      .filter((fault) => fault.kind === 'latency' && matches(fault.route, routeKey))
      .reduce((total, fault) => total + (fault.kind === 'latency' ? fault.ms : 0), 0);
  }

  /** The reply that replaces the handler for this call, if a fault claims it. */
  takeOverride(routeKey: string, family: RouteFamily): Reply | undefined {
    // `*` in a status fault means Privacy Service; IMS has its own `ims` kind, or a status fault naming its route.
    const fault = this.take((f) =>
      family === 'ims'
        ? f.kind === 'ims' || (f.kind === 'status' && f.route === routeKey)
        : f.kind === 'status' && matches(f.route, routeKey),
    );
    if (fault?.kind === 'ims')
      return IMS.throttled(fault.status, fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
    if (fault?.kind !== 'status') return undefined;
    if (fault.status === 429)
      return GATEWAY.throttled(fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
    const reply = GATEWAY.serverError(fault.status);
    if (fault.retryAfterSeconds !== undefined) {
      reply.headers = { ...reply.headers, 'retry-after': String(fault.retryAfterSeconds) };
    }
    return reply;
  }

  /** Whether the answer to this call must be lost after the work is done. */
  takeDrop(routeKey: string): boolean {
    return this.take((f) => f.kind === 'dropResponse' && matches(f.route, routeKey)) !== undefined;
  }

  private take(predicate: (fault: ActiveFault) => boolean): ActiveFault | undefined {
    const fault = this.active.find(predicate);
    if (!fault) return undefined;
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.active = this.active.filter((f) => f !== fault);
    }
    return fault;
  }
}

function matches(route: string, routeKey: string): boolean {
  return route === '*' || route === routeKey;
}

/** Checks a fault from the admin API; returns the spec or a message naming the field and the rule. */
export function parseFault(body: unknown, routeKeys: readonly string[]): FaultSpec | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body: must be a JSON object';
  const input = body as Record<string, unknown>;
  const route = (): string | undefined => {
    const value = input.route ?? '*';
    return typeof value === 'string' && (value === '*' || routeKeys.includes(value)) ? value : undefined;
  };
  const count = (): number | undefined => {
    const value = input.count ?? 1;
    return Number.isInteger(value) && (value as number) > 0 ? (value as number) : undefined;
  };
  const retryAfter = input.retryAfterSeconds;
  if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && (retryAfter as number) >= 0)) {
    return 'retryAfterSeconds: must be a whole number of seconds, 0 or more';
  }
  const routeError = `route: must be "*" or one of ${routeKeys.map((key) => `"${key}"`).join(', ')}`;
  const countError = 'count: must be a positive integer';
  switch (input.kind) {
    case 'status': {
      const status = input.status;
      if (status !== 429 && status !== 500 && status !== 502 && status !== 503) {
        return 'status: must be 429, 500, 502 or 503';
      }
      const r = route();
      const c = count();
      if (r === undefined) return routeError;
      if (c === undefined) return countError;
      return {
        kind: 'status',
        status,
        route: r,
        count: c,
        ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter as number }),
      };
    }
    case 'dropResponse': {
      const r = route();
      const c = count();
      if (r === undefined) return routeError;
      if (c === undefined) return countError;
      return { kind: 'dropResponse', route: r, count: c };
    }
    case 'latency': {
      const r = route();
      if (r === undefined) return routeError;
      if (!Number.isInteger(input.ms) || (input.ms as number) < 0 || (input.ms as number) > 120_000) {
        return 'ms: must be a whole number of milliseconds from 0 to 120000';
      }
      return { kind: 'latency', ms: input.ms as number, route: r };
    }
    case 'revokeTokens':
      return { kind: 'revokeTokens' };
    case 'ims': {
      const status = input.status;
      if (status !== 429 && status !== 503) return 'status: must be 429 or 503';
      const c = count();
      if (c === undefined) return countError;
      return {
        kind: 'ims',
        status,
        count: c,
        ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter as number }),
      };
    }
    default:
      return 'kind: must be one of "status", "dropResponse", "latency", "revokeTokens", "ims"';
  }
}
