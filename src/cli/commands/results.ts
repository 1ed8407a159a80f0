import { PrivacyOrchestrator } from '../../client';
import { parse, UsageError, type Command } from '../flags';
import { createOutput, table } from '../output';

export const results: Command = {
  summary: 'where the access results of a submission or a job are kept',
  usage: `privacy-orchestrator results <id> [--json]

  Lists each finished access job's archive (a ZIP as Adobe delivered it, kept in ORCHESTRATOR_RESULTS_DIR),
  its size and SHA-256.`,
  async run(argv) {
    const { values, positionals } = parse(argv, {});
    const out = createOutput(values.json);
    if (values.help) return (out.result({ usage: this.usage }, () => this.usage), 0);
    if (positionals.length !== 1) throw new UsageError(`results takes one id\n\n${this.usage}`);
    const orchestrator = await PrivacyOrchestrator.connect();
    try {
      const found = await orchestrator.status(positionals[0]!);
      // A submission keeps only a summary per job: the file is in each access job's own outcome.
      const jobIds =
        found.kind === 'job'
          ? [found.workflowId]
          : (found.state?.jobs ?? [])
              .filter((j) => found.state!.outcomes[j.jobId]?.result)
              .map((j) => j.workflowId);
      const outcomes = [];
      for (const id of jobIds) {
        const job = id === found.workflowId ? found : await orchestrator.status(id);
        if (job.kind === 'job' && job.state?.outcome?.result) outcomes.push(job.state.outcome);
      }
      const rows = outcomes.map((o) => ({ jobId: o.jobId, subject: o.userKey, ...o.result! }));
      out.result(rows, () =>
        rows.length
          ? table(
              ['SUBJECT', 'ADOBE JOB', 'BYTES', 'SHA-256', 'FILE'],
              rows.map((r) => [r.subject, r.jobId, String(r.bytes), r.sha256.slice(0, 16), r.file]),
            )
          : `${found.workflowId}: no stored access results${found.running ? ' yet' : ''}`,
      );
      return 0;
    } finally {
      await orchestrator.close();
    }
  },
};
