// Local emulator of Adobe IMS and Adobe Experience Platform Privacy Service: the public API.
//
// One URL serves both IMS (`/ims/token/v3`, `/ims/token/v2`, `/ims/exchange/jwt`) and the Platform gateway
// (`/data/core/privacy/...`), plus an admin API for tests and demos (loopback only):
//   GET  /__emulator/stats     calls per route template, tokens issued, jobs by status
//   POST /__emulator/reset     forget jobs, webhooks, counters and the clock offset; faults back to those
//                              given at start (the signing key stays)
//   GET  /__emulator/jobs      every job, all orgs, with details
//   GET|POST /__emulator/clock `{advanceSeconds}` or `{set: iso}`; job states follow the clock
//   GET|POST|DELETE /__emulator/faults, PATCH|DELETE /__emulator/faults/{id}: status, dropResponse,
//                              connectionReset, latency, revokeTokens, ims (see faults.ts)
//   GET|POST|DELETE /__emulator/webhooks  privacy events, Adobe I/O Events style (see events.ts)
//   GET  /__emulator/openapi.json  the emulated API as OpenAPI 3
// Identity values steer outcomes: `notfound` → PRVCY-6052-200, `partial` → PRVCY-6054-200 (those values are
// the ignored ones), `notprovisioned-<product>` → PRVCY-6051-200, `badnamespace` → PRVCY-6053-200,
// `error-<product code>` or `error-all` → PRVCY-1000-400, `slow` → processing for 30 days.
import { createHandler, ROUTE_KEYS } from './app';
import type { EmulatorContext } from './context';
import { EventScheduler } from './events';
import { Faults, parseFault, type FaultSpec } from './faults';
import { defaultEmulatorOptions, DEFAULT_TIMING, resolveOptions, type EmulatorOptions } from './options';
import { listen, stop } from './server';
import { Store } from './state';
import { Stats } from './stats';
import { TokenAuthority } from './tokens';

export type { EmulatorOptions, ProductTiming, TimingModel } from './options';
export type { FaultSpec } from './faults';
export type { PrivacyEvent } from './events';
export { EMULATOR_OPENAPI } from './openapi';
export { defaultEmulatorOptions, DEFAULT_TIMING, ROUTE_KEYS };

/** Checks a fault as the admin API does (for the CLI): the spec, or a message naming the field and the rule. */
export function parseFaultSpec(input: unknown): FaultSpec | string {
  return parseFault(input, ROUTE_KEYS);
}

export interface RunningEmulator {
  /** `http://host:port`: the IMS base URL and the Platform gateway base URL at once. */
  url: string;
  /** Stops listening, drops open connections and waits until the state is on disk. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const faults = resolved.faults.map((fault, i) => {
    const spec = parseFault(fault, ROUTE_KEYS);
    if (typeof spec === 'string') throw new TypeError(`EmulatorOptions.faults[${i}].${spec}`);
    return spec;
  });
  const store = await Store.open(resolved.dataDir, (error) =>
    resolved.logger(`emulator: could not save state: ${(error as Error)?.message ?? String(error)}`),
  );
  const tokens = await TokenAuthority.create(
    store,
    { clientId: resolved.clientId, technicalAccountId: resolved.technicalAccountId, orgId: resolved.orgId },
    resolved.accessTokenTtlSeconds,
  );
  let url = '';
  const parts: Omit<EmulatorContext, 'events'> = {
    options: resolved,
    store,
    faults: new Faults(faults, resolved.faultSeed),
    stats: new Stats(),
    tokens,
    baseUrl: () => url,
  };
  const ctx = parts as EmulatorContext;
  ctx.events = new EventScheduler(ctx);
  const listening = await listen(createHandler(ctx), resolved.host, resolved.port);
  url = listening.url;
  ctx.events.start();
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => {
      ctx.events.stop();
      closing ??= stop(listening.server).then(() => store.flush());
      return closing;
    },
  };
}
