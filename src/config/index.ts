// One typed configuration, read once from the environment (and a .env file, if present).
// Every variable is documented in README.md § Configuration; defaults live here and only here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OrchestratorError } from '../errors';
import type { PollingPolicy } from '../workflows/messages';

/** The local identity the emulator accepts; used whenever no Adobe client id is configured. */
export const EMULATOR_IDENTITY = {
  orgId: '5A1B2C3D4E5F6A7B8C9D0E1F@AdobeOrg',
  clientId: 'privacy-orchestrator-local',
  clientSecret: 'p8e-local-emulator-secret',
  technicalAccountId: 'LOCALTECHACCT0000000001@techacct.adobe.com',
} as const;

export interface Config {
  temporal: {
    /** host:port of the Temporal frontend. */
    address: string;
    namespace: string;
    taskQueue: string;
    apiKey?: string;
    tls?: { clientCertPath?: string; clientKeyPath?: string; serverCaCertPath?: string; serverName?: string };
  };
  adobe: {
    /** `emulator` when no ADOBE_CLIENT_ID is set: everything then talks to the local emulator. */
    mode: 'emulator' | 'adobe';
    auth: 'oauth' | 'jwt';
    orgId: string;
    clientId: string;
    clientSecret: string;
    scopes: string[];
    technicalAccountId?: string;
    privateKeyPem?: string;
    privateKeyPassphrase?: string;
    imsUrl: string;
    privacyUrl: string;
    /** Per-request timeout in milliseconds; Adobe's gateway drops requests after 60 s. */
    requestTimeoutMs: number;
  };
  emulator: { host: string; port: number; url: string };
  /**
   * The webhook for Adobe's privacy events, served by the worker. Port undefined = off; 0 = any free port.
   * Against the emulator it is on by default and registers itself.
   */
  events: {
    host: string;
    port?: number;
    token?: string;
    /** Where Adobe I/O Events' public keys are served; undefined = signatures not checked. */
    keyHost?: string;
  };
  /** Where local state lives: dev-server database, emulator state, results, audit trail, local key. */
  dataDir: string;
  resultsDir: string;
  auditFile: string;
  /** Port of the codec server `dev` starts for the UI (default 8888). */
  codecServerPort: number;
  /** host:port where the worker serves Prometheus metrics at /metrics; off when absent. */
  metricsAddress?: string;
  /** Base64 of 32 bytes: the AES-256-GCM key of the payload codec. */
  encryptionKey?: string;
  /** Secret of the subject hash (PrivacySubject); default: derived from the encryption key. */
  subjectHashKey?: string;
  /** Keys rotated out (base64), kept to read payloads written with them. */
  previousEncryptionKeys: string[];
  polling: PollingPolicy;
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const explicit = { ...readDotEnv(path.join(cwd, '.env')), ...env };
  const credentialsFile = explicit.ADOBE_CREDENTIALS_FILE?.trim();
  // Variables set one by one win over the downloaded credential file.
  const merged = {
    ...(credentialsFile ? readCredentialsFile(path.resolve(cwd, credentialsFile), explicit.ADOBE_AUTH) : {}),
    ...explicit,
  };
  const get = (name: string): string | undefined => {
    const value = merged[name]?.trim();
    return value === '' ? undefined : value;
  };

  const dataDir = path.resolve(cwd, get('ORCHESTRATOR_DATA_DIR') ?? '.data');
  const emulatorHost = get('EMULATOR_HOST') ?? '127.0.0.1';
  const emulatorPort = integer(get, 'EMULATOR_PORT', 8910, 0, 65535);
  const emulatorUrl = `http://${emulatorHost}:${emulatorPort}`;

  const clientId = get('ADOBE_CLIENT_ID');
  const mode = clientId === undefined ? 'emulator' : 'adobe';
  const auth = oneOf(get, 'ADOBE_AUTH', ['oauth', 'jwt'] as const, 'oauth');
  const required = (name: string): string => {
    const value = get(name);
    if (value === undefined) {
      throw new OrchestratorError('CONFIG_INVALID', `${name} is required when ADOBE_CLIENT_ID is set`);
    }
    return value;
  };

