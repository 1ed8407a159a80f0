// Local emulator of Adobe IMS and Adobe Experience Platform Privacy Service: the public API.
//
// One URL serves both IMS (`/ims/token/v3`, `/ims/token/v2`, `/ims/exchange/jwt`) and the Platform gateway
// (`/data/core/privacy/...`), plus an admin API for tests and demos (loopback only):
//   GET  /__emulator/stats     calls per route template, tokens issued, jobs by status
//   POST /__emulator/reset     forget jobs, counters, faults and the clock offset (the signing key stays)
//   GET  /__emulator/jobs      every job, all orgs, with details
//   GET|POST /__emulator/clock `{advanceSeconds}` or `{set: iso}`; job states follow the clock
//   GET|POST|DELETE /__emulator/faults  status, dropResponse, latency, revokeTokens, ims (see faults.ts)
// Identity values steer outcomes: `notfound` → PRVCY-6052-200, `partial` → PRVCY-6054-200 (those values are
// the ignored ones), `error-<product code>` or `error-all` → PRVCY-1000-400, `slow` → processing for 30 days.
import { createHandler } from './app';
import type { EmulatorContext } from './context';
import { Faults } from './faults';
import { defaultEmulatorOptions, DEFAULT_TIMING, resolveOptions, type EmulatorOptions } from './options';
import { listen, stop } from './server';
import { Store } from './state';
import { Stats } from './stats';
import { TokenAuthority } from './tokens';

export type { EmulatorOptions, ProductTiming, TimingModel } from './options';
export { defaultEmulatorOptions, DEFAULT_TIMING };

export interface RunningEmulator {
  /** `http://host:port`: the IMS base URL and the Platform gateway base URL at once. */
  url: string;
  /** Stops listening, drops open connections and waits until the state is on disk. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const store = await Store.open(resolved.dataDir, (error) =>
    resolved.logger(`emulator: could not save state: ${(error as Error)?.message ?? String(error)}`),
  );
  const tokens = await TokenAuthority.create(
    store,
    { clientId: resolved.clientId, technicalAccountId: resolved.technicalAccountId, orgId: resolved.orgId },
    resolved.accessTokenTtlSeconds,
  );
  let url = '';
  const ctx: EmulatorContext = {
    options: resolved,
    store,
    faults: new Faults(),
    stats: new Stats(),
    tokens,
    baseUrl: () => url,
  };
  const listening = await listen(createHandler(ctx), resolved.host, resolved.port);
  url = listening.url;
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => {
      closing ??= stop(listening.server).then(() => store.flush());
      return closing;
    },
  };
}
