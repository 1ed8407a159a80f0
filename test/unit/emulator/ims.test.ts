import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { startTestEmulator, type TestEmulator } from './support';

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherPair = generateKeyPairSync('rsa', { modulusLength: 2048 });

void describe('IMS OAuth server-to-server token endpoint', () => {
  let emulator: TestEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  after(() => emulator.close());

  const form = (fields: Record<string, string>) =>
    new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.options.clientId,
      client_secret: emulator.options.clientSecret,
      scope: 'openid,AdobeID',
      ...fields,
    });

  void test('v3 answers a bearer token with expires_in in seconds', async () => {
    const result = await emulator.http('POST', '/ims/token/v3', { body: form({}) });
    assert.equal(result.status, 200);
    const body = result.body as Record<string, unknown>;
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.expires_in, 86399);
    assert.equal(typeof body.access_token, 'string');
  });

  void test('the access token is an RS256 JWT carrying created_at and expires_in as millisecond strings', async () => {
    const token = await emulator.token();
    const header = decodeProtectedHeader(token);
    assert.deepEqual(header, {
      alg: 'RS256',
      kid: 'ims_na1-key-at-1',
      x5u: 'ims_na1-key-at-1.cer',
      itt: 'at',
    });
    const claims = decodeJwt(token);
    assert.equal(claims.type, 'access_token');
    assert.equal(claims.client_id, emulator.options.clientId);
    assert.equal(claims.user_id, emulator.options.technicalAccountId);
    assert.equal(claims.org, emulator.options.orgId);
    assert.equal(claims.as, 'ims-na1');
    assert.equal(claims.scope, 'openid,AdobeID,read_organizations');
    assert.equal(claims.expires_in, '86400000');
    assert.match(String(claims.created_at), /^\d{13}$/);
  });

  void test('a wrong client secret answers 401 invalid_client', async () => {
    const result = await emulator.http('POST', '/ims/token/v3', { body: form({ client_secret: 'wrong' }) });
    assert.equal(result.status, 401);
    assert.equal((result.body as Record<string, unknown>).error, 'invalid_client');
  });

  void test('an unknown client id answers 401 invalid_client', async () => {
    const result = await emulator.http('POST', '/ims/token/v3', {
      body: form({ client_id: 'someone-else' }),
    });
    assert.equal(result.status, 401);
    assert.equal((result.body as Record<string, unknown>).error, 'invalid_client');
  });

  void test('a grant other than client_credentials answers 400 unsupported_grant_type', async () => {
    const result = await emulator.http('POST', '/ims/token/v3', { body: form({ grant_type: 'password' }) });
    assert.equal(result.status, 400);
    assert.equal((result.body as Record<string, unknown>).error, 'unsupported_grant_type');
  });

  void test('a scope the credential does not hold answers 400 invalid_scope', async () => {
    const result = await emulator.http('POST', '/ims/token/v3', {
      body: form({ scope: 'openid,ent_analytics_bulk_ingest_sdk' }),
    });
    assert.equal(result.status, 400);
    assert.equal((result.body as Record<string, unknown>).error, 'invalid_scope');
  });

  void test('v2 accepts every parameter in the query string, with org_id', async () => {
    const query = form({ org_id: emulator.options.orgId }).toString();
    const result = await emulator.http('POST', `/ims/token/v2?${query}`);
    assert.equal(result.status, 200);
  });

  void test('v3 accepts a multipart body and a trailing slash', async () => {
    const data = new FormData();
    for (const [name, value] of form({})) data.append(name, value);
    const result = await emulator.http('POST', '/ims/token/v3/', { body: data });
    assert.equal(result.status, 200);
  });

  void test('v2 accepts a urlencoded body and a trailing slash', async () => {
    const result = await emulator.http('POST', '/ims/token/v2/', { body: form({}) });
    assert.equal(result.status, 200);
    assert.equal((result.body as { expires_in: number }).expires_in, 86399);
  });

  void test('v2 refuses an org_id other than the org owning the client (400 bad_request)', async () => {
    const result = await emulator.http('POST', '/ims/token/v2', {
      body: form({ org_id: 'FFFFFFFFFFFFFFFFFFFFFFFF@AdobeOrg' }),
    });
    assert.equal(result.status, 400);
    assert.deepEqual(result.body, {
      error: 'bad_request',
      error_description: 'org_id does not own this client',
    });
  });

  void test('a token request without client_secret answers 400 bad_request in the IMS error shape', async () => {
    const result = await emulator.http('POST', '/ims/token/v3', {
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: emulator.options.clientId }),
    });
    assert.equal(result.status, 400);
    assert.deepEqual(result.body, { error: 'bad_request', error_description: 'client_secret is required' });
  });

  void test('IMS answers carry an x-debug-id header', async () => {
    const result = await emulator.http('POST', '/ims/token/v3', { body: form({}) });
    assert.ok(result.headers.get('x-debug-id'));
  });
});

