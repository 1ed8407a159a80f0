import { PrivacyOrchestrator } from '../../client';
import { parse, UsageError, type Command } from '../flags';
import { createOutput, table } from '../output';

export const list: Command = {
  summary: 'list recent privacy workflows',
  usage: `privacy-orchestrator list [--query Q] [--overdue] [--limit N] [--json]

  --query Q   a Temporal visibility query, e.g. "PrivacyStatus = 'error'" or "PrivacyRegulation = 'gdpr'"
  --overdue   only jobs still running past their legal deadline (PrivacyDueAt)
  --limit N   at most N rows (default 50)`,
  async run(argv) {
    const { values } = parse(argv, {
      query: { type: 'string' },
      overdue: { type: 'boolean', default: false },
      limit: { type: 'string', default: '50' },
    });
    if (values.overdue && values.query)
      throw new UsageError('--overdue and --query do not go together: add the condition to your query');
    const query = values.overdue
      ? `WorkflowType = 'privacyJob' AND ExecutionStatus = 'Running' AND PrivacyDueAt < '${new Date().toISOString()}'`
      : values.query;
    const out = createOutput(values.json);
    if (values.help) return (out.result({ usage: this.usage }, () => this.usage), 0);
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw new UsageError('--limit must be a whole number from 1 to 10000');
    const orchestrator = await PrivacyOrchestrator.connect();
    try {
      const rows = await orchestrator.list(query, limit);
      const total = rows.length < limit ? rows.length : await orchestrator.count(query);
      out.result(rows, () =>
        [
          table(
            ['WORKFLOW', 'TYPE', 'TEMPORAL', 'PRIVACY', 'STARTED', 'DUE'],
            rows.map((r) => [
              r.workflowId,
              r.type,
              r.status,
              r.privacyStatus ?? '',
              r.startTime,
              r.dueAt?.slice(0, 10) ?? '',
            ]),
          ),
          ...(total > rows.length
            ? [`showing the newest ${rows.length} of ${total} (--limit N for more, --query to filter)`]
            : []),
        ].join('\n'),
      );
      return 0;
    } finally {
      await orchestrator.close();
    }
  },
};