  let privateKeyPem = get('ADOBE_PRIVATE_KEY')?.replace(/\\n/g, '\n');
  const keyPath = get('ADOBE_PRIVATE_KEY_PATH');
  if (privateKeyPem === undefined && keyPath !== undefined) {
    try {
      privateKeyPem = readFileSync(path.resolve(cwd, keyPath), 'utf8');
    } catch {
      throw new OrchestratorError(
        'CONFIG_INVALID',
        `ADOBE_PRIVATE_KEY_PATH: cannot read the file ${keyPath}`,
      );
    }
  }

  const adobe: Config['adobe'] =
    mode === 'emulator'
      ? {
          mode,
          auth,
          orgId: get('ADOBE_ORG_ID') ?? EMULATOR_IDENTITY.orgId,
          clientId: EMULATOR_IDENTITY.clientId,
          clientSecret: EMULATOR_IDENTITY.clientSecret,
          scopes: list(get('ADOBE_SCOPES')) ?? ['openid', 'AdobeID', 'read_organizations'],
          technicalAccountId: EMULATOR_IDENTITY.technicalAccountId,
          privateKeyPem,
          imsUrl: trimSlash(get('ADOBE_IMS_URL') ?? emulatorUrl),
          privacyUrl: trimSlash(get('ADOBE_PRIVACY_URL') ?? `${emulatorUrl}/data/core/privacy`),
          requestTimeoutMs: integer(get, 'ADOBE_REQUEST_TIMEOUT_MS', 60_000, 1, 600_000),
        }
      : {
          mode,
          auth,
          orgId: required('ADOBE_ORG_ID'),
          clientId: clientId!,
          clientSecret: required('ADOBE_CLIENT_SECRET'),
          scopes: list(get('ADOBE_SCOPES')) ?? ['openid', 'AdobeID', 'read_organizations'],
          technicalAccountId:
            auth === 'jwt' ? required('ADOBE_TECHNICAL_ACCOUNT_ID') : get('ADOBE_TECHNICAL_ACCOUNT_ID'),
          privateKeyPem: auth === 'jwt' ? (privateKeyPem ?? required('ADOBE_PRIVATE_KEY')) : privateKeyPem,
          privateKeyPassphrase: get('ADOBE_PRIVATE_KEY_PASSPHRASE'),
          imsUrl: trimSlash(get('ADOBE_IMS_URL') ?? 'https://ims-na1.adobelogin.com'),
          privacyUrl: trimSlash(get('ADOBE_PRIVACY_URL') ?? 'https://platform.adobe.io/data/core/privacy'),
          requestTimeoutMs: integer(get, 'ADOBE_REQUEST_TIMEOUT_MS', 60_000, 1, 600_000),
        };
  if (!/^[A-Za-z0-9]+@AdobeOrg$/.test(adobe.orgId)) {
    throw new OrchestratorError('CONFIG_INVALID', `ADOBE_ORG_ID must look like XXXXXXXX@AdobeOrg`);
  }

  const encryptionKey = get('ORCHESTRATOR_ENCRYPTION_KEY');
  if (encryptionKey !== undefined && Buffer.from(encryptionKey, 'base64').length !== 32) {
    throw new OrchestratorError(
      'CONFIG_INVALID',
      'ORCHESTRATOR_ENCRYPTION_KEY must be 32 bytes, base64-encoded',
    );
  }
  const subjectHashKey = get('ORCHESTRATOR_SUBJECT_HASH_KEY');
  if (subjectHashKey !== undefined && subjectHashKey.length < 16) {
    throw new OrchestratorError(
      'CONFIG_INVALID',
      'ORCHESTRATOR_SUBJECT_HASH_KEY must be at least 16 characters',
    );
  }
  const previousEncryptionKeys = list(get('ORCHESTRATOR_PREVIOUS_ENCRYPTION_KEYS')) ?? [];
  if (previousEncryptionKeys.some((k) => Buffer.from(k, 'base64').length !== 32)) {
    throw new OrchestratorError(
      'CONFIG_INVALID',
      'ORCHESTRATOR_PREVIOUS_ENCRYPTION_KEYS must be a comma-separated list of 32-byte keys, base64-encoded',
    );
  }
  if (encryptionKey === undefined && mode === 'adobe') {
    throw new OrchestratorError(
      'CONFIG_INVALID',
      'ORCHESTRATOR_ENCRYPTION_KEY is required with real Adobe credentials (personal data is encrypted in Temporal); make one with: openssl rand -base64 32',
    );
  }

