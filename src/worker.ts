// The worker process: runs the privacy workflows and their activities. `npx tsx src/worker.ts`, or
// `privacy-orchestrator worker`.
import {
  NativeConnection,
  Runtime,
  DefaultLogger,
  Worker,
  bundleWorkflowCode,
  type LogLevel,
  type Logger,
  type WorkflowBundle,
} from '@temporalio/worker';
import { TokenProvider } from './adobe/ims-client';
import { PrivacyClient } from './adobe/privacy-client';
import { createActivities } from './activities';
import { createDataConverter } from './codec';
import { loadConfig, type Config } from './config';
import { ensureEmulator } from './local/emulator';
import { startEventReceiver, type EventReceiver } from './events/receiver';
import { connect, connectionOptions, ensureSearchAttributes } from './temporal';
import { Client } from '@temporalio/client';

export interface WorkerHandle {
  worker: Worker;
  tokens: TokenProvider;
  /** The privacy-event webhook, when one is served (ORCHESTRATOR_EVENTS_PORT). */
  events?: EventReceiver;
  /** Resolves when the worker has stopped (after `shutdown()` or a fatal error). */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

export interface StartWorkerOptions {
  /** Where the SDK and the worker log (default: stderr at LOG_LEVEL). Only the first worker of a process sets it. */
  logger?: Logger;
  /** Workflow code bundled once (`bundleWorkflows()`), for processes that start many workers, like tests. */
  workflowBundle?: WorkflowBundle;
}

/** Bundles the workflows with the codec's failure converter, as Worker.create would. */
export function bundleWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('./workflows'),
    failureConverterPath: require.resolve('./codec/failure-converter'),
    logger: new DefaultLogger('WARN'),
  });
}

export async function startWorker(
  config: Config = loadConfig(),
  options: StartWorkerOptions = {},
): Promise<WorkerHandle> {
  installRuntime(options.logger, config.metricsAddress);
  const tokens = new TokenProvider({ adobe: config.adobe });
  const emulator = await ensureEmulator(config);
  let connection: NativeConnection | undefined;
  let worker: Worker;
  let events: Awaited<ReturnType<typeof startEvents>>;
  try {
    connection = await NativeConnection.connect(connectionOptions(config));
    await ensureSearchAttributes(config);
    worker = await createWorker(config, connection, tokens, options.workflowBundle);
    events = await startEvents(config);
  } catch (error) {
    // Nothing may keep the process alive after a failed start.
    await connection?.close();
    await emulator?.close();
    throw error;
  }
  const open = connection;

  const done = worker.run().finally(async () => {
    await events?.close();
    await open.close();
    await emulator?.close();
  });
  return {
    worker,
    tokens,
    events: events?.receiver,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

/** Serves the privacy-event webhook; against the emulator, registers it there as Adobe I/O Events would. */
async function startEvents(
  config: Config,
): Promise<{ receiver: EventReceiver; close(): Promise<void> } | undefined> {
  if (config.events.port === undefined) return undefined;
  const connection = await connect(config);
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: createDataConverter(config),
  });
  const receiver = await startEventReceiver(client, {
    host: config.events.host,
    port: config.events.port,
    token: config.events.token,
    verify: config.events.keyHost
      ? { keyHost: config.events.keyHost, clientId: config.adobe.clientId }
      : undefined,
    log: (line) => console.error(line),
  }).catch(async (error: unknown) => {
    await connection.close();
    throw error;
  });
  let registered: string | undefined;
  const admin = `${new URL(config.adobe.imsUrl).origin}/__emulator/webhooks`;
  if (config.adobe.mode === 'emulator') {
    const response = await fetch(admin, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url }),
    }).catch(() => undefined);
    if (response?.ok) registered = ((await response.json()) as { id: string }).id;
    else
      console.error(`worker: could not register the privacy-event webhook with the emulator; polling only`);
  }
  const close = async () => {
    // The emulator keeps webhooks across restarts: leave no dead one behind.
    if (registered) await fetch(`${admin}/${registered}`, { method: 'DELETE' }).catch(() => undefined);
    await receiver.close();
    await connection.close();
  };
  return { receiver, close };
}

function createWorker(
  config: Config,
  connection: NativeConnection,
  tokens: TokenProvider,
  workflowBundle?: WorkflowBundle,
): Promise<Worker> {
  const privacy = new PrivacyClient(config.adobe, tokens);
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: require.resolve('./workflows') }),
    activities: createActivities({ privacy, resultsDir: config.resultsDir, auditFile: config.auditFile }),
    dataConverter: createDataConverter(config),
    // Let a running Adobe call finish on deploys rather than abandon it until its timeout.
    shutdownGraceTime: '20 seconds',
  });
}

let runtimeInstalled = false;
function installRuntime(logger?: Logger, metricsAddress?: string): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const level = (process.env.LOG_LEVEL ?? 'WARN').toUpperCase() as LogLevel;
  Runtime.install({
    logger: logger ?? new DefaultLogger(level),
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    // The SDK's own metrics (task latencies, slots, failures) for Prometheus to scrape.
    ...(metricsAddress && { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } }),
  });
}

if (require.main === module) {
  startWorker()
    .then(async (handle) => {
      console.error('worker: running; Ctrl-C to stop');
      await handle.done;
    })
    .catch((error: Error) => {
      console.error(`worker: ${error.message}`);
      process.exitCode = 1;
    });
}
