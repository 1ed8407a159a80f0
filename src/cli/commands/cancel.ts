import { PrivacyOrchestrator } from '../../client';
import { parse, UsageError, type Command } from '../flags';
import { createOutput } from '../output';

export const cancel: Command = {
  summary: 'stop following a submission or a job (Adobe has no cancel: its jobs go on)',
  usage: `privacy-orchestrator cancel <id> [--json]

  <id>   a submission id, a job workflow id or an Adobe job id. Cancelling a submission stops its running
         jobs too. The audit trail records "tracking-cancelled" for each job.`,
  async run(argv) {
    const { values, positionals } = parse(argv, {});
    const out = createOutput(values.json);
    if (values.help) return (out.result({ usage: this.usage }, () => this.usage), 0);
    if (positionals.length !== 1) throw new UsageError(`cancel takes one id\n\n${this.usage}`);
    const orchestrator = await PrivacyOrchestrator.connect();
    try {
      const { cancelled } = await orchestrator.cancel(positionals[0]!);
      out.result({ cancelled }, () =>
        cancelled.length ? cancelled.map((id) => `cancelled ${id}`).join('\n') : 'nothing was running',
      );
      return 0;
    } finally {
      await orchestrator.close();
    }
  },
};
