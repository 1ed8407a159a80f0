// Token minting and the Privacy API client against the emulator: every branch of the error table.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AdobeApiError, AuthError } from '../../src/adobe/errors';
import { TokenProvider } from '../../src/adobe/ims-client';
import { PrivacyClient } from '../../src/adobe/privacy-client';
import { EMULATOR_IDENTITY, type Config } from '../../src/config';
import { defaultEmulatorOptions, startEmulator, type RunningEmulator } from '../../src/emulator';
import { VERSION } from '../../src/adobe/user-agent';
import { emulatorAdmin } from '../helpers/stack';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

const REQUEST = {
  companyContexts: [{ namespace: 'imsOrgID', value: EMULATOR_IDENTITY.orgId }],
  users: [
    {
      key: 'u1',
      action: ['access' as const],
      userIDs: [{ namespace: 'email', value: 'u1@example.test', type: 'standard' }],
    },
  ],
  include: ['analytics'],
  regulation: 'gdpr',
};

function adobe(url: string, overrides: Partial<Config['adobe']> = {}): Config['adobe'] {
  return {
    mode: 'adobe',
    auth: 'oauth',
    orgId: EMULATOR_IDENTITY.orgId,
    clientId: EMULATOR_IDENTITY.clientId,
    clientSecret: EMULATOR_IDENTITY.clientSecret,
    scopes: ['openid', 'AdobeID'],
    technicalAccountId: EMULATOR_IDENTITY.technicalAccountId,
    privateKeyPem: PRIVATE_KEY,
    imsUrl: url,
    privacyUrl: `${url}/data/core/privacy`,
    requestTimeoutMs: 5000,
    ...overrides,
  };
}

function clients(settings: Config['adobe']) {
  const tokens = new TokenProvider({ adobe: settings });
  return { tokens, privacy: new PrivacyClient(settings, tokens) };
}

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new assert.AssertionError({ message: 'expected a rejection' });
}

async function stats(url: string) {
  return (await emulatorAdmin(url, 'stats')) as { calls: Record<string, number>; tokensIssued: number };
}

