// POST /consent, one test per rule of reference §14.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestEmulator, type TestEmulator } from './support';

void describe('POST /consent rules', () => {
  let emulator: TestEmulator;
  let token: string;
  before(async () => {
    emulator = await startTestEmulator();
    token = await emulator.token();
  });
  after(() => emulator.close());

  const send = (body: unknown) => emulator.privacy('POST', '/consent', { token, body });
  const fields = async (body: unknown) => {
    const result = await send(body);
    assert.equal(result.status, 400);
    return (result.body as { errors: { field: string; rule: string }[] }).errors.map((e) => [
      e.field,
      e.rule,
    ]);
  };
  const entity = (nameSpace: string, values: unknown[] = ['v-1']) => ({ nameSpace, values });

  void test('answers 202 with an empty body', async () => {
    const result = await send({ optOutOfSale: false, entities: [entity('email', ['a@example.test'])] });
    assert.equal(result.status, 202);
    assert.equal(result.raw.length, 0);
  });

  void test('accepts standard namespaces in any case', async () => {
    assert.equal(
      (await send({ optOutOfSale: true, entities: [entity('ecid'), entity('EMAIL')] })).status,
      202,
    );
  });

  void test('refuses an entity whose nameSpace is not a standard namespace (400)', async () => {
    assert.deepEqual(await fields({ optOutOfSale: true, entities: [entity('crmId')] }), [
      ['entities[0].nameSpace', 'enum'],
    ]);
  });

  void test('refuses a request without optOutOfSale (400)', async () => {
    assert.deepEqual(await fields({ entities: [entity('email')] }), [['optOutOfSale', 'required']]);
  });

  void test('refuses an optOutOfSale that is not a boolean (400)', async () => {
    assert.deepEqual(await fields({ optOutOfSale: 'true', entities: [entity('email')] }), [
      ['optOutOfSale', 'type'],
    ]);
  });

  void test('refuses an empty entities array (400)', async () => {
    assert.deepEqual(await fields({ optOutOfSale: true, entities: [] }), [['entities', 'minItems']]);
  });

  void test('refuses a value repeated within an entity (400)', async () => {
    assert.deepEqual(await fields({ optOutOfSale: true, entities: [entity('email', ['x', 'x'])] }), [
      ['entities[0].values[1]', 'unique'],
    ]);
  });

  void test('refuses a requestId that is not a string (400)', async () => {
    assert.deepEqual(await fields({ optOutOfSale: true, entities: [entity('email')], requestId: 5 }), [
      ['requestId', 'type'],
    ]);
  });
});
