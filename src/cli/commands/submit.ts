import path from 'node:path';
import { PrivacyOrchestrator } from '../../client';
import { loadConfig } from '../../config';
import { expectedJobs } from '../../privacy/validate';
import { readRequestFile } from '../../privacy/intake';
import { parse, UsageError, type Command } from '../flags';
import { createOutput } from '../output';
import { printResult } from './results-table';

export const submit: Command = {
  summary: 'validate a request file and start its workflow',
  usage: `privacy-orchestrator submit <file> [options]

  <file>               Adobe's own POST /jobs body (.json) or a subjects CSV (.csv: key,action,namespace,value,type)
  --regulation NAME    for CSV files: the regulation of every row (e.g. gdpr, ccpa)
  --include A,B        for CSV files: the products (e.g. analytics,audienceManager,profileService)
  --dry-run            only validate and show what would be submitted (needs no server)
  --id ID              your own submission id (a second submit with the same id is refused)
  --wait               wait until every job has finished and print the outcome per product
  --json               print one JSON document`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      regulation: { type: 'string' },
      include: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      id: { type: 'string' },
      wait: { type: 'boolean', default: false },
    });
    const out = createOutput(values.json);
    if (values.help) return (out.result({ usage: this.usage }, () => this.usage), 0);
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError(`submit takes one file\n\n${this.usage}`);
    if (!file.toLowerCase().endsWith('.csv') && (values.regulation || values.include)) {
      throw new UsageError(
        '--regulation and --include are for CSV files; a JSON request names its own regulation and include',
      );
    }
    const config = loadConfig();
    const requests = await readRequestFile(file, {
      orgId: config.adobe.orgId,
      regulation: values.regulation,
      include: values.include
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    });
    const summary = requests.map((r) => ({
      regulation: r.regulation,
      users: r.users.length,
      jobs: expectedJobs(r).length,
      include: r.include,
    }));

    if (values['dry-run']) {
      out.result({ valid: true, file, submissions: summary, requests }, () =>
        summary
          .map(
            (s, i) =>
              `${file}${requests.length > 1 ? ` (part ${i + 1})` : ''}: valid; would submit ${s.users} users → ${s.jobs} Adobe jobs (${s.regulation}; ${s.include.join(', ')})`,
          )
          .join('\n'),
      );
      return 0;
    }

    if (values.id && requests.length > 1)
      throw new UsageError('--id works with files of at most 1000 subjects');
    const orchestrator = await PrivacyOrchestrator.connect(config);
    try {
      const started: ({ submissionId: string } & (typeof summary)[number])[] = [];
      for (const [i, request] of requests.entries()) {
        const submissionId = values.id ?? undefined;
        const { submissionId: id } = await orchestrator.submit(request, {
          submissionId,
          source: requests.length > 1 ? `${path.basename(file)}#${i + 1}` : path.basename(file),
        });
        started.push({ submissionId: id, ...summary[i]! });
        out.info(`submitted ${id}: ${summary[i]!.users} users, ${summary[i]!.jobs} jobs`);
      }
      if (!values.wait) {
        out.result({ submissions: started }, () =>
          started
            .map((s) => `${s.submissionId}\n  follow it: privacy-orchestrator status ${s.submissionId}`)
            .join('\n'),
        );
        return 0;
      }
      const results = await Promise.all(started.map((s) => orchestrator.result(s.submissionId)));
      const jobs = results.flatMap((r) => r.jobs);
      out.result({ submissions: started.map((s, i) => ({ ...s, result: results[i] })) }, () =>
        printResult(jobs),
      );
      return jobs.every((j) => j.outcome.status === 'complete') ? 0 : 1;
    } finally {
      await orchestrator.close();
    }
  },
};
