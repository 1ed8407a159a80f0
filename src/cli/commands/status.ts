import { PrivacyOrchestrator } from '../../client';
import { parse, UsageError, type Command } from '../flags';
import { createOutput, table } from '../output';

export const status: Command = {
  summary: 'show where a submission or a job stands',
  usage: `privacy-orchestrator status <id> [--json]

  <id>   a submission id (privacy-submission-…), a job workflow id (privacy-job-…) or an Adobe job id`,
  async run(argv) {
    const { values, positionals } = parse(argv, {});
    const out = createOutput(values.json);
    if (values.help) return out.result({ usage: this.usage }, () => this.usage), 0;
    if (positionals.length !== 1) throw new UsageError(`status takes one id\n\n${this.usage}`);
    const orchestrator = await PrivacyOrchestrator.connect();
    try {
      const found = await orchestrator.status(positionals[0]!);
      out.result(found, () => {
        if (found.kind === 'job') {
          const { state } = found;
          const lines = [
            `${found.workflowId}: ${state.status} (${state.phase})`,
            `  Adobe job ${state.input.jobId}, ${state.input.action} under ${state.input.regulation}, subject ${state.input.userKey}, due ${state.input.dueAt.slice(0, 10)}`,
          ];
          for (const p of state.outcome?.products ?? []) lines.push(`  ${p.product}: ${p.status}${p.code ? ` ${p.code}` : ''}${p.message ? ` ${p.message}` : ''}`);
          if (state.outcome?.result) lines.push(`  result: ${state.outcome.result.file} (${state.outcome.result.bytes} bytes, sha256 ${state.outcome.result.sha256.slice(0, 16)}…)`);
          return lines.join('\n');
        }
        const { state } = found;
        const head = `${found.workflowId}: ${state.phase}; ${state.regulation}, due ${state.dueAt.slice(0, 10)}${state.requestId ? `, Adobe request ${state.requestId}` : ''}`;
        const rows = state.jobs.map((j) => [j.userKey, j.action, state.outcomes[j.jobId]?.status ?? 'waiting', j.workflowId]);
        return rows.length ? `${head}\n${table(['SUBJECT', 'ACTION', 'STATUS', 'WORKFLOW'], rows)}` : head;
      });
      return 0;
    } finally {
      await orchestrator.close();
    }
  },
};