void describe('IMS JWT exchange', () => {
  let emulator: TestEmulator;
  before(async () => {
    emulator = await startTestEmulator({
      jwtPublicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
  });
  after(() => emulator.close());

  async function signed(
    overrides: Record<string, unknown> = {},
    key: KeyObject = pair.privateKey,
  ): Promise<string> {
    return new SignJWT({
      exp: Math.floor(Date.now() / 1000) + 300,
      iss: emulator.options.orgId,
      sub: emulator.options.technicalAccountId,
      aud: `${emulator.url}/c/${emulator.options.clientId}`,
      [`${emulator.url}/s/ent_gdpr_sdk`]: true,
      ...overrides,
    })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(key);
  }

  const exchange = (jwt: string, path = '/ims/exchange/jwt') => {
    const data = new FormData();
    data.append('client_id', emulator.options.clientId);
    data.append('client_secret', emulator.options.clientSecret);
    data.append('jwt_token', jwt);
    return emulator.http('POST', path, { body: data });
  };

  void test("the exchange answers with a trailing slash, as Adobe's jwt-auth and Postman call it", async () => {
    const result = await exchange(await signed(), '/ims/exchange/jwt/');
    assert.equal(result.status, 200);
  });

  void test('a well-signed JWT is exchanged for a token with expires_in in milliseconds', async () => {
    const result = await exchange(await signed());
    assert.equal(result.status, 200);
    const body = result.body as Record<string, unknown>;
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.expires_in, 86_399_999);
    const job = await emulator.privacy('GET', '/jobs?regulation=gdpr', {
      token: body.access_token as string,
    });
    assert.equal(job.status, 200);
  });

  void test('the exchange also answers at /ims/exchange/v1/jwt with a urlencoded body', async () => {
    const body = new URLSearchParams({
      client_id: emulator.options.clientId,
      client_secret: emulator.options.clientSecret,
      jwt_token: await signed(),
    });
    const result = await emulator.http('POST', '/ims/exchange/v1/jwt', { body });
    assert.equal(result.status, 200);
  });

  void test('a JWT signed by another key answers 400 invalid_signature', async () => {
    const result = await exchange(await signed({}, otherPair.privateKey));
    assert.equal(result.status, 400);
    assert.equal((result.body as Record<string, unknown>).error, 'invalid_signature');
  });

  void test('a JWT whose metascope is not ent_gdpr_sdk answers 400 invalid_scope', async () => {
    const jwt = await signed({
      [`${emulator.url}/s/ent_gdpr_sdk`]: undefined,
      [`${emulator.url}/s/ent_dataservices_sdk`]: true,
    });
    const result = await exchange(jwt);
    assert.equal(result.status, 400);
    assert.equal((result.body as Record<string, unknown>).error, 'invalid_scope');
  });

  void test('an expired JWT answers 400 invalid_token', async () => {
    const result = await exchange(await signed({ exp: Math.floor(Date.now() / 1000) - 10 }));
    assert.equal(result.status, 400);
    assert.deepEqual(result.body, { error: 'invalid_token', error_description: 'JWT token is expired' });
  });

  void test('an exp sent as a date string answers 400 invalid_token', async () => {
    const result = await exchange(await signed({ exp: '2030-01-01' }));
    assert.equal(result.status, 400);
    assert.equal((result.body as Record<string, unknown>).error, 'invalid_token');
  });

  void test('an aud for another client answers 400 invalid_client', async () => {
    const result = await exchange(await signed({ aud: `${emulator.url}/c/another-client` }));
    assert.equal(result.status, 400);
    assert.equal((result.body as Record<string, unknown>).error, 'invalid_client');
  });

  void test('a wrong client secret answers 401 invalid_client', async () => {
    const body = new URLSearchParams({
      client_id: emulator.options.clientId,
      client_secret: 'nope',
      jwt_token: await signed(),
    });
    const result = await emulator.http('POST', '/ims/exchange/jwt/', { body });
    assert.equal(result.status, 401);
    assert.equal((result.body as Record<string, unknown>).error, 'invalid_client');
  });

  void test('a sub other than the technical account answers 400 bad_request', async () => {
    const result = await exchange(await signed({ sub: 'SOMEONE@techacct.adobe.com' }));
    assert.equal(result.status, 400);
    assert.equal((result.body as Record<string, unknown>).error, 'bad_request');
  });
});

void describe('IMS JWT exchange without a configured public key', () => {
  void test('every JWT answers 400 invalid_signature', async () => {
    const emulator = await startTestEmulator();
    try {
      const jwt = await new SignJWT({
        exp: Math.floor(Date.now() / 1000) + 300,
        iss: emulator.options.orgId,
        sub: emulator.options.technicalAccountId,
        aud: `${emulator.url}/c/${emulator.options.clientId}`,
        [`${emulator.url}/s/ent_gdpr_sdk`]: true,
      })
        .setProtectedHeader({ alg: 'RS256' })
        .sign(pair.privateKey);
      const body = new URLSearchParams({
        client_id: emulator.options.clientId,
        client_secret: emulator.options.clientSecret,
        jwt_token: jwt,
      });
      const result = await emulator.http('POST', '/ims/exchange/jwt', { body });
      assert.equal(result.status, 400);
      assert.equal((result.body as Record<string, unknown>).error, 'invalid_signature');
    } finally {
      await emulator.close();
    }
  });
});
