// The embedded default: when no Adobe credentials are configured, the worker, the CLI and the demo use
// the local emulator, starting one in this process if none answers at EMULATOR_PORT.
import path from 'node:path';
import { EMULATOR_IDENTITY, type Config } from '../config';
import { defaultEmulatorOptions, startEmulator, type RunningEmulator } from '../emulator';

export async function emulatorAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/__emulator/stats`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Starts the emulator the configuration points at unless one already answers there. */
export async function ensureEmulator(config: Config): Promise<RunningEmulator | undefined> {
  if (config.adobe.mode !== 'emulator') return undefined;
  const base = new URL(config.adobe.imsUrl).origin;
  if (await emulatorAnswers(base)) return undefined;
  const url = new URL(base);
  return startEmulator({
    ...defaultEmulatorOptions(),
    ...EMULATOR_IDENTITY,
    orgId: config.adobe.orgId,
    host: url.hostname,
    port: Number(url.port),
    dataDir: path.join(config.dataDir, 'emulator'),
  });
}
