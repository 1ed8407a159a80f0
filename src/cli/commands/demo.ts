import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PrivacyOrchestrator } from '../../client';
import { loadConfig } from '../../config';
import { readRequestFile } from '../../privacy/intake';
import { startWorker } from '../../worker';
import { parse, type Command } from '../flags';
import { createOutput } from '../output';
import { startLocalTemporal, uiUrl } from './dev';
import { printResult } from './results-table';

interface DemoInput {
  file: string;
  regulation?: string;
  include?: string[];
}

export const demo: Command = {
  summary: 'run the example requests end to end and print their outcome',
  usage: `privacy-orchestrator demo [--examples DIR]

  Starts (or reuses) a Temporal dev server, the emulator and a worker, submits every request listed in
  <DIR>/demo.json (default examples/), waits for every job and prints one row per Adobe job.`,
  async run(argv) {
    const { values } = parse(argv, { examples: { type: 'string', default: 'examples' } });
    const out = createOutput(values.json);
    if (values.help) return (out.result({ usage: this.usage }, () => this.usage), 0);
    const started = Date.now();
    const config = loadConfig();
    // Left running after the demo, so the workflows can be looked at in the UI.
    const server = await startLocalTemporal(config, true, out.info);
    out.info(
      server.process
        ? `demo: started a Temporal dev server at ${server.address} (pid ${server.process.pid})`
        : `demo: using the Temporal server at ${server.address}`,
    );
    const worker = await startWorker(config);
    let connected: PrivacyOrchestrator | undefined;
    try {
      const orchestrator = (connected = await PrivacyOrchestrator.connect(config));
      const dir = path.resolve(values.examples);
      const inputs = JSON.parse(await readFile(path.join(dir, 'demo.json'), 'utf8')) as DemoInput[];
      const ids: string[] = [];
      for (const input of inputs) {
        const requests = await readRequestFile(path.join(dir, input.file), {
          ...input,
          orgId: config.adobe.orgId,
        });
        for (const request of requests) {
          const { submissionId } = await orchestrator.submit(request, { source: input.file });
          out.info(`demo: submitted ${input.file} as ${submissionId}`);
          ids.push(submissionId);
        }
      }
      const results = await Promise.all(ids.map((id) => orchestrator.result(id)));
      const jobs = results.flatMap((r) => r.jobs);
      const complete = jobs.filter((j) => j.outcome.status === 'complete').length;
      const failed = jobs.length - complete;
      out.result({ submissions: ids, results, jobs: jobs.length, complete, failed }, () =>
        [
          printResult(jobs),
          '',
          `access results: ${config.resultsDir}   audit trail: ${config.auditFile}`,
          `Temporal UI: ${uiUrl(config)}/namespaces/${config.temporal.namespace}/workflows`,
          `wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`,
          `demo: ${jobs.length} jobs, ${complete} complete, ${failed} failed`,
        ].join('\n'),
      );
      return failed === 0 ? 0 : 1;
    } finally {
      await connected?.close();
      await worker.shutdown();
    }
  },
};
