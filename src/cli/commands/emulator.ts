import path from 'node:path';
import { EMULATOR_IDENTITY, loadConfig } from '../../config';
import { defaultEmulatorOptions, startEmulator } from '../../emulator';
import { parse, UsageError, type Command } from '../flags';
import { createOutput } from '../output';

export const emulator: Command = {
  summary: 'run the local Adobe IMS + Privacy Service emulator',
  usage: `privacy-orchestrator emulator [--port N] [--host H] [--data-dir DIR] [--memory]

  --port N        port to listen on (default EMULATOR_PORT, 8910; 0 = any free port)
  --host H        address to bind (default 127.0.0.1)
  --data-dir DIR  where jobs are kept across restarts (default <ORCHESTRATOR_DATA_DIR>/emulator)
  --memory        keep nothing on disk

  Credentials it accepts: org ${EMULATOR_IDENTITY.orgId}, client id ${EMULATOR_IDENTITY.clientId},
  client secret ${EMULATOR_IDENTITY.clientSecret}. Admin API: /__emulator/stats, /faults, /clock, /reset.`,
  async run(argv) {
    const { values } = parse(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      memory: { type: 'boolean', default: false },
    });
    const out = createOutput(values.json);
    if (values.help) return out.result({ usage: this.usage }, () => this.usage), 0;
    const config = loadConfig();
    const port = values.port === undefined ? config.emulator.port : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535');
    const running = await startEmulator({
      ...defaultEmulatorOptions(),
      host: values.host ?? config.emulator.host,
      port,
      dataDir: values.memory ? undefined : path.resolve(values['data-dir'] ?? path.join(config.dataDir, 'emulator')),
    });
    out.result({ url: running.url, ...EMULATOR_IDENTITY }, () => `emulator: listening on ${running.url}; Ctrl-C to stop`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await running.close();
    return 0;
  },
};
