import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { guarded } from './failures';

/** One line of the audit trail. No personal data: the subject is a keyed hash. */
export interface AuditEntry {
  at: string;
  workflowId: string;
  submissionId: string;
  jobId: string;
  requestId?: string;
  regulation: string;
  action: string;
  subject: string;
  dueAt: string;
  status: string;
  products: { product: string; status: string; code?: string }[];
  resultSha256?: string;
  source?: string;
}

export function createAuditActivities({ auditFile }: { auditFile: string }) {
  return {
    /**
     * Appends to a JSON-lines file that outlives Temporal's history retention. A retried append can
     * write a line twice; readers key on (jobId, status).
     */
    async recordAudit(entry: AuditEntry): Promise<void> {
      return guarded(async () => {
        await mkdir(path.dirname(auditFile), { recursive: true });
        await appendFile(auditFile, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
      });
    },
  };
}
