// The worker's activities, built from their dependencies so tests can pass their own.
import type { PrivacyClient } from '../adobe/privacy-client';
import { createAuditActivities } from './audit';
import { createJobActivities } from './jobs';
import { createResultActivities } from './results';

export interface ActivityDeps {
  privacy: PrivacyClient;
  resultsDir: string;
  auditFile: string;
  now?: () => Date;
}

export function createActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    ...createJobActivities({ privacy: deps.privacy, now }),
    ...createResultActivities({ privacy: deps.privacy, resultsDir: deps.resultsDir }),
    ...createAuditActivities({ auditFile: deps.auditFile }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
