// POST /jobs, one test per rule of reference §4.1: what Adobe accepts, what it refuses and how it answers.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { checkAnswer } from './schema';
import { createRequest, startTestEmulator, type HttpResult, type TestEmulator } from './support';

const JOBS = '/data/core/privacy/jobs';

void describe('POST /jobs rules', () => {
  let emulator: TestEmulator;
  let token: string;
  let orgId: string;
  before(async () => {
    emulator = await startTestEmulator();
    token = await emulator.token();
    orgId = emulator.options.orgId;
  });
  beforeEach(() => emulator.admin('POST', '/reset'));
  after(() => emulator.close());

  const post = async (body: unknown): Promise<HttpResult> => {
    const result = await emulator.privacy('POST', '/jobs', { token, body });
    assert.deepEqual(checkAnswer('POST', JOBS, result.status, result.body), []);
    return result;
  };
  const request = (overrides: Record<string, unknown> = {}) => createRequest(orgId, overrides);
  const oneUser = (user: Record<string, unknown>) =>
    request({ users: [{ key: 'k1', action: ['access'], userIDs: [EMAIL], ...user }] });
  const EMAIL = { namespace: 'email', value: 'rule@example.test', type: 'standard' };

  const accepts = async (body: unknown) => {
    const result = await post(body);
    assert.equal(result.status, 202, result.raw.toString());
    return result.body as { jobs: { customer: { user: { userIDs: Record<string, unknown>[] } } }[] };
  };
  /** 400 with exactly these (field, rule) pairs. */
  const refuses = async (body: unknown, ...expected: [string, string][]) => {
    const result = await post(body);
    assert.equal(result.status, 400, result.raw.toString());
    const errors = (result.body as { errors: { field: string; rule: string; message: string }[] }).errors;
    assert.deepEqual(
      errors.map((e) => [e.field, e.rule]),
      expected,
    );
    for (const error of errors) assert.ok(error.message.startsWith(`${error.field}: `));
    return errors;
  };
  const setClock = (iso: string) => emulator.admin('POST', '/clock', { set: iso });

  void describe('the body and companyContexts', () => {
    void test('refuses a body that is not a JSON object (400)', async () => {
      await refuses([request()], ['(body)', 'type']);
    });
    void test('refuses a request without companyContexts (400)', async () => {
      const body = request();
      delete body.companyContexts;
      await refuses(body, ['companyContexts', 'required']);
    });
    void test('refuses companyContexts without an imsOrgID entry (400)', async () => {
      await refuses(request({ companyContexts: [{ namespace: 'campaignTenant', value: 't1' }] }), [
        'companyContexts',
        'required',
      ]);
    });
    void test('accepts the org context namespace spelt imsOrgID, imsOrgId, IMSORGID or imsOrg', async () => {
      for (const namespace of ['imsOrgID', 'imsOrgId', 'IMSORGID', 'imsOrg']) {
        await accepts(request({ companyContexts: [{ namespace, value: orgId }] }));
      }
    });
    void test('accepts extra product-specific company contexts next to the org', async () => {
      await accepts(
        request({
          companyContexts: [
            { namespace: 'imsOrgID', value: orgId },
            { namespace: 'AGS 862', value: 'tenant-7' },
          ],
        }),
      );
    });
  });

  void describe('users', () => {
    void test('refuses a request without users (400)', async () => {
      const body = request();
      delete body.users;
      await refuses(body, ['users', 'required']);
    });
    void test('refuses an empty users array (400)', async () => {
      await refuses(request({ users: [] }), ['users', 'minItems']);
    });
    void test('accepts 1000 users in one request, one job each', async () => {
      const users = Array.from({ length: 1000 }, (_, i) => ({
        key: `u${i}`,
        action: ['delete'],
        userIDs: [{ namespace: 'email', value: `u${i}@example.test`, type: 'standard' }],
      }));
      const body = await accepts(request({ users }));
      assert.equal(body.jobs.length, 1000);
    });
    void test('refuses more than 1000 users (400)', async () => {
      const users = Array.from({ length: 1001 }, (_, i) => ({
        key: `u${i}`,
        action: ['delete'],
        userIDs: [EMAIL],
      }));
      await refuses(request({ users }), ['users', 'maxItems']);
    });
    void test('refuses a user without key (400)', async () => {
      await refuses(request({ users: [{ action: ['access'], userIDs: [EMAIL] }] }), [
        'users[0].key',
        'required',
      ]);
    });
    void test('accepts two users with the same key, as Adobe only recommends unique keys', async () => {
      const user = { key: 'same', action: ['access'], userIDs: [EMAIL] };
      await accepts(request({ users: [user, user] }));
    });
    void test('refuses an action other than access or delete (400)', async () => {
      await refuses(oneUser({ action: ['opt-out-of-sale'] }), ['users[0].action[0]', 'enum']);
    });
    void test('refuses an empty action array (400)', async () => {
      await refuses(oneUser({ action: [] }), ['users[0].action', 'minItems']);
    });
    void test('refuses an action listed twice (400)', async () => {
      await refuses(oneUser({ action: ['delete', 'delete'] }), ['users[0].action[1]', 'unique']);
    });
    void test('accepts nine user IDs for one user', async () => {
      const ids = Array.from({ length: 9 }, (_, i) => ({ ...EMAIL, value: `id${i}@example.test` }));
      await accepts(oneUser({ userIDs: ids }));
    });
    void test('refuses more than nine user IDs for one user (400)', async () => {
      const ids = Array.from({ length: 10 }, (_, i) => ({ ...EMAIL, value: `id${i}@example.test` }));
      await refuses(oneUser({ userIDs: ids }), ['users[0].userIDs', 'maxItems']);
    });
    void test('refuses a user without userIDs (400)', async () => {
      await refuses(request({ users: [{ key: 'k', action: ['access'] }] }), ['users[0].userIDs', 'required']);
    });
  });

  void describe('user IDs', () => {
    void test('refuses a user ID without value (400)', async () => {
      await refuses(oneUser({ userIDs: [{ namespace: 'email', type: 'standard' }] }), [
        'users[0].userIDs[0].value',
        'required',
      ]);
    });
    void test('refuses a user ID without type (400)', async () => {
      await refuses(oneUser({ userIDs: [{ namespace: 'email', value: 'a@example.test' }] }), [
        'users[0].userIDs[0].type',
        'required',
      ]);
    });
    void test('refuses a namespace qualifier outside the seven Adobe lists (400)', async () => {
      await refuses(oneUser({ userIDs: [{ ...EMAIL, type: 'global' }] }), [
        'users[0].userIDs[0].type',
        'enum',
      ]);
    });
    void test('accepts every namespace qualifier Adobe lists, in any case', async () => {
      for (const type of [
        'standard',
        'custom',
        'integrationCode',
        'unregistered',
        'analytics',
        'target',
        'STANDARD',
      ]) {
        await accepts(oneUser({ userIDs: [{ ...EMAIL, type }] }));
      }
    });
    void test('refuses type namespaceId without a namespaceId (400)', async () => {
      await refuses(oneUser({ userIDs: [{ value: 'a@example.test', type: 'namespaceId' }] }), [
        'users[0].userIDs[0].namespaceId',
        'required',
      ]);
    });
    void test('accepts type namespaceId with a numeric namespaceId and no namespace', async () => {
      await accepts(oneUser({ userIDs: [{ value: 'a@example.test', type: 'namespaceId', namespaceId: 6 }] }));
    });
    void test('refuses a namespaceId that is not an integer (400)', async () => {
      await refuses(oneUser({ userIDs: [{ ...EMAIL, namespaceId: '6' }] }), [
        'users[0].userIDs[0].namespaceId',
        'type',
      ]);
    });
    void test('refuses an isDeletedClientSide that is not a boolean (400)', async () => {
      await refuses(oneUser({ userIDs: [{ ...EMAIL, isDeletedClientSide: 'false' }] }), [
        'users[0].userIDs[0].isDeletedClientSide',
        'type',
      ]);
    });
    void test('matches standard namespace names case-insensitively when adding namespaceId', async () => {
      const body = await accepts(
        oneUser({ userIDs: [{ namespace: 'EMAIL', value: 'a@example.test', type: 'standard' }] }),
      );
      assert.equal(body.jobs[0]?.customer.user.userIDs[0]?.namespaceId, 6);
    });
  });

  void describe('include', () => {
    void test('refuses a request without include (400)', async () => {
      const body = request();
      delete body.include;
      await refuses(body, ['include', 'required']);
    });
    void test('refuses an empty include (400)', async () => {
      await refuses(request({ include: [] }), ['include', 'minItems']);
    });
    void test('refuses a product code Adobe does not know (400)', async () => {
      await refuses(request({ include: ['photoshop'] }), ['include[0]', 'enum']);
    });
    void test('accepts product codes in any case', async () => {
      await accepts(request({ include: ['ANALYTICS', 'profileservice', 'AdobeCloudPlatform', 'crs'] }));
    });
    void test('refuses a product listed twice in different cases (400)', async () => {
      await refuses(request({ include: ['analytics', 'Analytics'] }), ['include[1]', 'unique']);
    });
  });

  void describe('regulation', () => {
    void test('refuses a request without regulation (400)', async () => {
      const body = request();
      delete body.regulation;
      await refuses(body, ['regulation', 'required']);
    });
    void test('refuses a regulation Adobe does not list (400)', async () => {
      await refuses(request({ regulation: 'pipeda_can' }), ['regulation', 'enum']);
    });
    void test('accepts every current regulation name', async () => {
      for (const regulation of [
        'gdpr',
        'ccpa',
        'cpra_ca_usa',
        'ucpa_ut_usa',
        'ql25_qc_can',
        'pipa_kor',
        'modpa_md_usa',
      ]) {
        await accepts(request({ regulation }));
      }
    });
    void test('accepts a retired regulation name up to the cut-off day on the emulator clock', async () => {
      await setClock('2025-07-28T23:00:00Z');
      await accepts(request({ regulation: 'ucpa_usa' }));
    });
    void test('refuses a retired regulation name after the cut-off day, naming the new one (400)', async () => {
      await setClock('2025-07-29T00:30:00Z');
      const [error] = await refuses(request({ regulation: 'ucpa_usa' }), ['regulation', 'retired']);
      assert.equal(
        error?.message,
        'regulation: "ucpa_usa" stopped working after 2025-07-28; use "ucpa_ut_usa"',
      );
    });
  });

  void describe('optional fields', () => {
    void test('accepts expandIds as a boolean or the string "true" or "false"', async () => {
      for (const expandIds of [true, false, 'true', 'false']) await accepts(request({ expandIds }));
    });
    void test('refuses expandIds of any other value (400)', async () => {
      await refuses(request({ expandIds: 'yes' }), ['expandIds', 'type']);
      await refuses(request({ expandIds: 1 }), ['expandIds', 'type']);
    });
    void test('accepts mergePolicyId as a number or a string', async () => {
      await accepts(request({ mergePolicyId: 124 }));
      await accepts(request({ mergePolicyId: '3f6d8a2c-1d9b-4a83-9c44-1b9e5a7d0e11' }));
    });
    void test('refuses a mergePolicyId that is neither a number nor a string (400)', async () => {
      await refuses(request({ mergePolicyId: true }), ['mergePolicyId', 'type']);
    });
    void test('accepts priority normal or low and refuses any other (400)', async () => {
      await accepts(request({ priority: 'low' }));
      await accepts(request({ priority: 'normal' }));
      await refuses(request({ priority: 'high' }), ['priority', 'enum']);
    });
    void test('accepts analyticsDeleteMethod anonymize or purge and refuses any other (400)', async () => {
      await accepts(request({ analyticsDeleteMethod: 'purge' }));
      await refuses(request({ analyticsDeleteMethod: 'shred' }), ['analyticsDeleteMethod', 'enum']);
    });
    void test('refuses a region that is not a string (400)', async () => {
      await refuses(request({ region: 7 }), ['region', 'type']);
    });
    void test('ignores fields Adobe does not define, as Adobe does', async () => {
      await accepts(request({ rootJobId: 'r1', comment: 'not a field' }));
    });
  });
});

void describe('POST /jobs regulation options', () => {
  void test('acceptLegacyRegulations accepts a retired regulation name after the cut-off', async () => {
    const emulator = await startTestEmulator({ acceptLegacyRegulations: true });
    try {
      const result = await emulator.privacy('POST', '/jobs', {
        body: createRequest(emulator.options.orgId, { regulation: 'cpra_usa' }),
      });
      assert.equal(result.status, 202);
    } finally {
      await emulator.close();
    }
  });

  void test('legacyRegulationCutoff moves the day retired names stop working', async () => {
    const emulator = await startTestEmulator({ legacyRegulationCutoff: '2099-12-31' });
    try {
      const result = await emulator.privacy('POST', '/jobs', {
        body: createRequest(emulator.options.orgId, { regulation: 'ql25' }),
      });
      assert.equal(result.status, 202);
    } finally {
      await emulator.close();
    }
  });
});
