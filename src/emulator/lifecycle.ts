// A job's state is a pure function of (emulator clock − creation time): no timers, so moving the clock or
// restarting the emulator needs no bookkeeping. Identity values steer outcomes, so tests can ask for any of them.
import type { JobDetails, JobStatus, ProductResponse } from '../adobe/types';
import { PRODUCT_DISPLAY_NAMES, STANDARD_NAMESPACES } from '../privacy/catalogue';
import { DAY_MS, formatAdobeDate } from './dates';
import type { ProductTiming, ResolvedOptions, TimingModel } from './options';
import type { StoredJob } from './state';

/** The options a job's state depends on. */
export type LifecycleOptions = Pick<
  ResolvedOptions,
  'timing' | 'unprovisionedProducts' | 'downloadUrlField' | 'jobRetentionDays' | 'contentRetentionDays'
>;

/** A value containing `slow` keeps its job processing this long: the longest Adobe says a product takes. */
export const SLOW_JOB_MS = 30 * DAY_MS;

export interface ProductState {
  code: string;
  product: string;
  status: JobStatus;
  /** When the product entered its current status, emulator-clock epoch ms. */
  since: number;
  response: ProductResponse['productStatusResponse'];
}

export function timingFor(timing: TimingModel, code: string): ProductTiming {
  const override = timing.products[code] ?? {};
  const spread = Math.max(0, Math.floor(timing.completeSpreadSeconds));
  return {
    processingAfterSeconds: override.processingAfterSeconds ?? timing.processingAfterSeconds,
    completeAfterSeconds:
      override.completeAfterSeconds ?? timing.completeAfterSeconds + (nameHash(code) % (spread + 1)),
  };
}

export function productStates(job: StoredJob, now: number, options: LifecycleOptions): ProductState[] {
  const { timing } = options;
  const values = job.userIds.map((id) => id.value.toLowerCase());
  const slow = values.some((value) => value.includes('slow'));
  return job.products.map((code) => {
    const product = PRODUCT_DISPLAY_NAMES[code] ?? code;
    const { processingAfterSeconds, completeAfterSeconds } = timingFor(timing, code);
    const processingAt = job.createdAt + processingAfterSeconds * 1000;
    const doneAt = slow
      ? job.createdAt + SLOW_JOB_MS
      : job.createdAt + Math.max(completeAfterSeconds, processingAfterSeconds) * 1000;
    if (now < processingAt) {
      return {
        code,
        product,
        status: 'submitted',
        since: job.createdAt,
        response: { status: 'submitted', message: 'processing' },
      };
    }
    if (now < doneAt) {
      return {
        code,
        product,
        status: 'processing',
        since: processingAt,
        response: { status: 'processing', message: 'processing' },
      };
    }
    const response = outcome(job, code, product, values, options.unprovisionedProducts.includes(code));
    return { code, product, status: response.status ?? 'complete', since: doneAt, response };
  });
}

function outcome(
  job: StoredJob,
  code: string,
  product: string,
  values: string[],
  unprovisioned: boolean,
): ProductResponse['productStatusResponse'] {
  if (values.some((value) => value.includes('error-all') || value.includes(`error-${code}`))) {
    return {
      status: 'error',
      message: 'The data is not in the required format.',
      responseMsgCode: 'PRVCY-1000-400',
      responseMsgDetail: `${product} could not read the user IDs in the format they were sent.`,
    };
  }
  const all = job.userIds.map((id) => id.value);
  if (
    unprovisioned ||
    values.some((value) => value.includes('notprovisioned-all') || value.includes(`notprovisioned-${code}`))
  ) {
    // A 6051 is "not applicable", not a failure: the product is done and the job can still complete.
    return {
      status: 'complete',
      message: 'Not Provisioned',
      responseMsgCode: 'PRVCY-6051-200',
      responseMsgDetail: `The organization is not provisioned for ${product}; nothing was done.`,
      results: { processed: [], ignored: all },
    };
  }
  const badIds = job.userIds.filter(invalidNamespace).map((id) => id.value);
  if (badIds.length > 0) {
    return {
      status: 'complete',
      message: 'Invalid Namespace',
      responseMsgCode: 'PRVCY-6053-200',
      responseMsgDetail: `${product} does not know the namespace of some user IDs; see results.`,
      results: { processed: [], ignored: badIds },
    };
  }
  if (values.some((value) => value.includes('notfound'))) {
    return {
      status: 'complete',
      message: 'User IDs were not found.',
      responseMsgCode: 'PRVCY-6052-200',
      responseMsgDetail: `${product} holds no data for these user IDs.`,
      results: { processed: [], ignored: all },
    };
  }
  if (values.some((value) => value.includes('partial'))) {
    // The values marked `partial` are the ones the product found no data for.
    return {
      status: 'complete',
      message: 'Partially Completed',
      responseMsgCode: 'PRVCY-6054-200',
      responseMsgDetail: `${product} found data for some user IDs only; see results.`,
      results: {
        processed: all.filter((value) => !value.toLowerCase().includes('partial')),
        ignored: all.filter((value) => value.toLowerCase().includes('partial')),
      },
    };
  }
  return {
    status: 'complete',
    message: 'Success',
    responseMsgCode: 'PRVCY-6000-200',
    responseMsgDetail: `${product} finished the ${job.action} request.`,
    results: { processed: all, ignored: [] },
  };
}

