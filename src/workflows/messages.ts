// Inputs, results and queries of the privacy workflows: the stable contract between the client library,
// the CLI and the worker. Workflow-safe.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CreateJobsRequest, JobStatus, PrivacyAction } from '../adobe/types';
import type { ProductOutcome } from '../adobe/parse';

export const SUBMISSION_WORKFLOW = 'privacySubmission';

/** Adobe's job status, or `cancelled`: we stopped following the job (Adobe has no cancel; it goes on there). */
export type OutcomeStatus = JobStatus | 'cancelled';
export const JOB_WORKFLOW = 'privacyJob';

/** How often to ask Adobe about an unfinished job: the retry schedule of the status activity. */
export interface PollingPolicy {
  initialSeconds: number;
  maximumSeconds: number;
  backoff: number;
  /** Longest one call to Adobe may take (two requests when a token is re-minted), in seconds. */
  attemptTimeoutSeconds: number;
  /** Wait before re-trying a submission whose outcome is unknown: time for Adobe to list the jobs. */
  submitRetrySeconds: number;
}

export interface SubmissionInput {
  request: CreateJobsRequest;
  /** The org the request is sent for; its imsOrgID company context must match. */
  orgId: string;
  /** ISO time the request was received: the legal deadline runs from here. */
  receivedAt: string;
  /** Keyed hash of each user key, computed at intake (the workflow has no key material). */
  subjectHashes: Record<string, string>;
  polling: PollingPolicy;
  /** Where the request came from, for the audit trail (a file name, a system name). */
  source?: string;
}

export interface SubmittedJob {
  jobId: string;
  userKey: string;
  action: PrivacyAction;
  workflowId: string;
}

/** `queued`: gathered by an intake, its batch not closed yet. */
export type SubmissionPhase = 'queued' | 'validating' | 'submitting' | 'tracking' | 'finished' | 'refused';

export interface SubmissionState {
  phase: SubmissionPhase;
  regulation: string;
  dueAt: string;
  requestId?: string;
  jobs: SubmittedJob[];
  /** (user, action) pairs Adobe created no job for; a person must look at them. */
  missing: { userKey: string; action: PrivacyAction }[];
  outcomes: Record<string, JobSummary>;
}

export interface SubmissionResult {
  requestId?: string;
  regulation: string;
  dueAt: string;
  missing: { userKey: string; action: PrivacyAction }[];
  jobs: (SubmittedJob & { outcome: JobSummary })[];
}

export interface JobInput {
  jobId: string;
  requestId?: string;
  userKey: string;
  action: PrivacyAction;
  regulation: string;
  dueAt: string;
  subjectHash: string;
  submissionId: string;
  polling: PollingPolicy;
  source?: string;
}

export interface StoredResult {
  file: string;
  bytes: number;
  sha256: string;
}

export interface JobOutcome {
  jobId: string;
  userKey: string;
  action: PrivacyAction;
  status: OutcomeStatus;
  products: ProductOutcome[];
  result?: StoredResult;
  finishedAt: string;
  /** Set when the job workflow itself failed (the job's status is then `error`): why. */
  failure?: string;
  /** What the job workflow was started with (absent when the job workflow itself failed). */
  input?: JobInput;
}

/**
 * A job's outcome as its submission keeps it, about 300 bytes: a submission of 2000 jobs stays well below
 * Temporal's 2 MB payload limit. The job's own workflow keeps the whole outcome (file, messages, ids).
 */
export interface JobSummary {
  status: OutcomeStatus;
  products: Pick<ProductOutcome, 'product' | 'status' | 'code'>[];
  result?: Pick<StoredResult, 'bytes' | 'sha256'>;
  finishedAt: string;
  failure?: string;
}

export function summarize(outcome: JobOutcome): JobSummary {
  return {
    status: outcome.status,
    products: outcome.products.map(({ product, status, code }) => ({ product, status, code })),
    result: outcome.result && { bytes: outcome.result.bytes, sha256: outcome.result.sha256 },
    finishedAt: outcome.finishedAt,
    failure: outcome.failure,
  };
}

export interface JobState {
  phase: 'waiting' | 'storing' | 'finished' | 'cancelled';
  /** Privacy events received from Adobe for this job. */
  events?: number;
  status: OutcomeStatus;
  /** Absent only for a finished job read back from an older result. */
  input?: JobInput;
  outcome?: JobOutcome;
}

/** A privacy event from Adobe (I/O Events) about this job: the job workflow reads the job at once. */
export interface AdobeEventNotice {
  /** e.g. `com.adobe.platform.gdpr.productcomplete`. */
  type: string;
  /** e.g. `analytics.access.complete`. */
  message?: string;
}

export const adobeEventSignal = defineSignal<[AdobeEventNotice]>('adobeEvent');
export const submissionStateQuery = defineQuery<SubmissionState>('submissionState');
export const jobStateQuery = defineQuery<JobState>('jobState');

export function jobWorkflowId(jobId: string): string {
  return `privacy-job-${jobId}`;
}
