import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { JobView, ProductOutcome } from '../adobe/parse';
import type { PrivacyClient } from '../adobe/privacy-client';
import type { CreateJobsRequest, JobStatus, PrivacyAction } from '../adobe/types';
import { expectedJobs } from '../privacy/validate';
import { guarded } from './failures';
import { JOB_NOT_FINISHED } from './failure-types';

export interface SubmitJobsInput {
  request: CreateJobsRequest;
  /** ISO time before the first attempt: jobs created since then may be ours. */
  notBefore: string;
}

export interface SubmitJobsResult {
  requestId?: string;
  jobs: { jobId: string; userKey: string; action: PrivacyAction }[];
  /** (user, action) pairs Adobe did not create a job for: reported, never posted again blindly. */
  missing: { userKey: string; action: PrivacyAction }[];
  /** How many jobs were found already created by an earlier attempt instead of posted again. */
  reconciled: number;
}

export interface FinishedJob {
  status: JobStatus;
  products: ProductOutcome[];
}

export interface JobDeps {
  privacy: PrivacyClient;
  now: () => Date;
}

export function createJobActivities({ privacy, now }: JobDeps) {
  return {
    /**
     * Submits the request to Adobe at most once per (user, action). Adobe has no idempotency key, so a
     * retry after an attempt that may have reached Adobe (worker crash, timeout, lost response) first
     * looks for the jobs that attempt created, and posts only the users still missing.
     */
    async submitJobs({ request, notBefore }: SubmitJobsInput): Promise<SubmitJobsResult> {
      return guarded(async () => {
        const expected = expectedJobs(request);
        const { info, cancellationSignal: signal } = Context.current();
        const found = info.attempt > 1 ? await findCreatedJobs(privacy, request, notBefore, now()) : [];
        const has = new Set(found.map((job) => `${job.userKey}\u0000${job.action}`));
        const missingUsers = request.users
          .map((user) => ({
            ...user,
            action: user.action.filter((action) => !has.has(`${user.key}\u0000${action}`)),
          }))
          .filter((user) => user.action.length > 0);
        if (missingUsers.length === 0) {
          return {
            requestId: found[0]?.requestId,
            jobs: found.map(strip),
            missing: [],
            reconciled: found.length,
          };
        }
        // An attempt that Temporal already gave up on (timed out, worker shutting down) must not post:
        // the attempt that replaced it is reconciling at the same time.
        if (signal.aborted)
          throw ApplicationFailure.retryable('the submit attempt was cancelled before posting', 'CANCELLED');
        const created = await privacy.createJobs({ ...request, users: missingUsers }, signal);
        const jobs = [...found.map(strip), ...created.jobs];
        const missing = expected
          .filter((e) => !jobs.some((j) => j.userKey === e.key && j.action === e.action))
          .map((e) => ({ userKey: e.key, action: e.action }));
        return {
          requestId: created.requestId ?? found[0]?.requestId,
          jobs,
          missing,
          reconciled: found.length,
        };
      });
    },

    /** Asks Adobe once, after a privacy event: the finished job, or null while Adobe is still working. */
    async readJob({ jobId }: { jobId: string }): Promise<FinishedJob | null> {
      return guarded(async () => {
        return finishedJob(await privacy.getJob(jobId));
      });
    },

    /** Asks Adobe once; fails (benign, retryable) while the job is unfinished. */
    async awaitJobCompletion({ jobId }: { jobId: string }): Promise<FinishedJob> {
      return guarded(async () => {
        const job = await privacy.getJob(jobId);
        const finished = finishedJob(job);
        if (!finished) {
          throw ApplicationFailure.create({
            type: JOB_NOT_FINISHED,
            message: `job is ${job.status}`,
            // Expected on every poll: logged at debug level and kept out of failure metrics.
            category: ApplicationFailureCategory.BENIGN,
          });
        }
        return finished;
      });
    },
  };
}

/**
 * The outcome of a job Adobe has finished, or null while it works. The download link (presigned on older
 * jobs) is a credential of sorts: it stays out of history.
 */
function finishedJob(job: JobView): FinishedJob | null {
  return job.status === 'complete' || job.status === 'error'
    ? { status: job.status, products: job.products }
    : null;
}

type ListedJob = { jobId: string; userKey: string; action: PrivacyAction; requestId?: string };

async function findCreatedJobs(
  privacy: PrivacyClient,
  request: CreateJobsRequest,
  notBefore: string,
  now: Date,
): Promise<ListedJob[]> {
  const wanted = new Set(expectedJobs(request).map((e) => `${e.key}\u0000${e.action}`));
  // Adobe's list dates have minute precision: allow the minute the first attempt started in.
  const since = Date.parse(notBefore) - 60_000;
  const listed = await privacy.listJobs({
    regulation: request.regulation,
    fromDate: day(new Date(Math.max(since, now.getTime() - 29 * 86_400_000))),
    toDate: day(now),
  });
  const mine = listed.filter(
    (job) =>
      job.userKey !== undefined &&
      wanted.has(`${job.userKey}\u0000${job.action}`) &&
      (job.createdAt === undefined || Date.parse(job.createdAt) >= since),
  );
  // Oldest first, one per (user, action): if Adobe ever holds two, the first is the one we track.
  mine.sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
  const seen = new Set<string>();
  return mine.flatMap((job) => {
    const id = `${job.userKey}\u0000${job.action}`;
    if (seen.has(id)) return [];
    seen.add(id);
    return [{ jobId: job.jobId, userKey: job.userKey!, action: job.action, requestId: job.requestId }];
  });
}

function strip({ jobId, userKey, action }: ListedJob) {
  return { jobId, userKey, action };
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