/**
 * Adobe accepts any namespace at creation and the product finds out later (reference §8, 6053): an id claiming a
 * `standard` namespace that is not one, or a value containing `badnamespace`, is one the products cannot place.
 */
function invalidNamespace(id: StoredJob['userIds'][number]): boolean {
  if (id.value.toLowerCase().includes('badnamespace')) return true;
  return (
    id.type.toLowerCase() === 'standard' &&
    typeof id.namespace === 'string' &&
    !(id.namespace.toLowerCase() in STANDARD_NAMESPACES)
  );
}

/** When the last product reached its outcome, or undefined while any is still on its way. */
export function finishedAt(states: ProductState[]): number | undefined {
  if (states.some((state) => state.status === 'submitted' || state.status === 'processing')) return undefined;
  return Math.max(...states.map((state) => state.since));
}

/** Whether `GET /jobs/{id}` and `GET /jobs` still show the job: Adobe keeps job data 30 days after completion. */
export function jobVisible(job: StoredJob, now: number, options: LifecycleOptions): boolean {
  const done = finishedAt(productStates(job, now, options));
  return done === undefined || now < done + options.jobRetentionDays * DAY_MS;
}

/** Whether the access results still download: Adobe keeps them 60 days after completion. */
export function contentAvailable(job: StoredJob, now: number, options: LifecycleOptions): boolean {
  const done = finishedAt(productStates(job, now, options));
  return done !== undefined && now < done + options.contentRetentionDays * DAY_MS;
}

/** Error if any product failed, complete when all are, processing if any is, else submitted (reference §7). */
export function jobStatus(states: ProductState[]): JobStatus {
  if (states.some((state) => state.status === 'error')) return 'error';
  if (states.every((state) => state.status === 'complete')) return 'complete';
  if (states.some((state) => state.status === 'processing')) return 'processing';
  return 'submitted';
}

export type JobSummary = Omit<
  JobDetails,
  'productResponses' | 'userIds' | 'regulation' | 'downloadURL' | 'downloadUrl'
>;

export function jobSummary(job: StoredJob, now: number, options: LifecycleOptions): JobSummary {
  const states = productStates(job, now, options);
  return {
    jobId: job.jobId,
    requestId: job.requestId,
    userKey: job.userKey,
    action: job.action,
    status: jobStatus(states),
    submittedBy: job.submittedBy,
    createdDate: formatAdobeDate(job.createdAt),
    lastModifiedDate: formatAdobeDate(Math.max(job.createdAt, ...states.map((state) => state.since))),
  };
}

/** `GET /jobs/{id}`; `baseUrl` is where this emulator serves the access-results archive. */
export function jobDetails(
  job: StoredJob,
  now: number,
  options: LifecycleOptions,
  baseUrl: string,
): JobDetails {
  const states = productStates(job, now, options);
  const summary = jobSummary(job, now, options);
  // "The number of records that qualified": here the distinct user IDs some finished product found data for.
  const qualified = new Set(
    states.filter((state) => state.status === 'complete').flatMap((s) => s.response.results?.processed ?? []),
  );
  const details: JobDetails = {
    ...summary,
    qualifiedCount: qualified.size,
    userIds: job.userIds,
    productResponses: states.map((state) => ({
      product: state.product,
      retryCount: 0,
      processedDate: formatAdobeDate(state.since),
      productStatusResponse: state.response,
    })),
  };
  // Adobe's documents spell it both ways (reference §16.2): the option picks one, or both.
  if (summary.status === 'complete' && job.action === 'access') {
    const url = `${baseUrl}/data/core/privacy/jobs/${encodeURIComponent(job.jobId)}/content`;
    if (options.downloadUrlField !== 'downloadUrl') details.downloadURL = url;
    if (options.downloadUrlField !== 'downloadURL') details.downloadUrl = url;
  }
  details.regulation = job.regulation;
  return details;
}

/** FNV-1a: a stable small number per product name. */
function nameHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
