// A real stack for integration tests: the emulator on a free port and a configuration pointing the
// orchestrator at it and at the test run's Temporal dev server (TEMPORAL_ADDRESS, set by npm test).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CreateJobsRequest } from '../../src/adobe/types';
import { PrivacyOrchestrator } from '../../src/client';
import { loadConfig, type Config } from '../../src/config';
import { readRequestFile } from '../../src/privacy/intake';
import { bundleWorkflows, startWorker, type WorkerHandle } from '../../src/worker';
import type { WorkflowBundle } from '@temporalio/worker';
import {
  defaultEmulatorOptions,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../src/emulator';

export interface Stack {
  emulator: RunningEmulator;
  config: Config;
  /** The environment that gives a child process (worker, CLI) this same configuration. */
  env: Record<string, string>;
  stats(): Promise<EmulatorStats>;
  close(): Promise<void>;
}

export interface EmulatorStats {
  calls: Record<string, number>;
  tokensIssued: number;
  jobs: { created: number; byStatus: Record<string, number> };
}

export async function startStack(
  emulatorOptions: Partial<EmulatorOptions> = {},
  extraEnv: Record<string, string> = {},
): Promise<Stack> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run the tests with npm test');
  const emulator = await startEmulator({ ...defaultEmulatorOptions(), port: 0, ...emulatorOptions });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'po-test-'));
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    ADOBE_IMS_URL: emulator.url,
    ADOBE_PRIVACY_URL: `${emulator.url}/data/core/privacy`,
    ORCHESTRATOR_DATA_DIR: dataDir,
    ORCHESTRATOR_POLL_INTERVAL: '1',
    ORCHESTRATOR_POLL_MAX_INTERVAL: '2',
    ORCHESTRATOR_SUBMIT_RETRY_INTERVAL: '2',
    ADOBE_REQUEST_TIMEOUT_MS: '5000',
    ...extraEnv,
  };
  const config = loadConfig(env, dataDir);
  return {
    emulator,
    config,
    env,
    async stats() {
      return (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as EmulatorStats;
    },
    close: () => emulator.close(),
  };
}

export async function emulatorAdmin(
  url: string,
  route: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
) {
  const response = await fetch(`${url}/__emulator/${route}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`emulator admin ${method} ${route}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** A stack with an in-process worker and a connected client: the whole orchestrator, ready to submit to. */
export interface Run {
  stack: Stack;
  worker: WorkerHandle;
  orchestrator: PrivacyOrchestrator;
  /** Adds an emulator fault (see docs/emulator.md). */
  fault(spec: Record<string, unknown>): Promise<unknown>;
  /** The 3-user GDPR fixture (4 Adobe jobs), validated for this stack's org. */
  gdprRequest(): Promise<CreateJobsRequest>;
  close(): Promise<void>;
}

let bundle: Promise<WorkflowBundle> | undefined;
/** The workflow code, bundled once per test file (each file runs in its own process). */
export function workflowBundle(): Promise<WorkflowBundle> {
  return (bundle ??= bundleWorkflows());
}

export async function startRun(
  emulatorOptions: Partial<EmulatorOptions> = {},
  extraEnv: Record<string, string> = {},
): Promise<Run> {
  const stack = await startStack(emulatorOptions, extraEnv);
  const worker = await startWorker(stack.config, { workflowBundle: await workflowBundle() });
  const orchestrator = await PrivacyOrchestrator.connect(stack.config);
  return {
    stack,
    worker,
    orchestrator,
    fault: (spec) => emulatorAdmin(stack.emulator.url, 'faults', spec),
    gdprRequest: async () =>
      (
        await readRequestFile(path.join(__dirname, '..', 'fixtures', 'gdpr-access-delete.json'), {
          orgId: stack.config.adobe.orgId,
        })
      )[0]!,
    async close() {
      await orchestrator.close();
      await worker.shutdown();
      await stack.close();
    },
  };
}

/** A worker in its own process, as operators run it; resolves once it serves its task queue. */
export function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk;
      if (stderr.includes('worker: running')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${stderr}`)));
  });
}
