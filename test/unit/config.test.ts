import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config';

const KEY = Buffer.alloc(32, 7).toString('base64');
const dir = () => mkdtempSync(path.join(tmpdir(), 'po-config-'));

describe('configuration', () => {
  it('talks to the emulator when no client id is set', () => {
    const config = loadConfig({}, dir());
    assert.equal(config.adobe.mode, 'emulator');
    assert.equal(config.adobe.privacyUrl, 'http://127.0.0.1:8910/data/core/privacy');
    assert.equal(config.polling.initialSeconds, 1);
  });

  it('defaults to Adobe production hosts and a 5-minute first poll with credentials', () => {
    const config = loadConfig(
      {
        ADOBE_CLIENT_ID: 'c',
        ADOBE_CLIENT_SECRET: 's',
        ADOBE_ORG_ID: 'ABC@AdobeOrg',
        ORCHESTRATOR_ENCRYPTION_KEY: KEY,
      },
      dir(),
    );
    assert.equal(config.adobe.imsUrl, 'https://ims-na1.adobelogin.com');
    assert.equal(config.adobe.privacyUrl, 'https://platform.adobe.io/data/core/privacy');
    assert.equal(config.polling.initialSeconds, 300);
  });

  it('names the missing variable', () => {
    assert.throws(() => loadConfig({ ADOBE_CLIENT_ID: 'c', ADOBE_ORG_ID: 'ABC@AdobeOrg' }, dir()), {
      code: 'CONFIG_INVALID',
      message: 'ADOBE_CLIENT_SECRET is required when ADOBE_CLIENT_ID is set',
    });
  });

  it('requires an encryption key with real Adobe credentials', () => {
    assert.throws(
      () =>
        loadConfig({ ADOBE_CLIENT_ID: 'c', ADOBE_CLIENT_SECRET: 's', ADOBE_ORG_ID: 'ABC@AdobeOrg' }, dir()),
      /ORCHESTRATOR_ENCRYPTION_KEY is required/,
    );
  });

  it('parses booleans explicitly: "false" is false, "maybe" is an error', () => {
    assert.equal(loadConfig({ TEMPORAL_TLS: 'false' }, dir()).temporal.tls, undefined);
    assert.ok(loadConfig({ TEMPORAL_TLS: 'true' }, dir()).temporal.tls);
    assert.throws(() => loadConfig({ TEMPORAL_TLS: 'maybe' }, dir()), {
      message: 'TEMPORAL_TLS must be true or false (got "maybe")',
    });
  });

  it('refuses a port that is not a port', () => {
    assert.throws(() => loadConfig({ EMULATOR_PORT: '70000' }, dir()), {
      message: 'EMULATOR_PORT must be a whole number from 0 to 65535 (got "70000")',
    });
  });

  it('reads a .env file, with quotes and trailing comments, and lets the environment win', () => {
    const cwd = dir();
    writeFileSync(
      path.join(cwd, '.env'),
      'TEMPORAL_NAMESPACE="privacy"  # ours\nTEMPORAL_TASK_QUEUE=q1 # note\n',
    );
    const config = loadConfig({ TEMPORAL_TASK_QUEUE: 'q2' }, cwd);
    assert.equal(config.temporal.namespace, 'privacy');
    assert.equal(config.temporal.taskQueue, 'q2');
  });

  it('reads the OAuth server-to-server credential from a Developer Console project file', () => {
    const cwd = dir();
    const file = path.join(cwd, 'project.json');
    writeFileSync(
      file,
      JSON.stringify({
        project: {
          org: { ims_org_id: 'ORG123@AdobeOrg' },
          workspace: {
            details: {
              credentials: [
                {
                  integration_type: 'oauth_server_to_server',
                  oauth_server_to_server: {
                    client_id: 'cid',
                    client_secrets: ['sec1', 'sec2'],
                    technical_account_id: 'T@techacct.adobe.com',
                    scopes: ['openid', 'AdobeID'],
                  },
                },
              ],
            },
          },
        },
      }),
    );
    const config = loadConfig({ ADOBE_CREDENTIALS_FILE: file, ORCHESTRATOR_ENCRYPTION_KEY: KEY }, cwd);
    assert.deepEqual(
      [
        config.adobe.mode,
        config.adobe.auth,
        config.adobe.clientId,
        config.adobe.clientSecret,
        config.adobe.orgId,
        config.adobe.scopes,
      ],
      ['adobe', 'oauth', 'cid', 'sec1', 'ORG123@AdobeOrg', ['openid', 'AdobeID']],
    );
  });

  it('reads a service-account JWT credential, with the key from a path', () => {
    const cwd = dir();
    writeFileSync(path.join(cwd, 'key.pem'), '-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----\n');
    writeFileSync(
      path.join(cwd, 'project.json'),
      JSON.stringify({
        project: {
          org: { ims_org_id: 'ORG123@AdobeOrg' },
          workspace: {
            details: {
              credentials: [
                { jwt: { client_id: 'cid', client_secret: 'sec', techacct: 'T@techacct.adobe.com' } },
              ],
            },
          },
        },
      }),
    );
    const config = loadConfig(
      {
        ADOBE_CREDENTIALS_FILE: 'project.json',
        ADOBE_AUTH: 'jwt',
        ADOBE_PRIVATE_KEY_PATH: 'key.pem',
        ORCHESTRATOR_ENCRYPTION_KEY: KEY,
      },
      cwd,
    );
    assert.deepEqual([config.adobe.auth, config.adobe.technicalAccountId], ['jwt', 'T@techacct.adobe.com']);
    assert.match(config.adobe.privateKeyPem!, /BEGIN PRIVATE KEY/);
  });

  it('checks rotated-out encryption keys and the subject hash secret', () => {
    assert.deepEqual(
      loadConfig({ ORCHESTRATOR_PREVIOUS_ENCRYPTION_KEYS: `${KEY}, ${KEY}` }, dir()).previousEncryptionKeys,
      [KEY, KEY],
    );
    assert.throws(
      () => loadConfig({ ORCHESTRATOR_PREVIOUS_ENCRYPTION_KEYS: 'c2hvcnQ=' }, dir()),
      /must be a comma-separated list of 32-byte keys/,
    );
    assert.throws(
      () => loadConfig({ ORCHESTRATOR_SUBJECT_HASH_KEY: 'short' }, dir()),
      /at least 16 characters/,
    );
  });

  it('lets a variable override the credential file', () => {
    const cwd = dir();
    writeFileSync(
      path.join(cwd, 'c.json'),
      JSON.stringify({ client_id: 'cid', client_secret: 'sec', org_id: 'ORG1@AdobeOrg' }),
    );
    const config = loadConfig(
      { ADOBE_CREDENTIALS_FILE: 'c.json', ADOBE_ORG_ID: 'ORG2@AdobeOrg', ORCHESTRATOR_ENCRYPTION_KEY: KEY },
      cwd,
    );
    assert.deepEqual([config.adobe.clientId, config.adobe.orgId], ['cid', 'ORG2@AdobeOrg']);
  });
});
