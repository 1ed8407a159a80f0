import { PrivacyOrchestrator } from '../../client';
import { parse, UsageError, type Command } from '../flags';
import { createOutput, table } from '../output';

export const watch: Command = {
  summary: 'follow privacy workflows live until Ctrl-C',
  usage: `privacy-orchestrator watch [--query Q] [--every SECONDS] [--limit N]

  Redraws the list of privacy workflows (see "list") every SECONDS (default 2). With --json, prints one
  JSON document per refresh (JSON lines).`,
  async run(argv) {
    const { values } = parse(argv, {
      query: { type: 'string' },
      every: { type: 'string', default: '2' },
      limit: { type: 'string', default: '30' },
    });
    const out = createOutput(values.json);
    if (values.help) return (out.result({ usage: this.usage }, () => this.usage), 0);
    const every = Number(values.every);
    const limit = Number(values.limit);
    if (!(every >= 0.5 && every <= 3600))
      throw new UsageError('--every must be a number of seconds from 0.5 to 3600');
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new UsageError('--limit must be a whole number from 1 to 1000');
    const orchestrator = await PrivacyOrchestrator.connect();
    let stop = false;
    const onSignal = () => (stop = true);
    process.once('SIGINT', onSignal);
    try {
      while (!stop) {
        const rows = await orchestrator.list(values.query, limit);
        if (values.json) process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), rows })}\n`);
        else {
          const text = table(
            ['WORKFLOW', 'TYPE', 'TEMPORAL', 'PRIVACY', 'STARTED'],
            rows.map((r) => [r.workflowId, r.type, r.status, r.privacyStatus ?? '', r.startTime]),
          );
          process.stdout.write(
            `${process.stdout.isTTY ? '\x1b[2J\x1b[H' : ''}${new Date().toISOString()}\n${text}\n`,
          );
        }
        await new Promise((r) => setTimeout(r, every * 1000));
      }
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      await orchestrator.close();
    }
  },
};
