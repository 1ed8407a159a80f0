// Single requests from backend code, gathered into one Adobe submission per window.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PrivacyUser } from '../../src/adobe/types';
import type { IntakeReceipt } from '../../src/workflows/intake';
import { startRun, type Run } from '../helpers/stack';

const person = (n: number, action: PrivacyUser['action'] = ['delete']): PrivacyUser => ({
  key: `backend-${n}`,
  action,
  userIDs: [{ namespace: 'email', value: `person.${n}@example.test`, type: 'standard' }],
});

describe('gathering single requests into submissions', () => {
  let run: Run;
  let receipts: IntakeReceipt[];
  const options = { regulation: 'ccpa', include: ['analytics', 'profileService'], windowSeconds: 6 };

  before(async () => {
    run = await startRun();
    receipts = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        run.orchestrator.request(person(n, n === 3 ? ['access', 'delete'] : ['delete']), options),
      ),
    );
  });
  after(() => run.close());

  it('puts requests of one window into one submission', () => {
    assert.equal(new Set(receipts.map((r) => r.submissionId)).size, 1);
    assert.match(
      receipts[0]!.submissionId,
      /^privacy-intake-ccpa-analytics\+profileservice-[0-9a-f]{8}-\d+$/,
    );
    assert.ok(receipts.every((r) => !r.duplicate));
  });

  it('tells the status of a submission still being gathered', async () => {
    const status = await run.orchestrator.status(receipts[0]!.submissionId);
    assert.ok(status.kind === 'submission');
    assert.equal(status.state!.phase, 'queued');
    assert.deepEqual(status.queued, { subjects: 5, startsBy: receipts[0]!.startsBy });
  });

  it('answers a repeated request with its first receipt', async () => {
    const again = await run.orchestrator.request(person(2), options);
    assert.deepEqual([again.submissionId, again.duplicate], [receipts[0]!.submissionId, true]);
  });

  it('refuses an invalid request at once, naming the field', async () => {
    await assert.rejects(run.orchestrator.request({ ...person(9), userIDs: [] }, options), {
      code: 'INVALID_REQUEST',
      message: /users\[0\]\.userIDs: must have at least 1 entry/,
    });
  });

  it('submits the batch once when its window closes: 6 jobs from one POST', async () => {
    const result = await run.orchestrator.result(receipts[0]!.submissionId);
    assert.equal(result.jobs.length, 6);
    assert.ok(result.jobs.every((j) => j.outcome.status === 'complete'));
    const stats = await run.stack.stats();
    assert.equal(stats.calls['POST /data/core/privacy/jobs'], 1);
    assert.equal(stats.jobs.created, 6);
  });

  it('starts a new submission for requests after the window', async () => {
    const later = await run.orchestrator.request(person(6), options);
    assert.notEqual(later.submissionId, receipts[0]!.submissionId);
    const result = await run.orchestrator.result(later.submissionId);
    assert.deepEqual(
      result.jobs.map((j) => j.userKey),
      ['backend-6'],
    );
  });
});
