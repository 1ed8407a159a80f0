import path from 'node:path';
import { createCodec } from '../../codec';
import { startCodecServer } from '../../codec/server';
import { loadConfig, type Config } from '../../config';
import { ensureDevServer, type DevServer } from '../../local/temporal-server';
import { startWorker } from '../../worker';
import { parse, type Command } from '../flags';
import { createOutput } from '../output';

export const dev: Command = {
  summary: 'run a Temporal dev server, the emulator and a worker together until Ctrl-C',
  usage: `privacy-orchestrator dev

  Starts (or reuses) a Temporal dev server at TEMPORAL_ADDRESS with its database in
  <ORCHESTRATOR_DATA_DIR>/temporal.db and the UI on its port + 1000 (http://localhost:8233 by default), a
  codec server for the UI on CODEC_SERVER_PORT (8888), the emulator, and a worker.`,
  async run(argv) {
    const { values } = parse(argv, {});
    const out = createOutput(values.json);
    if (values.help) return (out.result({ usage: this.usage }, () => this.usage), 0);
    const config = loadConfig();
    const codec = await startCodecServer(createCodec(config), {
      port: config.codecServerPort,
      origins: uiOrigins(config),
    }).catch(() => {
      out.info(
        `dev: port ${config.codecServerPort} is taken (CODEC_SERVER_PORT): no codec server, the UI will show payloads encrypted`,
      );
      return undefined;
    });
    const server = await startLocalTemporal(config, false, out.info, codec?.url);
    if (!server.process) {
      out.info(
        `dev: reusing the Temporal server already at ${server.address}${codec ? `; in its UI set the codec server to ${codec.url}` : ''}`,
      );
    }
    const handle = await startWorker(config);
    out.info(
      `dev: Temporal at ${config.temporal.address} (UI ${uiUrl(config)}${codec ? `, codec server ${codec.url}` : ''}), worker on ${config.temporal.taskQueue}, Adobe ${config.adobe.mode === 'emulator' ? `emulator at ${config.adobe.imsUrl}` : config.adobe.privacyUrl}; Ctrl-C to stop`,
    );
    await handle.done;
    await codec?.close();
    await server.stop();
    return 0;
  },
};

/** The dev server's web UI listens on the frontend port + 1000 (8233 for 7233). */
export function uiUrl(config: Config): string {
  return `http://localhost:${uiPort(config)}`;
}

function uiPort(config: Config): number {
  return Number(config.temporal.address.split(':')[1] ?? 7233) + 1000;
}

/** The dev server the configuration points at, started with persistent state under the data folder. */
export async function startLocalTemporal(
  config: Config,
  detached: boolean,
  log: (line: string) => void,
  codecEndpoint?: string,
): Promise<DevServer> {
  const [host, port] = config.temporal.address.split(':');
  return ensureDevServer({
    codecEndpoint,
    host: host === 'localhost' ? '127.0.0.1' : host,
    port: Number(port ?? 7233),
    uiPort: uiPort(config),
    dbFile: path.join(config.dataDir, 'temporal.db'),
    logFile: path.join(config.dataDir, 'temporal.log'),
    detached,
    log,
  });
}

function uiOrigins(config: Config): string[] {
  const url = uiUrl(config);
  return [url, url.replace('localhost', '127.0.0.1')];
}
