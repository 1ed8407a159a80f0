import type { JobOutcome } from '../../workflows/messages';
import { table } from '../output';

/** One row per Adobe job: subject key, action, status, and each product's status and outcome code. */
export function printResult(jobs: { outcome: JobOutcome }[]): string {
  const rows = jobs.map(({ outcome }) => [
    outcome.userKey,
    outcome.action,
    outcome.status,
    outcome.products.map((p) => `${p.product}: ${p.status}${p.code ? ` (${p.code})` : ''}`).join(', '),
    outcome.result ? `${outcome.result.bytes} B` : '',
  ]);
  return table(['SUBJECT', 'ACTION', 'STATUS', 'PRODUCTS', 'RESULT'], rows);
}
