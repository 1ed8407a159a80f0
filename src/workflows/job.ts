import { proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { NON_RETRYABLE_TYPES } from '../activities/failure-types';
import { jobStateQuery, type JobInput, type JobOutcome, type JobState } from './messages';
import { STATUS } from './search-attributes';

/**
 * One Adobe job (one data subject × one action): wait for Adobe to finish, keep the access results,
 * write the audit trail, end in a terminal state that says what happened per product.
 */
export async function privacyJob(input: JobInput): Promise<JobOutcome> {
  const state: JobState = { phase: 'waiting', status: 'submitted', input };
  setHandler(jobStateQuery, () => state);

  // Infrequent polling: the activity asks Adobe once and fails while the job is unfinished; its retry
  // policy is the polling schedule, so waiting for days adds no events to this history.
  const { awaitJobCompletion } = proxyActivities<Activities>({
    startToCloseTimeout: `${input.polling.attemptTimeoutSeconds} seconds`,
    scheduleToCloseTimeout: '120 days',
    retry: {
      initialInterval: `${input.polling.initialSeconds} seconds`,
      backoffCoefficient: input.polling.backoff,
      maximumInterval: `${input.polling.maximumSeconds} seconds`,
      nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES],
    },
  });
  const { storeAccessResult, recordAudit } = proxyActivities<Activities>({
    startToCloseTimeout: '10 minutes',
    retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes', nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES] },
  });

  const finished = await awaitJobCompletion({ jobId: input.jobId });
  state.status = finished.status;
  upsertSearchAttributes([{ key: STATUS, value: finished.status }]);

  let result: JobOutcome['result'];
  if (finished.status === 'complete' && input.action === 'access') {
    state.phase = 'storing';
    result = await storeAccessResult({ jobId: input.jobId });
  }

  const outcome: JobOutcome = {
    jobId: input.jobId,
    userKey: input.userKey,
    action: input.action,
    status: finished.status,
    products: finished.products,
    result,
    finishedAt: new Date().toISOString(),
    input,
  };
  await recordAudit({
    at: outcome.finishedAt,
    workflowId: workflowInfo().workflowId,
    submissionId: input.submissionId,
    jobId: input.jobId,
    requestId: input.requestId,
    regulation: input.regulation,
    action: input.action,
    subject: input.subjectHash,
    dueAt: input.dueAt,
    status: finished.status,
    products: finished.products.map((p) => ({ product: p.product, status: p.status, code: p.code })),
    resultSha256: result?.sha256,
    source: input.source,
  });
  state.outcome = outcome;
  state.phase = 'finished';
  return outcome;
}
