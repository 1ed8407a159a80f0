import { PrivacyOrchestrator, type RequestStatus } from '../../client';
import { parse, UsageError, type Command } from '../flags';
import { createOutput, table } from '../output';

export const status: Command = {
  summary: 'show where a submission or a job stands',
  usage: `privacy-orchestrator status <id> [--json]

  <id>   a submission id (privacy-submission-… or your own), a job workflow id (privacy-job-…) or an Adobe job id`,
  async run(argv) {
    const { values, positionals } = parse(argv, {});
    const out = createOutput(values.json);
    if (values.help) return (out.result({ usage: this.usage }, () => this.usage), 0);
    if (positionals.length !== 1) throw new UsageError(`status takes one id\n\n${this.usage}`);
    const orchestrator = await PrivacyOrchestrator.connect();
    try {
      const found = await orchestrator.status(positionals[0]!);
      out.result(found, () => describe(found));
      return found.failure ? 1 : 0;
    } finally {
      await orchestrator.close();
    }
  },
};

function describe(found: RequestStatus): string {
  if (found.failure !== undefined || !found.state)
    return `${found.workflowId}: failed: ${found.failure ?? 'no state'}`;
  if (found.kind === 'job') {
    const { state } = found;
    const input = state!.input;
    const lines = [
      state!.phase === 'cancelled'
        ? `${found.workflowId}: cancelled (we stopped following it; Adobe has no cancel, so the job goes on there)`
        : `${found.workflowId}: ${state!.status} (${state!.phase})`,
    ];
    if (input) {
      lines.push(
        `  Adobe job ${input.jobId}, ${input.action} under ${input.regulation}, subject ${input.userKey}, due ${input.dueAt.slice(0, 10)}`,
      );
    }
    for (const p of state!.outcome?.products ?? []) {
      lines.push(
        `  ${p.product}: ${p.status}${p.code ? ` ${p.code}` : ''}${p.message ? ` ${p.message}` : ''}`,
      );
    }
    const result = state!.outcome?.result;
    if (result)
      lines.push(`  result: ${result.file} (${result.bytes} bytes, sha256 ${result.sha256.slice(0, 16)}…)`);
    if (state!.outcome?.failure) lines.push(`  failure: ${state!.outcome.failure}`);
    return lines.join('\n');
  }
  if (found.queued) {
    return `${found.workflowId}: queued; ${found.queued.subjects} subject(s) gathered so far, the submission starts by ${found.queued.startsBy} (${found.state!.regulation}, due ${found.state!.dueAt.slice(0, 10)})`;
  }
  const { state } = found;
  const head = `${found.workflowId}: ${state!.phase}; ${state!.regulation}, due ${state!.dueAt.slice(0, 10)}${state!.requestId ? `, Adobe request ${state!.requestId}` : ''}`;
  const rows = state!.jobs.map((j) => [
    j.userKey,
    j.action,
    state!.outcomes[j.jobId]?.status ?? 'waiting',
    j.workflowId,
  ]);
  const missing = state!.missing.map(
    (m) => `  Adobe created no job for ${m.userKey} (${m.action}): check it in the Adobe UI`,
  );
  return [
    head,
    ...(rows.length ? [table(['SUBJECT', 'ACTION', 'STATUS', 'WORKFLOW'], rows)] : []),
    ...missing,
  ].join('\n');
}
