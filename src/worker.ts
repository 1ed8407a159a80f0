// The worker process: runs the privacy workflows and their activities. `npx tsx src/worker.ts`, or
// `privacy-orchestrator worker`.
import { NativeConnection, Runtime, DefaultLogger, Worker, type LogLevel, type Logger } from '@temporalio/worker';
import { TokenProvider } from './adobe/ims-client';
import { PrivacyClient } from './adobe/privacy-client';
import { createActivities } from './activities';
import { createDataConverter } from './codec';
import { loadConfig, type Config } from './config';
import { ensureEmulator } from './local/emulator';
import { connectionOptions, ensureSearchAttributes } from './temporal';

export interface WorkerHandle {
  worker: Worker;
  tokens: TokenProvider;
  /** Resolves when the worker has stopped (after `shutdown()` or a fatal error). */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

export interface StartWorkerOptions {
  /** Where the SDK and the worker log (default: stderr at LOG_LEVEL). Only the first worker of a process sets it. */
  logger?: Logger;
}

export async function startWorker(config: Config = loadConfig(), options: StartWorkerOptions = {}): Promise<WorkerHandle> {
  installRuntime(options.logger);
  const tokens = new TokenProvider({ adobe: config.adobe });
  const emulator = await ensureEmulator(config);
  let connection: NativeConnection | undefined;
  let worker: Worker;
  try {
    connection = await NativeConnection.connect(connectionOptions(config));
    await ensureSearchAttributes(config);
    worker = await createWorker(config, connection, tokens);
  } catch (error) {
    // Nothing may keep the process alive after a failed start.
    await connection?.close();
    await emulator?.close();
    throw error;
  }
  const open = connection;

  const done = worker.run().finally(async () => {
    await open.close();
    await emulator?.close();
  });
  return {
    worker,
    tokens,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

function createWorker(config: Config, connection: NativeConnection, tokens: TokenProvider): Promise<Worker> {
  const privacy = new PrivacyClient(config.adobe, tokens);
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: require.resolve('./workflows'),
    activities: createActivities({ privacy, resultsDir: config.resultsDir, auditFile: config.auditFile }),
    dataConverter: createDataConverter(config),
    // Let a running Adobe call finish on deploys rather than abandon it until its timeout.
    shutdownGraceTime: '20 seconds',
  });
}

let runtimeInstalled = false;
function installRuntime(logger?: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const level = (process.env.LOG_LEVEL ?? 'WARN').toUpperCase() as LogLevel;
  Runtime.install({ logger: logger ?? new DefaultLogger(level), shutdownSignals: ['SIGINT', 'SIGTERM'] });
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
