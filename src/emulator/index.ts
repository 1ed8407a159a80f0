// Local emulator of Adobe IMS and Adobe Experience Platform Privacy Service: the public API.
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
