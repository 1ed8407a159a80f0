// The behaviour flags of `privacy-orchestrator emulator`, turned into emulator options.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { behaviourOptions } from '../../../src/cli/commands/emulator';
import { startTestEmulator } from './support';

void describe('privacy-orchestrator emulator flags', () => {
  void test('--fault is repeatable and each one becomes a fault given at start', () => {
    const options = behaviourOptions({
      fault: [
        '{"kind":"status","status":429,"route":"POST /data/core/privacy/jobs","share":0.2}',
        '{"kind":"connectionReset","count":2}',
      ],
    });
    assert.deepEqual(options.faults, [
      { kind: 'status', status: 429, route: 'POST /data/core/privacy/jobs', share: 0.2 },
      { kind: 'connectionReset', route: '*', count: 2 },
    ]);
  });

  void test('--fault that is not JSON is a usage error naming the flag', () => {
    assert.throws(() => behaviourOptions({ fault: ['{kind:status}'] }), /--fault #1 is not valid JSON/);
  });

  void test('--fault with a bad field is a usage error naming the field', () => {
    assert.throws(
      () => behaviourOptions({ fault: ['{"kind":"status","status":404}'] }),
      /--fault #1: status: must be 429, 500, 502, 503 or 504/,
    );
  });

  void test('--latency-ms delays every call', () => {
    assert.deepEqual(behaviourOptions({ 'latency-ms': '250' }).faults, [
      { kind: 'latency', ms: 250, route: '*' },
    ]);
  });

  void test('--fail-rate answers that share of Privacy Service calls with 503', () => {
    assert.deepEqual(behaviourOptions({ 'fail-rate': '0.1' }).faults, [
      { kind: 'status', status: 503, route: '*', share: 0.1 },
    ]);
  });

  void test('--fail-rate outside 0 to 1 is a usage error', () => {
    assert.throws(() => behaviourOptions({ 'fail-rate': '10%' }), /--fail-rate must be a share from 0 to 1/);
  });

  void test('--timing-complete-seconds finishes every product after exactly that many seconds', () => {
    assert.deepEqual(behaviourOptions({ 'timing-complete-seconds': '600' }).timing, {
      completeAfterSeconds: 600,
      completeSpreadSeconds: 0,
      processingAfterSeconds: 1,
      products: {},
    });
  });

  void test('--legacy-regulations accepts retired regulation names', () => {
    assert.equal(behaviourOptions({ 'legacy-regulations': true }).acceptLegacyRegulations, true);
  });

  void test('--page-base takes 0 or 1 only', () => {
    assert.equal(behaviourOptions({ 'page-base': '1' }).pageBase, 1);
    assert.equal(behaviourOptions({ 'page-base': '0' }).pageBase, 0);
    assert.throws(() => behaviourOptions({ 'page-base': '2' }), /--page-base must be 0 or 1/);
  });

  void test('--fault-seed makes share faults repeatable', () => {
    assert.equal(behaviourOptions({ 'fault-seed': '7' }).faultSeed, 7);
    assert.throws(() => behaviourOptions({ 'fault-seed': '-1' }), /--fault-seed must be a whole number/);
  });

  void test('no behaviour flags leave every option at its default', () => {
    assert.deepEqual(behaviourOptions({}), {});
  });

  void test("an emulator started with the flags' options answers accordingly", async () => {
    const emulator = await startTestEmulator(behaviourOptions({ 'fail-rate': '1', 'page-base': '1' }));
    try {
      assert.equal((await emulator.privacy('GET', '/jobs?regulation=gdpr')).status, 503);
      await emulator.admin('DELETE', '/faults');
      assert.equal((await emulator.privacy('GET', '/jobs?regulation=gdpr&page=0')).status, 400);
    } finally {
      await emulator.close();
    }
  });
});
