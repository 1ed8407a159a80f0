import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { TokenProvider } from '../../src/adobe/ims-client';
import type { Config } from '../../src/config';

/** A stand-in IMS that records the JWT exchange form and answers like IMS does (expires_in in ms). */
async function recordingIms(): Promise<{ url: string; forms: URLSearchParams[]; close(): void }> {
  const forms: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      forms.push(new URLSearchParams(body));
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ token_type: 'bearer', access_token: 'opaque-test-token', expires_in: 86399992 }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forms,
    close: () => server.close(),
  };
}

function adobe(imsUrl: string, privateKeyPem: string, passphrase?: string): Config['adobe'] {
  return {
    mode: 'adobe',
    auth: 'jwt',
    orgId: 'ABCDEF0123456789ABCDEF01@AdobeOrg',
    clientId: 'client-123',
    clientSecret: 'not-a-real-secret',
    scopes: [],
    technicalAccountId: 'TECH0001@techacct.adobe.com',
    privateKeyPem,
    privateKeyPassphrase: passphrase,
    imsUrl,
    privacyUrl: 'http://127.0.0.1:9/data/core/privacy',
    requestTimeoutMs: 5000,
  };
}

describe('the service-account JWT', () => {
  it('carries exp a few minutes ahead, iss, sub, aud and the ent_gdpr_sdk metascope', async () => {
    const ims = await recordingIms();
    try {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const now = Date.UTC(2026, 11, 3, 12, 0, 0);
      const provider = new TokenProvider({
        adobe: adobe(ims.url, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
        now: () => now,
      });
      await provider.token();
      const form = ims.forms[0]!;
      assert.equal(form.get('client_id'), 'client-123');
      const jwt = form.get('jwt_token')!;
      assert.equal(decodeProtectedHeader(jwt).alg, 'RS256');
      const claims = decodeJwt(jwt);
      assert.equal(claims.exp, now / 1000 + 300);
      assert.equal(claims.iss, 'ABCDEF0123456789ABCDEF01@AdobeOrg');
      assert.equal(claims.sub, 'TECH0001@techacct.adobe.com');
      assert.equal(claims.aud, `${ims.url}/c/client-123`);
      assert.equal(claims[`${ims.url}/s/ent_gdpr_sdk`], true);
    } finally {
      ims.close();
    }
  });

  it('reads the JWT exchange expires_in as milliseconds', async () => {
    const ims = await recordingIms();
    try {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const provider = new TokenProvider({
        adobe: adobe(ims.url, privateKey.export({ type: 'pkcs1', format: 'pem' }) as string),
        now: () => 1_000_000,
      });
      const info = await provider.info();
      assert.equal(info.expiresAt, 1_000_000 + 86399992);
    } finally {
      ims.close();
    }
  });

  it('signs with a passphrase-protected PKCS#8 key', async () => {
    const ims = await recordingIms();
    try {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = privateKey.export({
        type: 'pkcs8',
        format: 'pem',
        cipher: 'aes-256-cbc',
        passphrase: 'correct horse',
      }) as string;
      await new TokenProvider({ adobe: adobe(ims.url, pem, 'correct horse') }).token();
      assert.equal(ims.forms.length, 1);
    } finally {
      ims.close();
    }
  });

  it('names the setting to fix when the key is unreadable, without quoting it', async () => {
    const provider = new TokenProvider({
      adobe: adobe('http://127.0.0.1:9', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'),
    });
    await assert.rejects(provider.token(), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'AUTH_FAILED');
      assert.match(
        error.message,
        /^ADOBE_PRIVATE_KEY \(or ADOBE_PRIVATE_KEY_PATH\) is not a readable RSA private key/,
      );
      assert.doesNotMatch(error.message, /AAAA/);
      return true;
    });
  });
});
