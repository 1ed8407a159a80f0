import {
  ApplicationFailure,
  ParentClosePolicy,
  CancellationScope,
  isCancellation,
  startChild,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { NON_RETRYABLE_TYPES } from '../activities/failure-types';
import { validateCreateJobsRequest } from '../privacy/validate';
import { dueDate } from './deadlines';
import {
  JOB_WORKFLOW,
  jobWorkflowId,
  submissionStateQuery,
  summarize,
  type JobOutcome,
  type JobSummary,
  type SubmissionInput,
  type SubmissionResult,
  type SubmissionState,
} from './messages';
import { ACTION, ADOBE_REQUEST_ID, DUE_AT, REGULATION, STATUS, SUBJECT } from './search-attributes';

/**
 * One Adobe `POST /jobs`: validate, submit exactly once, then follow each created job in its own child
 * workflow and gather their outcomes.
 */
export async function privacySubmission(input: SubmissionInput): Promise<SubmissionResult> {
  const { request } = input;
  const state: SubmissionState = {
    phase: 'validating',
    regulation: request.regulation,
    dueAt: dueDate(request.regulation, new Date(input.receivedAt)).toISOString(),
    jobs: [],
    missing: [],
    outcomes: {},
  };
  setHandler(submissionStateQuery, () => state);

  // The client validated already; a request that reaches here by another path still meets the rules.
  // This runs again on replay: a rule change that refuses what it used to accept must go behind patched().
  const verdict = validateCreateJobsRequest(request, { orgId: input.orgId });
  if (!verdict.ok) {
    state.phase = 'refused';
    throw ApplicationFailure.create({
      type: 'INVALID_REQUEST',
      nonRetryable: true,
      message: verdict.issues.map((i) => i.message).join('; '),
      details: [verdict.issues],
    });
  }

  state.phase = 'submitting';
  // Submitting is the one step that must not run twice blindly: each retry first reconciles with Adobe's
  // job list (see activities/jobs.ts), and the spacing gives Adobe time to list what it created.
  const { submitJobs } = proxyActivities<Activities>({
    startToCloseTimeout: `${input.polling.attemptTimeoutSeconds * 3} seconds`,
    retry: {
      initialInterval: `${input.polling.submitRetrySeconds} seconds`,
      backoffCoefficient: 2,
      maximumInterval: '10 minutes',
      nonRetryableErrorTypes: [...NON_RETRYABLE_TYPES],
    },
  });
  const { workflowId } = workflowInfo();
  // Not cancellable: once a POST may have reached Adobe, its jobs must be recorded and followed, even if
  // this submission is cancelled meanwhile. Each job workflow can be cancelled on its own.
  const children = await CancellationScope.nonCancellable(async () => {
    const submitted = await submitJobs({
      request,
      notBefore: new Date(workflowInfo().startTime).toISOString(),
    });
    state.requestId = submitted.requestId;
    state.missing = submitted.missing;
    state.jobs = submitted.jobs.map((job) => ({ ...job, workflowId: jobWorkflowId(job.jobId) }));
    state.phase = 'tracking';
    return Promise.all(
      state.jobs.map((job) =>
        startChild(JOB_WORKFLOW, {
          workflowId: job.workflowId,
          // A job is tracked to its end even if its submission is terminated.
          parentClosePolicy: ParentClosePolicy.ABANDON,
          args: [
            {
              jobId: job.jobId,
              requestId: submitted.requestId,
              userKey: job.userKey,
              action: job.action,
              regulation: request.regulation,
              dueAt: state.dueAt,
              subjectHash: input.subjectHashes[job.userKey] ?? 'unknown',
              submissionId: workflowId,
              polling: input.polling,
              source: input.source,
            },
          ],
          typedSearchAttributes: [
            { key: REGULATION, value: request.regulation },
            { key: ACTION, value: job.action },
            { key: STATUS, value: 'submitted' },
            { key: DUE_AT, value: new Date(state.dueAt) },
            { key: SUBJECT, value: input.subjectHashes[job.userKey] ?? 'unknown' },
            ...(submitted.requestId ? [{ key: ADOBE_REQUEST_ID, value: submitted.requestId }] : []),
          ],
        }),
      ),
    );
  });

  // Settled one by one: a job workflow that fails must not hide its siblings' outcomes.
  const outcomes = await Promise.all(
    children.map(async (child, i): Promise<JobSummary> => {
      const outcome = await child.result().then(
        (done) => summarize(done as JobOutcome),
        (error: Error): JobSummary => ({
          status: isCancellation(error) ? 'cancelled' : 'error',
          products: [],
          finishedAt: new Date().toISOString(),
          failure: isCancellation(error)
            ? undefined
            : error.cause instanceof Error
              ? error.cause.message
              : error.message,
        }),
      );
      state.outcomes[state.jobs[i]!.jobId] = outcome;
      return outcome;
    }),
  );
  state.phase = 'finished';
  return {
    requestId: state.requestId,
    regulation: request.regulation,
    dueAt: state.dueAt,
    missing: state.missing,
    jobs: state.jobs.map((job, i) => ({ ...job, outcome: outcomes[i]! })),
  };
}
