import path from 'node:path';
import { EMULATOR_IDENTITY, loadConfig } from '../../config';
import {
  defaultEmulatorOptions,
  parseFaultSpec,
  startEmulator,
  type EmulatorOptions,
  type FaultSpec,
} from '../../emulator';
import { parse, UsageError, type Command } from '../flags';
import { createOutput } from '../output';

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  memory: { type: 'boolean', default: false },
  fault: { type: 'string', multiple: true },
  'latency-ms': { type: 'string' },
  'fail-rate': { type: 'string' },
  'fault-seed': { type: 'string' },
  'timing-complete-seconds': { type: 'string' },
  'legacy-regulations': { type: 'boolean', default: false },
  'page-base': { type: 'string' },
} as const;

/** The flag values that shape the emulator's behaviour (not where it listens). */
export interface BehaviourFlags {
  fault?: string[];
  'latency-ms'?: string;
  'fail-rate'?: string;
  'fault-seed'?: string;
  'timing-complete-seconds'?: string;
  'legacy-regulations'?: boolean;
  'page-base'?: string;
}

/** Turns the behaviour flags into emulator options; a bad value throws a UsageError naming the flag. */
export function behaviourOptions(flags: BehaviourFlags): Partial<EmulatorOptions> {
  const options: Partial<EmulatorOptions> = {};
  const faults: FaultSpec[] = [];
  for (const [i, text] of (flags.fault ?? []).entries()) {
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      throw new UsageError(`--fault #${i + 1} is not valid JSON`);
    }
    const spec = parseFaultSpec(input);
    if (typeof spec === 'string') throw new UsageError(`--fault #${i + 1}: ${spec}`);
    faults.push(spec);
  }
  if (flags['latency-ms'] !== undefined) {
    const ms = wholeNumber(flags['latency-ms'], '--latency-ms', 0, 120_000);
    faults.push({ kind: 'latency', ms, route: '*' });
  }
  if (flags['fail-rate'] !== undefined) {
    const share = Number(flags['fail-rate']);
    if (flags['fail-rate'].trim() === '' || !Number.isFinite(share) || share < 0 || share > 1) {
      throw new UsageError('--fail-rate must be a share from 0 to 1, e.g. 0.1');
    }
    // `*` in a status fault means every Privacy Service route, never IMS.
    faults.push({ kind: 'status', status: 503, route: '*', share });
  }
  if (faults.length > 0) options.faults = faults;
  if (flags['fault-seed'] !== undefined) {
    options.faultSeed = wholeNumber(flags['fault-seed'], '--fault-seed', 0, 2 ** 32 - 1);
  }
  if (flags['timing-complete-seconds'] !== undefined) {
    const seconds = Number(flags['timing-complete-seconds']);
    if (flags['timing-complete-seconds'].trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
      throw new UsageError('--timing-complete-seconds must be a number of seconds, 0 or more');
    }
    // The flag says when products finish: no per-product spread, and processing starts no later than that.
    options.timing = {
      completeAfterSeconds: seconds,
      completeSpreadSeconds: 0,
      processingAfterSeconds: Math.min(1, seconds),
      products: {},
    };
  }
  if (flags['legacy-regulations']) options.acceptLegacyRegulations = true;
  if (flags['page-base'] !== undefined) {
    if (flags['page-base'] !== '0' && flags['page-base'] !== '1')
      throw new UsageError('--page-base must be 0 or 1');
    options.pageBase = flags['page-base'] === '1' ? 1 : 0;
  }
  return options;
}

function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export const emulator: Command = {
  summary: 'run the local Adobe IMS + Privacy Service emulator',
  usage: `privacy-orchestrator emulator [--port N] [--host H] [--data-dir DIR] [--memory] [behaviour flags]

  --port N        port to listen on (default EMULATOR_PORT, 8910; 0 = any free port)
  --host H        address to bind (default 127.0.0.1)
  --data-dir DIR  where jobs are kept across restarts (default <ORCHESTRATOR_DATA_DIR>/emulator)
  --memory        keep nothing on disk

  Behaviour (see docs/emulator.md):
  --fault JSON                  a fault installed at start and after every reset; repeatable, e.g.
                                '{"kind":"status","status":429,"route":"POST /data/core/privacy/jobs","share":0.2}'
  --latency-ms N                delay every answer by N ms (0-120000)
  --fail-rate R                 share (0-1) of Privacy Service calls answering 503
  --fault-seed N                seed for the share faults, for repeatable runs
  --timing-complete-seconds N   every product finishes N seconds after its job was created (default 3-6)
  --legacy-regulations          accept retired regulation names (ucpa_usa, ql25, ...) whatever the date
  --page-base 0|1               first page of GET /jobs (default 0, as Adobe's guide; 1 as its OpenAPI)

  Credentials it accepts: org ${EMULATOR_IDENTITY.orgId}, client id ${EMULATOR_IDENTITY.clientId},
  client secret ${EMULATOR_IDENTITY.clientSecret}. Admin API: /__emulator/stats, /faults, /clock, /reset,
  /webhooks, /openapi.json.`,
  async run(argv) {
    const { values } = parse(argv, FLAGS);
    const out = createOutput(values.json);
    if (values.help) return (out.result({ usage: this.usage }, () => this.usage), 0);
    const behaviour = behaviourOptions(values);
    const config = loadConfig();
    const port = values.port === undefined ? config.emulator.port : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError('--port must be a whole number from 0 to 65535');
    const running = await startEmulator({
      ...defaultEmulatorOptions(),
      ...behaviour,
      host: values.host ?? config.emulator.host,
      port,
      dataDir: values.memory
        ? undefined
        : path.resolve(values['data-dir'] ?? path.join(config.dataDir, 'emulator')),
    });
    out.result(
      { url: running.url, ...EMULATOR_IDENTITY },
      () => `emulator: listening on ${running.url}; Ctrl-C to stop`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await running.close();
    return 0;
  },
};