describe('tokens and the Privacy API client', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({
      ...defaultEmulatorOptions(),
      port: 0,
      jwtPublicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    });
  });
  after(() => emulator.close());

  describe('minting', () => {
    it('mints an OAuth token and reads its expiry from the token’s own claims (24 h)', async () => {
      const info = await clients(adobe(emulator.url)).tokens.info();
      assert.ok(Math.abs(info.expiresAt - (Date.now() + 86_400_000)) < 60_000);
      assert.equal(info.subject, EMULATOR_IDENTITY.technicalAccountId);
    });

    it('shares one mint among 1000 concurrent calls from cold', async () => {
      const { privacy: seed } = clients(adobe(emulator.url));
      const { jobs } = await seed.createJobs(REQUEST);
      const before = (await stats(emulator.url)).tokensIssued;
      const { tokens, privacy } = clients(adobe(emulator.url));
      const answers = await Promise.all(Array.from({ length: 1000 }, () => privacy.getJob(jobs[0]!.jobId)));
      assert.equal(answers.length, 1000);
      assert.equal(tokens.minted, 1);
      assert.equal((await stats(emulator.url)).tokensIssued - before, 1);
    });

    it('exchanges a service-account JWT for a token, reading expires_in as milliseconds', async () => {
      const info = await clients(adobe(emulator.url, { auth: 'jwt' })).tokens.info();
      assert.ok(Math.abs(info.expiresAt - (Date.now() + 86_400_000)) < 60_000);
    });
  });

  describe('IMS refusals name the setting to fix and are final', () => {
    it('invalid_client names ADOBE_CLIENT_ID and ADOBE_CLIENT_SECRET', async () => {
      const error = await rejection(
        clients(adobe(emulator.url, { clientSecret: 'wrong-secret-value' })).tokens.token(),
      );
      assert.ok(error instanceof AuthError);
      assert.equal(error.code, 'AUTH_FAILED');
      assert.equal(
        error.message,
        'IMS refused the client (invalid_client): check ADOBE_CLIENT_ID and ADOBE_CLIENT_SECRET',
      );
    });

    it('invalid_scope names ADOBE_SCOPES', async () => {
      const error = await rejection(clients(adobe(emulator.url, { scopes: ['not_a_scope'] })).tokens.token());
      assert.equal(error.code, 'AUTH_FAILED');
      assert.match(error.message, /\(invalid_scope\): set ADOBE_SCOPES/);
    });

    it('invalid_signature names ADOBE_PRIVATE_KEY', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
        type: 'pkcs1',
        format: 'pem',
      }) as string;
      const error = await rejection(
        clients(adobe(emulator.url, { auth: 'jwt', privateKeyPem: other })).tokens.token(),
      );
      assert.match(
        error.message,
        /\(invalid_signature\): ADOBE_PRIVATE_KEY must match a certificate of the credential/,
      );
    });

    it('a JWT for another technical account is refused naming ADOBE_TECHNICAL_ACCOUNT_ID', async () => {
      const error = await rejection(
        clients(
          adobe(emulator.url, { auth: 'jwt', technicalAccountId: 'SOMEONEELSE@techacct.adobe.com' }),
        ).tokens.token(),
      );
      assert.equal(error.code, 'AUTH_FAILED');
      assert.match(error.message, /ADOBE_TECHNICAL_ACCOUNT_ID/);
    });

    it('IMS 429 is retryable after its Retry-After', async () => {
      await emulatorAdmin(emulator.url, 'faults', {
        kind: 'ims',
        status: 429,
        count: 1,
        retryAfterSeconds: 7,
      });
      const error = await rejection(clients(adobe(emulator.url)).tokens.token());
      assert.ok(error instanceof AdobeApiError);
      assert.deepEqual([error.code, error.retryable, error.retryAfterSeconds], ['ADOBE_THROTTLED', true, 7]);
    });

    it('IMS 503 is retryable', async () => {
      await emulatorAdmin(emulator.url, 'faults', {
        kind: 'ims',
        status: 503,
        count: 1,
        retryAfterSeconds: 2,
      });
      const error = await rejection(clients(adobe(emulator.url)).tokens.token());
      assert.deepEqual([error.code, error.retryable], ['ADOBE_UNAVAILABLE', true]);
    });
  });

  describe('Privacy Service answers', () => {
    it('re-mints once on 401013 and carries on', async () => {
      const { tokens, privacy } = clients(adobe(emulator.url));
      const { jobs } = await privacy.createJobs(REQUEST);
      await emulatorAdmin(emulator.url, 'faults', { kind: 'revokeTokens' });
      assert.equal((await privacy.getJob(jobs[0]!.jobId)).jobId, jobs[0]!.jobId);
      assert.equal(tokens.minted, 2);
    });

    it('never loops on 401: a token the gateway keeps refusing fails after two calls', async () => {
      const other = await startEmulator({ ...defaultEmulatorOptions(), port: 0 });
      try {
        // Tokens from one emulator, gateway of another: every token is refused.
        const { tokens, privacy } = clients(
          adobe(emulator.url, { privacyUrl: `${other.url}/data/core/privacy` }),
        );
        const error = await rejection(privacy.getJob('00000000-0000-1000-8000-000000000000'));
        assert.deepEqual(
          [error.code, error.status, error.adobeCode, error.retryable],
          ['ADOBE_UNAUTHORIZED', 401, '401013', true],
        );
        assert.equal(tokens.minted, 2);
        assert.equal((await stats(other.url)).calls['GET /data/core/privacy/jobs/{id}'], 2);
      } finally {
        await other.close();
      }
    });

    it('a wrong org is a final permission error naming ADOBE_ORG_ID', async () => {
      const error = await rejection(
        clients(adobe(emulator.url, { orgId: 'FFFFFFFFFFFFFFFFFFFFFFFF@AdobeOrg' })).privacy.getJob('x'),
      );
      assert.deepEqual([error.code, error.adobeCode, error.retryable], ['ADOBE_PERMISSION', '403025', false]);
      assert.match(error.message, /ADOBE_ORG_ID must be the org the credential belongs to/);
    });

    it('a wrong API key is a final permission error naming ADOBE_CLIENT_ID', async () => {
      const settings = adobe(emulator.url);
      const tokens = new TokenProvider({ adobe: settings });
      const privacy = new PrivacyClient({ ...settings, clientId: 'some-other-client' }, tokens);
      const error = await rejection(privacy.getJob('x'));
      assert.deepEqual([error.code, error.adobeCode], ['ADOBE_PERMISSION', '403003']);
      assert.match(error.message, /ADOBE_CLIENT_ID must be the credential's Client ID/);
    });

    it('a 400 is final and carries Adobe’s message', async () => {
      const error = await rejection(
        clients(adobe(emulator.url)).privacy.createJobs({ ...REQUEST, include: [] }),
      );
      assert.deepEqual([error.code, error.status, error.retryable], ['ADOBE_BAD_REQUEST', 400, false]);
      assert.match(error.message, /include: must have at least 1 entry/);
    });

    it('an unknown job is a final 404', async () => {
      const error = await rejection(
        clients(adobe(emulator.url)).privacy.getJob('00000000-0000-1000-8000-000000000000'),
      );
      assert.deepEqual([error.code, error.status, error.retryable], ['ADOBE_NOT_FOUND', 404, false]);
    });

    it('a 429 is retryable after its Retry-After', async () => {
      await emulatorAdmin(emulator.url, 'faults', {
        kind: 'status',
        status: 429,
        route: 'GET /data/core/privacy/jobs',
        count: 1,
        retryAfterSeconds: 9,
      });
      const error = await rejection(clients(adobe(emulator.url)).privacy.listJobs({ regulation: 'gdpr' }));
      assert.deepEqual(
        [error.code, error.retryable, error.retryAfterSeconds, error.adobeCode],
        ['ADOBE_THROTTLED', true, 9, '429050'],
      );
    });

    it('a 5xx is retryable, and on POST /jobs marks the outcome unknown', async () => {
      await emulatorAdmin(emulator.url, 'faults', {
        kind: 'status',
        status: 502,
        route: 'POST /data/core/privacy/jobs',
        count: 1,
      });
      const error = await rejection(clients(adobe(emulator.url)).privacy.createJobs(REQUEST));
      assert.deepEqual(
        [error.code, error.retryable, error.outcomeUnknown],
        ['ADOBE_UNAVAILABLE', true, true],
      );
    });

    it('cuts a request that takes longer than the timeout', async () => {
      await emulatorAdmin(emulator.url, 'faults', {
        kind: 'latency',
        ms: 1500,
        route: 'GET /data/core/privacy/jobs',
      });
      try {
        const error = await rejection(
          clients(adobe(emulator.url, { requestTimeoutMs: 300 })).privacy.listJobs({ regulation: 'gdpr' }),
        );
        assert.deepEqual([error.code, error.retryable], ['ADOBE_UNAVAILABLE', true]);
        assert.match(error.message, /^Adobe did not answer in time/);
      } finally {
        await emulatorAdmin(emulator.url, 'faults', undefined, 'DELETE');
      }
    });

    it('reads both download link spellings and fetches the archive', async () => {
      const { privacy } = clients(adobe(emulator.url));
      const { jobs } = await privacy.createJobs(REQUEST);
      await emulatorAdmin(emulator.url, 'clock', { advanceSeconds: 3600 });
      const job = await privacy.getJob(jobs[0]!.jobId);
      assert.equal(job.status, 'complete');
      assert.equal(job.downloadUrl, `${emulator.url}/data/core/privacy/jobs/${job.jobId}/content`);
      const archive = await privacy.downloadContent(job);
      assert.equal(archive.subarray(0, 4).toString('hex'), '504b0304');
    });
  });

  describe('what errors carry', () => {
    it('no got error escapes: a failed connection carries neither the token nor the secret', async () => {
      const { tokens } = clients(adobe(emulator.url));
      const token = await tokens.token();
      const privacy = new PrivacyClient(
        adobe(emulator.url, { privacyUrl: 'http://127.0.0.1:1/data/core/privacy' }),
        tokens,
      );
      const error = await rejection(privacy.createJobs(REQUEST));
      assert.ok(error instanceof AdobeApiError);
      assert.equal(error.message, 'the connection to Adobe failed (ECONNREFUSED) (POST /jobs)');
      const everything =
        JSON.stringify(error) + String(error.stack) + JSON.stringify(Object.getOwnPropertyDescriptors(error));
      assert.ok(!everything.includes(token) && !everything.includes(EMULATOR_IDENTITY.clientSecret));
      assert.equal(error.cause, undefined);
    });

    it('an IMS connection failure carries no client secret', async () => {
      const error = await rejection(clients(adobe('http://127.0.0.1:1')).tokens.token());
      assert.equal(error.code, 'ADOBE_UNAVAILABLE');
      assert.ok(!(JSON.stringify(error) + String(error.stack)).includes(EMULATOR_IDENTITY.clientSecret));
    });

    it('sends a User-Agent naming the project and its version', async () => {
      const seen: (string | undefined)[] = [];
      const server = http.createServer((req, res) => {
        seen.push(req.headers['user-agent']);
        res.setHeader('content-type', 'application/json');
        res.end(
          req.url?.startsWith('/ims')
            ? JSON.stringify({ access_token: 'a.b.c', expires_in: 3600 })
            : JSON.stringify({ jobDetails: [] }),
        );
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        await clients(adobe(url)).privacy.listJobs({ regulation: 'gdpr' });
        assert.equal(seen.length, 2);
        for (const agent of seen)
          assert.match(agent!, new RegExp(`^privacy-orchestrator/${VERSION.replace(/\./g, '\\.')} `));
      } finally {
        server.close();
      }
    });
  });
});
