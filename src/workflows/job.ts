import {
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { FinishedJob } from '../activities/jobs';
import type { AuditEntry } from '../activities/audit';
import { NON_RETRYABLE_TYPES } from '../activities/failure-types';
import { adobeEventSignal, jobStateQuery, type JobInput, type JobOutcome, type JobState } from './messages';
import { STATUS } from './search-attributes';

/**
 * One Adobe job (one data subject × one action): wait for Adobe to finish, keep the access results,
 * write the audit trail, end in a terminal state that says what happened per product.
 */
export async function privacyJob(input: JobInput): Promise<JobOutcome> {
  const state: JobState = { phase: 'waiting', status: 'submitted', input, events: 0 };
  let eventPending = false;
  setHandler(jobStateQuery, () => state);
  setHandler(adobeEventSignal, () => {
    state.events = (state.events ?? 0) + 1;
    eventPending = true;
  });

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
  const { storeAccessResult, recordAudit, readJob } = proxyActivities<Activities>({
    startToCloseTimeout: '10 minutes',
    retry: {
      initialInterval: '5 seconds',
      maximumInterval: '10 minutes',
      nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES],
    },
  });

  const audit = (entry: Pick<AuditEntry, 'at' | 'status' | 'products' | 'resultSha256'>) =>
    recordAudit({
      ...entry,
      workflowId: workflowInfo().workflowId,
      submissionId: input.submissionId,
      jobId: input.jobId,
      requestId: input.requestId,
      regulation: input.regulation,
      action: input.action,
      subject: input.subjectHash,
      dueAt: input.dueAt,
      source: input.source,
    });

  /** Polls on the retry schedule; a privacy event from Adobe cuts the wait short with one read. */
  async function waitForAdobe(): Promise<FinishedJob> {
    for (;;) {
      const scope = new CancellationScope();
      const poll = scope.run(() => awaitJobCompletion({ jobId: input.jobId }));
      const done = await Promise.race([poll, condition(() => eventPending).then(() => undefined)]);
      if (done) return done;
      eventPending = false;
      scope.cancel();
      // The poll may have finished in the same moment as the event arrived: then its answer stands.
      const settled = await poll.catch((error: unknown) => {
        if (!isCancellation(error)) throw error;
        return undefined;
      });
      if (settled) return settled;
      const now = await readJob({ jobId: input.jobId });
      if (now) return now;
    }
  }

  let finished: FinishedJob;
  try {
    finished = await waitForAdobe();
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // Adobe has no cancel: the job goes on there. What stops is our tracking, and the trail says so.
    state.phase = 'cancelled';
    await CancellationScope.nonCancellable(async () => {
      upsertSearchAttributes([{ key: STATUS, value: 'cancelled' }]);
      await audit({ at: new Date().toISOString(), status: 'tracking-cancelled', products: [] });
    });
    throw error;
  }
  state.status = finished.status;
  upsertSearchAttributes([{ key: STATUS, value: finished.status }]);

  // Adobe is done: keeping its results and the audit line must finish even if a cancel arrives now.
  return CancellationScope.nonCancellable(async () => {
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
    await audit({
      at: outcome.finishedAt,
      status: finished.status,
      products: finished.products.map((p) => ({ product: p.product, status: p.status, code: p.code })),
      resultSha256: result?.sha256,
    });
    state.outcome = outcome;
    state.phase = 'finished';
    return outcome;
  });
}
