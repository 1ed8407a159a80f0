import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrivacyClient } from '../adobe/privacy-client';
import type { StoredResult } from '../workflows/messages';
import { guarded } from './failures';

export interface ResultDeps {
  privacy: PrivacyClient;
  resultsDir: string;
}

export function createResultActivities({ privacy, resultsDir }: ResultDeps) {
  return {
    /**
     * Downloads an access job's archive and keeps it: Adobe deletes it 30 to 60 days after completion.
     * Written to a temporary name then renamed, so a crash never leaves a half file under the real name.
     */
    async storeAccessResult({ jobId }: { jobId: string }): Promise<StoredResult> {
      return guarded(async () => {
        const job = await privacy.getJob(jobId);
        const archive = await privacy.downloadContent(job);
        await mkdir(resultsDir, { recursive: true });
        const file = path.join(resultsDir, `${jobId.replace(/[^A-Za-z0-9._-]/g, '_')}.zip`);
        await writeFile(`${file}.partial`, archive, { mode: 0o600 });
        await rename(`${file}.partial`, file);
        return { file, bytes: archive.length, sha256: createHash('sha256').update(archive).digest('hex') };
      });
    },
  };
}
