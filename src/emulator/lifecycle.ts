// A job's state is a pure function of (emulator clock − creation time): no timers, so moving the clock or
// restarting the emulator needs no bookkeeping. Identity values steer outcomes, so tests can ask for any of them.
import type { JobDetails, JobStatus, ProductResponse } from '../adobe/types';
import { PRODUCT_DISPLAY_NAMES } from '../privacy/catalogue';
import { DAY_MS, formatAdobeDate } from './dates';
import type { ProductTiming, TimingModel } from './options';
import type { StoredJob } from './state';

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

export function productStates(job: StoredJob, now: number, timing: TimingModel): ProductState[] {
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
    const response = outcome(job, code, product, values);
    return { code, product, status: response.status ?? 'complete', since: doneAt, response };
  });
}

function outcome(
  job: StoredJob,
  code: string,
  product: string,
  values: string[],
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

export function jobSummary(job: StoredJob, now: number, timing: TimingModel): JobSummary {
  const states = productStates(job, now, timing);
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
export function jobDetails(job: StoredJob, now: number, timing: TimingModel, baseUrl: string): JobDetails {
  const states = productStates(job, now, timing);
  const summary = jobSummary(job, now, timing);
  const details: JobDetails = {
    ...summary,
    userIds: job.userIds,
    productResponses: states.map((state) => ({
      product: state.product,
      retryCount: 0,
      processedDate: formatAdobeDate(state.since),
      productStatusResponse: state.response,
    })),
  };
  // Adobe's documents spell it both ways (reference §16.2); send both so either kind of client finds it.
  if (summary.status === 'complete' && job.action === 'access') {
    const url = `${baseUrl}/data/core/privacy/jobs/${encodeURIComponent(job.jobId)}/content`;
    details.downloadURL = url;
    details.downloadUrl = url;
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
