import type { JobSummary } from '../../workflows/messages';
import { table } from '../output';

/** One row per Adobe job: subject key, action, status, and each product's status and outcome code. */
export function printResult(jobs: { userKey: string; action: string; outcome: JobSummary }[]): string {
  const rows = jobs.map(({ userKey, action, outcome }) => [
    userKey,
    action,
    outcome.status,
    outcome.products.map((p) => `${p.product}: ${p.status}${p.code ? ` (${p.code})` : ''}`).join(', '),
    outcome.result ? `${outcome.result.bytes} B` : '',
  ]);
  return table(['SUBJECT', 'ACTION', 'STATUS', 'PRODUCTS', 'RESULT'], rows);
}
