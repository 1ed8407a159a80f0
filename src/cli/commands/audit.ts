import { readFile } from 'node:fs/promises';
import type { AuditEntry } from '../../activities/audit';
import { loadConfig } from '../../config';
import { OrchestratorError } from '../../errors';
import { parse, UsageError, type Command } from '../flags';
import { createOutput, table } from '../output';

export const audit: Command = {
  summary: 'report from the audit trail: what was answered, and whether within the legal deadline',
  usage: `privacy-orchestrator audit [--since YYYY-MM-DD] [--regulation NAME] [--late] [--json]

  Reads ORCHESTRATOR_AUDIT_FILE (one JSON line per finished job, no personal data: the subject is a keyed
  hash) and prints one row per job with its deadline and when it finished.
  --since DAY        only jobs finished on or after DAY
  --regulation NAME  only that regulation
  --late             only jobs finished after their deadline`,
  async run(argv) {
    const { values } = parse(argv, {
      since: { type: 'string' },
      regulation: { type: 'string' },
      late: { type: 'boolean', default: false },
    });
    const out = createOutput(values.json);
    if (values.help) return (out.result({ usage: this.usage }, () => this.usage), 0);
    if (values.since && !/^\d{4}-\d{2}-\d{2}$/.test(values.since))
      throw new UsageError('--since must be a day, YYYY-MM-DD');
    const config = loadConfig();
    let text = '';
    try {
      text = await readFile(config.auditFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new OrchestratorError('CONFIG_INVALID', `cannot read the audit trail ${config.auditFile}`);
    }
    // A retried append can write a line twice: the last line per (job, status) stands.
    const entries = new Map<string, AuditEntry>();
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as AuditEntry;
        entries.set(`${entry.jobId}\u0000${entry.status}`, entry);
      } catch {
        // A torn last line after a crash: skip it.
      }
    }
    const rows = [...entries.values()]
      .filter((e) => !values.since || e.at.slice(0, 10) >= values.since)
      .filter((e) => !values.regulation || e.regulation === values.regulation)
      // A job we stopped following has no answer to judge: neither on time nor late.
      .map((e) => ({ ...e, onTime: e.status === 'tracking-cancelled' ? null : e.at <= e.dueAt }))
      .filter((e) => !values.late || e.onTime === false)
      .sort((a, b) => a.at.localeCompare(b.at));
    const late = rows.filter((r) => r.onTime === false).length;
    const cancelled = rows.filter((r) => r.status === 'tracking-cancelled').length;
    out.result({ file: config.auditFile, jobs: rows.length, late, cancelled, entries: rows }, () =>
      [
        table(
          ['FINISHED', 'ADOBE JOB', 'REGULATION', 'ACTION', 'STATUS', 'DUE', 'ON TIME', 'SUBJECT'],
          rows.map((r) => [
            r.at.slice(0, 16).replace('T', ' '),
            r.jobId,
            r.regulation,
            r.action,
            r.status,
            r.dueAt.slice(0, 10),
            r.onTime === null ? '—' : r.onTime ? 'yes' : 'LATE',
            r.subject.slice(0, 12),
          ]),
        ),
        `audit: ${rows.length} jobs, ${rows.length - late - cancelled} within the deadline, ${late} late, ${cancelled} no longer followed (${config.auditFile})`,
      ].join('\n'),
    );
    return 0;
  },
};