  const local = mode === 'emulator';
  const tlsEnabled = boolean(get, 'TEMPORAL_TLS', false);
  const tlsFiles = {
    clientCertPath: get('TEMPORAL_TLS_CLIENT_CERT_PATH'),
    clientKeyPath: get('TEMPORAL_TLS_CLIENT_KEY_PATH'),
    serverCaCertPath: get('TEMPORAL_TLS_SERVER_CA_CERT_PATH'),
    serverName: get('TEMPORAL_TLS_SERVER_NAME'),
  };
  const apiKey = get('TEMPORAL_API_KEY');

  return {
    temporal: {
      address: get('TEMPORAL_ADDRESS') ?? '127.0.0.1:7233',
      namespace: get('TEMPORAL_NAMESPACE') ?? 'default',
      taskQueue: get('TEMPORAL_TASK_QUEUE') ?? 'privacy-orchestrator',
      apiKey,
      tls: tlsEnabled || apiKey !== undefined || tlsFiles.clientCertPath !== undefined ? tlsFiles : undefined,
    },
    adobe,
    emulator: { host: emulatorHost, port: emulatorPort, url: emulatorUrl },
    events: {
      host: get('ORCHESTRATOR_EVENTS_HOST') ?? '127.0.0.1',
      token: get('ORCHESTRATOR_EVENTS_TOKEN'),
      keyHost: boolean(get, 'ORCHESTRATOR_EVENTS_VERIFY', true)
        ? trimSlash(
            get('ORCHESTRATOR_EVENTS_KEY_HOST') ??
              (local ? new URL(adobe.imsUrl).origin : 'https://static.adobeioevents.com'),
          )
        : undefined,
      port:
        get('ORCHESTRATOR_EVENTS_PORT') === 'off'
          ? undefined
          : get('ORCHESTRATOR_EVENTS_PORT') !== undefined
            ? integer(get, 'ORCHESTRATOR_EVENTS_PORT', 0, 0, 65535)
            : local
              ? 0
              : undefined,
    },
    dataDir,
    resultsDir: path.resolve(cwd, get('ORCHESTRATOR_RESULTS_DIR') ?? path.join(dataDir, 'results')),
    auditFile: path.resolve(cwd, get('ORCHESTRATOR_AUDIT_FILE') ?? path.join(dataDir, 'audit.jsonl')),
    encryptionKey,
    previousEncryptionKeys,
    subjectHashKey: get('ORCHESTRATOR_SUBJECT_HASH_KEY'),
    metricsAddress: address(get, 'ORCHESTRATOR_METRICS_ADDRESS'),
    codecServerPort: integer(get, 'CODEC_SERVER_PORT', 8888, 0, 65535),
    polling: {
      initialSeconds: integer(get, 'ORCHESTRATOR_POLL_INTERVAL', local ? 1 : 300, 1, 86_400),
      maximumSeconds: integer(get, 'ORCHESTRATOR_POLL_MAX_INTERVAL', local ? 5 : 3600, 1, 86_400),
      backoff: 1.5,
      attemptTimeoutSeconds: Math.ceil((2 * adobe.requestTimeoutMs) / 1000) + 10,
      submitRetrySeconds: integer(get, 'ORCHESTRATOR_SUBMIT_RETRY_INTERVAL', 20, 1, 3600),
    },
  };
}

function integer(
  get: (n: string) => string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
) {
  const raw = get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new OrchestratorError(
      'CONFIG_INVALID',
      `${name} must be a whole number from ${min} to ${max} (got "${raw}")`,
    );
  }
  return value;
}

function address(get: (n: string) => string | undefined, name: string): string | undefined {
  const raw = get(name);
  if (raw !== undefined && !/^[A-Za-z0-9.:[\]-]+:\d{1,5}$/.test(raw)) {
    throw new OrchestratorError(
      'CONFIG_INVALID',
      `${name} must be host:port, e.g. 127.0.0.1:9464 (got "${raw}")`,
    );
  }
  return raw;
}

function boolean(get: (n: string) => string | undefined, name: string, fallback: boolean): boolean {
  const raw = get(name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new OrchestratorError('CONFIG_INVALID', `${name} must be true or false (got "${raw}")`);
}

function oneOf<T extends string>(
  get: (n: string) => string | undefined,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = get(name);
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) {
    throw new OrchestratorError(
      'CONFIG_INVALID',
      `${name} must be one of ${allowed.join(', ')} (got "${raw}")`,
    );
  }
  return raw as T;
}

