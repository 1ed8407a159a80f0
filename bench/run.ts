// `npm run bench`: speed and memory figures, each against a target. Runs against a throwaway Temporal
// dev server (or TEMPORAL_ADDRESS), an in-process emulator and an in-process worker.
// Options: --submissions N (default 5) --users N (default 50) per submission.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PrivacyOrchestrator } from '../src/client';
import { loadConfig } from '../src/config';
import { defaultEmulatorOptions, startEmulator } from '../src/emulator';
import { ensureDevServer, freePort } from '../src/local/temporal-server';
import { validateCreateJobsRequest } from '../src/privacy/validate';
import type { CreateJobsRequest } from '../src/adobe/types';
import { startWorker } from '../src/worker';

const ORG = '5A1B2C3D4E5F6A7B8C9D0E1F@AdobeOrg';

function request(users: number, prefix: string): CreateJobsRequest {
  return {
    companyContexts: [{ namespace: 'imsOrgID', value: ORG }],
    users: Array.from({ length: users }, (_, i) => ({
      key: `${prefix}-${i}`,
      action: ['access', 'delete'],
      userIDs: [
        { namespace: 'email', value: `person.${prefix}.${i}@example.test`, type: 'standard' },
        { namespace: 'ECID', value: String(10n ** 37n + BigInt(i)), type: 'standard' },
      ],
    })),
    include: ['analytics', 'audienceManager', 'profileService'],
    regulation: 'gdpr',
  };
}

interface Figure {
  name: string;
  value: number;
  unit: string;
  target: number;
  /** `max`: the value must stay at or below the target; `min`: at or above. */
  kind: 'max' | 'min';
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { submissions: { type: 'string', default: '5' }, users: { type: 'string', default: '50' } },
  });
  const submissions = Number(values.submissions);
  const users = Number(values.users);
  const figures: Figure[] = [];

  // 1. Intake: validating the largest request Adobe takes.
  const big = request(1000, 'v');
  const rounds = 200;
  let started = performance.now();
  for (let i = 0; i < rounds; i++) validateCreateJobsRequest(big, { orgId: ORG });
  figures.push({
    name: 'validate a 1000-user request',
    value: (performance.now() - started) / rounds,
    unit: 'ms',
    target: 5,
    kind: 'max',
  });

  // 2. End to end: submissions × users × 2 actions jobs through Temporal and the emulator.
  let address = process.env.TEMPORAL_ADDRESS;
  let stopServer = async () => {};
  if (!address) {
    const server = await ensureDevServer({ port: await freePort() });
    address = server.address;
    stopServer = () => server.stop();
  }
  const emulator = await startEmulator({
    ...defaultEmulatorOptions(),
    port: 0,
    timing: { processingAfterSeconds: 1, completeAfterSeconds: 2, completeSpreadSeconds: 1, products: {} },
  });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'po-bench-'));
  const config = loadConfig(
    {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TASK_QUEUE: `bench-${Date.now()}`,
      ADOBE_IMS_URL: emulator.url,
      ADOBE_PRIVACY_URL: `${emulator.url}/data/core/privacy`,
      ORCHESTRATOR_DATA_DIR: dataDir,
      ORCHESTRATOR_POLL_INTERVAL: '1',
      ORCHESTRATOR_POLL_MAX_INTERVAL: '2',
    },
    dataDir,
  );
  const worker = await startWorker(config);
  const orchestrator = await PrivacyOrchestrator.connect(config);
  // Measured from a started worker: what the run costs, not what bundling the workflows costs.
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    started = performance.now();
    const ids = [];
    for (let s = 0; s < submissions; s++)
      ids.push((await orchestrator.submit(request(users, `s${s}`))).submissionId);
    const submitMs = (performance.now() - started) / submissions;
    const results = await Promise.all(ids.map((id) => orchestrator.result(id)));
    const seconds = (performance.now() - started) / 1000;
    const jobs = results.flatMap((r) => r.jobs);
    const complete = jobs.filter((j) => j.outcome.status === 'complete').length;
    const stats = (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as {
      calls: Record<string, number>;
      tokensIssued: number;
    };
    const statusReads = stats.calls['GET /data/core/privacy/jobs/{id}'] ?? 0;
    figures.push(
      {
        name: `start a ${users}-user submission (intake + workflow start)`,
        value: submitMs,
        unit: 'ms',
        target: 250,
        kind: 'max',
      },
      {
        name: `${jobs.length} jobs to a terminal state`,
        value: jobs.length / seconds,
        unit: 'jobs/s',
        target: 5,
        kind: 'min',
      },
      {
        name: 'jobs that completed',
        value: (complete / jobs.length) * 100,
        unit: '%',
        target: 100,
        kind: 'min',
      },
      {
        name: 'Adobe status reads per job (2 s of processing)',
        value: statusReads / jobs.length,
        unit: 'calls',
        target: 5,
        kind: 'max',
      },
      {
        name: 'tokens minted for the whole run',
        value: stats.tokensIssued,
        unit: 'tokens',
        target: 1,
        kind: 'max',
      },
      // Temporal's reference figure is about 1 MiB per cached workflow (sdk-typescript worker options).
      {
        name: 'memory growth per running job (peak RSS / jobs)',
        value: (peakRss - rssBefore) / 2 ** 20 / jobs.length,
        unit: 'MiB',
        target: 1,
        kind: 'max',
      },
      {
        name: 'worker + client process RSS at the peak',
        value: peakRss / 2 ** 20,
        unit: 'MiB',
        target: 1024,
        kind: 'max',
      },
    );
  } finally {
    clearInterval(sampler);
    await orchestrator.close();
    await worker.shutdown();
    await emulator.close();
    await stopServer();
  }

  let missed = 0;
  for (const f of figures) {
    const ok = f.kind === 'max' ? f.value <= f.target : f.value >= f.target;
    if (!ok) missed++;
    console.log(
      `${ok ? 'ok  ' : 'MISS'}  ${f.name.padEnd(58)} ${f.value.toFixed(2).padStart(9)} ${f.unit.padEnd(7)} (target ${f.kind === 'max' ? '≤' : '≥'} ${f.target})`,
    );
  }
  console.log(`bench: ${figures.length - missed} of ${figures.length} targets met`);
  return missed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`bench: ${error.message}`);
    process.exit(1);
  },
);
