// The project's own Adobe clients against the emulator: both sides must agree on the wire.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TokenProvider } from '../../../src/adobe/ims-client';
import { PrivacyClient } from '../../../src/adobe/privacy-client';
import { loadConfig } from '../../../src/config';
import { defaultEmulatorOptions, startEmulator, type RunningEmulator } from '../../../src/emulator';

let emulator: RunningEmulator;
let client: PrivacyClient;

before(async () => {
  emulator = await startEmulator({ ...defaultEmulatorOptions(), port: 0 });
  const config = loadConfig({ EMULATOR_PORT: new URL(emulator.url).port }, '/nonexistent');
  client = new PrivacyClient(config.adobe, new TokenProvider({ adobe: config.adobe }));
});
after(() => emulator.close());

void test('a job created through the Privacy client completes and its results download as a ZIP', async () => {
  const orgId = defaultEmulatorOptions().orgId;
  const created = await client.createJobs({
    companyContexts: [{ namespace: 'imsOrgID', value: orgId }],
    users: [
      {
        key: 'client-1',
        action: ['access'],
        userIDs: [{ namespace: 'email', value: 'c1@example.test', type: 'standard' }],
      },
    ],
    include: ['analytics', 'profileService'],
    regulation: 'gdpr',
  });
  assert.equal(created.jobs.length, 1);
  await fetch(`${emulator.url}/__emulator/clock`, {
    method: 'POST',
    body: JSON.stringify({ advanceSeconds: 30 }),
  });
  const job = await client.getJob(created.jobs[0]!.jobId);
  assert.equal(job.status, 'complete');
  const zip = await client.downloadContent(job);
  assert.equal(zip.subarray(0, 4).toString('hex'), '504b0304');
  const listed = await client.listJobs({ regulation: 'gdpr' });
  assert.deepEqual(
    listed.map((j) => j.jobId),
    [job.jobId],
  );
});
