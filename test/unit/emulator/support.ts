// Starts an emulator on a free loopback port and talks to it over real HTTP, as the client and the CLI do.
import {
  startEmulator,
  defaultEmulatorOptions,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../../src/emulator';

export const PRIVACY = '/data/core/privacy';

export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
  raw: Buffer;
}

export interface TestEmulator {
  url: string;
  options: EmulatorOptions;
  running: RunningEmulator;
  /** A fresh access token from the OAuth endpoint. */
  token(): Promise<string>;
  /** A call to Privacy Service with the three gateway headers set from `token` (or a fresh one). */
  privacy(
    method: string,
    path: string,
    init?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<HttpResult>;
  /** A call to any path, no headers added. */
  http(
    method: string,
    path: string,
    init?: { body?: string | Buffer | FormData | URLSearchParams; headers?: Record<string, string> },
  ): Promise<HttpResult>;
  admin(method: string, path: string, body?: unknown): Promise<HttpResult>;
  close(): Promise<void>;
}

export async function startTestEmulator(overrides: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const options: EmulatorOptions = { ...defaultEmulatorOptions(), port: 0, ...overrides };
  const running = await startEmulator(options);
  const { url } = running;

  const http: TestEmulator['http'] = async (method, path, init = {}) => {
    const response = await fetch(`${url}${path}`, { method, body: init.body, headers: init.headers });
    const raw = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? '';
    const body =
      type.startsWith('application/json') && raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
    return { status: response.status, headers: response.headers, body, raw };
  };

  const token = async () => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      scope: 'openid,AdobeID,read_organizations',
    });
    const result = await http('POST', '/ims/token/v3', { body: form });
    if (result.status !== 200)
      throw new Error(`token request failed: ${result.status} ${result.raw.toString()}`);
    return (result.body as { access_token: string }).access_token;
  };

  return {
    url,
    options,
    running,
    token,
    http,
    async privacy(method, path, init = {}) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${init.token ?? (await token())}`,
        'x-api-key': options.clientId,
        'x-gw-ims-org-id': options.orgId,
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
        ...init.headers,
      };
      const body = init.body === undefined ? undefined : JSON.stringify(init.body);
      return http(method, `${PRIVACY}${path}`, { body, headers });
    },
    admin(method, path, body) {
      return http(method, `/__emulator${path}`, {
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      });
    },
    close: () => running.close(),
  };
}

/** The shape of Adobe's documented example: two users, one asking access and one access + delete: three jobs. */
export function createRequest(
  orgId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    companyContexts: [{ namespace: 'imsOrgID', value: orgId }],
    users: [
      {
        key: 'reader-1',
        action: ['access'],
        userIDs: [
          { namespace: 'email', value: 'reader.one@example.test', type: 'standard' },
          {
            namespace: 'ECID',
            value: '11112222333344445555666677778888999900',
            type: 'standard',
            isDeletedClientSide: false,
          },
        ],
      },
      {
        key: 'leaver-2',
        action: ['access', 'delete'],
        userIDs: [
          { namespace: 'email', value: 'leaver.two@example.test', type: 'standard' },
          { namespace: 'crmAccount', value: 'CRM-00042', type: 'integrationCode' },
        ],
      },
    ],
    include: ['Analytics', 'AudienceManager', 'profileService'],
    regulation: 'gdpr',
    ...overrides,
  };
}

/** A request for one user with the given identity value (values steer the emulated outcome). */
export function oneUserRequest(
  orgId: string,
  value: string,
  action: 'access' | 'delete' = 'access',
  include = ['analytics', 'profileService'],
) {
  return createRequest(orgId, {
    users: [
      { key: `user-${value}`, action: [action], userIDs: [{ namespace: 'email', value, type: 'standard' }] },
    ],
    include,
  });
}

export interface CreateResponse {
  requestId: string;
  totalRecords: number;
  jobs: {
    jobId: string;
    customer: { user: { key: string; action: string[]; userIDs: Record<string, unknown>[] } };
  }[];
}

export async function createJobs(
  emulator: TestEmulator,
  body: Record<string, unknown>,
): Promise<CreateResponse> {
  const result = await emulator.privacy('POST', '/jobs', { body });
  if (result.status !== 202) throw new Error(`create failed: ${result.status} ${result.raw.toString()}`);
  return result.body as CreateResponse;
}

export async function advance(emulator: TestEmulator, seconds: number): Promise<void> {
  const result = await emulator.admin('POST', '/clock', { advanceSeconds: seconds });
  if (result.status !== 200) throw new Error(`clock move failed: ${result.status}`);
}