function list(raw: string | undefined): string[] | undefined {
  return raw
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * The credential JSON that Adobe Developer Console lets users download: the project file (OAuth
 * server-to-server or service-account JWT credentials under project.workspace.details.credentials) or a
 * flat object of the same fields. Returns the ADOBE_* variables it implies.
 */
export function readCredentialsFile(file: string, auth?: string): Env {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new OrchestratorError(
      'CONFIG_INVALID',
      `ADOBE_CREDENTIALS_FILE: ${file} is not a readable JSON file`,
    );
  }
  const pick = (from: unknown, ...names: string[]): unknown => {
    if (typeof from !== 'object' || from === null) return undefined;
    for (const name of names)
      if ((from as Record<string, unknown>)[name] !== undefined)
        return (from as Record<string, unknown>)[name];
    return undefined;
  };
  const text = (value: unknown) =>
    Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : undefined;
  const project = pick(json, 'project');
  const credentials = pick(pick(pick(project, 'workspace'), 'details'), 'credentials');
  if (Array.isArray(credentials)) {
    const oauth = credentials.find((c) => pick(c, 'oauth_server_to_server'));
    const jwt = credentials.find((c) => pick(c, 'jwt'));
    const chosen = auth === 'jwt' ? (jwt ?? oauth) : (oauth ?? jwt);
    if (!chosen) {
      throw new OrchestratorError(
        'CONFIG_INVALID',
        `ADOBE_CREDENTIALS_FILE: ${file} has no OAuth server-to-server or JWT credential`,
      );
    }
    const org = text(pick(pick(project, 'org'), 'ims_org_id'));
    const s2s = pick(chosen, 'oauth_server_to_server');
    if (s2s && auth !== 'jwt') {
      return clean({
        ADOBE_AUTH: 'oauth',
        ADOBE_ORG_ID: org,
        ADOBE_CLIENT_ID: text(pick(s2s, 'client_id')),
        ADOBE_CLIENT_SECRET:
          (pick(s2s, 'client_secrets') as string[] | undefined)?.[0] ?? text(pick(s2s, 'client_secret')),
        ADOBE_SCOPES: text(pick(s2s, 'scopes')),
        ADOBE_TECHNICAL_ACCOUNT_ID: text(pick(s2s, 'technical_account_id')),
      });
    }
    const legacy = pick(chosen, 'jwt');
    return clean({
      ADOBE_AUTH: 'jwt',
      ADOBE_ORG_ID: org,
      ADOBE_CLIENT_ID: text(pick(legacy, 'client_id')),
      ADOBE_CLIENT_SECRET: text(pick(legacy, 'client_secret')),
      ADOBE_TECHNICAL_ACCOUNT_ID: text(pick(legacy, 'techacct', 'technical_account_id')),
    });
  }
  return clean({
    ADOBE_ORG_ID: text(pick(json, 'ims_org_id', 'org_id', 'ORG_ID', 'IMS_ORG_ID')),
    ADOBE_CLIENT_ID: text(pick(json, 'client_id', 'CLIENT_ID', 'API_KEY')),
    ADOBE_CLIENT_SECRET:
      (pick(json, 'client_secrets', 'CLIENT_SECRETS') as string[] | undefined)?.[0] ??
      text(pick(json, 'client_secret', 'CLIENT_SECRET')),
    ADOBE_SCOPES: text(pick(json, 'scopes', 'SCOPES')),
    ADOBE_TECHNICAL_ACCOUNT_ID: text(pick(json, 'technical_account_id', 'TECHNICAL_ACCOUNT_ID', 'techacct')),
  });
}

function clean(values: Env): Env {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
}

/** A minimal .env reader: KEY=VALUE lines, # comments, optional quotes. The real environment wins. */
function readDotEnv(file: string): Env {
  if (!existsSync(file)) return {};
  const out: Env = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!match || line.trim().startsWith('#')) continue;
    const raw = match[2]!;
    const quoted = /^(['"])(.*)\1(\s+#.*)?$/.exec(raw);
    out[match[1]!] = quoted ? quoted[2]! : raw.replace(/\s+#.*$/, '');
  }
  return out;
}
