// Reading Adobe's responses, tolerant of every variant Adobe documents (reference §16):
// `jobs` or `jobDetails`, `downloadURL` or `downloadUrl`, US-format GMT or ISO dates, numeric or string
// `error_code`. Pure functions: unit-tested against Adobe's own samples.
import type { CreateJobsResponse, JobDetails, JobStatus, ListJobsResponse, PrivacyAction } from './types';

export interface CreatedJobRef {
  jobId: string;
  userKey: string;
  action: PrivacyAction;
}

export interface ProductOutcome {
  product: string;
  status: JobStatus;
  /** Adobe's outcome code without the PRVCY- prefix, e.g. `6000-200`. */
  code?: string;
  message?: string;
  detail?: string;
  processed?: string[];
  ignored?: string[];
  processedAt?: string;
}

export interface JobView {
  jobId: string;
  requestId?: string;
  userKey?: string;
  action: PrivacyAction;
  status: JobStatus;
  regulation?: string;
  createdAt?: string;
  updatedAt?: string;
  products: ProductOutcome[];
  downloadUrl?: string;
}

const STATUSES: readonly JobStatus[] = ['submitted', 'processing', 'complete', 'error'];

export function parseCreateResponse(body: CreateJobsResponse): { requestId?: string; jobs: CreatedJobRef[] } {
  const items = body.jobs ?? body.jobDetails;
  if (!Array.isArray(items)) throw new TypeError('the create response has neither "jobs" nor "jobDetails"');
  const jobs = items.map((item) => {
    const action = item.customer?.user?.action?.[0];
    if (typeof item.jobId !== 'string' || (action !== 'access' && action !== 'delete')) {
      throw new TypeError('a created job lacks jobId or customer.user.action');
    }
    return { jobId: item.jobId, userKey: String(item.customer.user.key ?? ''), action };
  });
  return { requestId: body.requestId, jobs };
}

export function parseJobDetails(body: JobDetails): JobView {
  if (typeof body.jobId !== 'string') throw new TypeError('the job has no jobId');
  return {
    jobId: body.jobId,
    requestId: body.requestId,
    userKey: body.userKey,
    action: body.action,
    status: parseStatus(body.status),
    regulation: body.regulation,
    createdAt: parseAdobeDate(body.createdDate),
    updatedAt: parseAdobeDate(body.lastModifiedDate),
    products: (body.productResponses ?? []).map((p) => ({
      product: p.product,
      status: parseStatus(p.productStatusResponse?.status ?? 'submitted'),
      code: p.productStatusResponse?.responseMsgCode?.replace(/^PRVCY-/, ''),
      message: p.productStatusResponse?.message,
      detail: p.productStatusResponse?.responseMsgDetail,
      processed: p.productStatusResponse?.results?.processed,
      ignored: p.productStatusResponse?.results?.ignored,
      processedAt: parseAdobeDate(p.processedDate),
    })),
    downloadUrl: body.downloadUrl ?? body.downloadURL,
  };
}

/** List items that cannot be read (an unknown status, no jobId) are skipped: one odd job must not hide the rest. */
export function parseJobList(body: ListJobsResponse): Omit<JobView, 'products'>[] {
  const items = body.jobDetails ?? body.jobs ?? [];
  return items.flatMap((item) => {
    try {
      const { products: _products, ...rest } = parseJobDetails({ ...item, productResponses: [] });
      return [rest];
    } catch {
      return [];
    }
  });
}

function parseStatus(value: unknown): JobStatus {
  const status = String(value).toLowerCase();
  if (!STATUSES.includes(status as JobStatus)) throw new TypeError(`unknown job status "${String(value)}"`);
  return status as JobStatus;
}

/**
 * Adobe's samples write `10/02/2019 08:25 PM GMT`; its OpenAPI says ISO 8601. Returns ISO 8601, or
 * undefined when absent; a value in neither format is kept out rather than guessed.
 */
export function parseAdobeDate(value: string | undefined): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const us = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}) (AM|PM) GMT$/.exec(value.trim());
  if (us) {
    const [, month, day, year, hour12, minute, half] = us;
    const hour = (Number(hour12) % 12) + (half === 'PM' ? 12 : 0);
    return new Date(
      Date.UTC(Number(year), Number(month) - 1, Number(day), hour, Number(minute)),
    ).toISOString();
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The gateway sends `error_code` as a string, newer gateways as a number. */
export function readErrorBody(text: string): { code?: string; message?: string } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const code = body.error_code ?? body.errorCode ?? body.code ?? body.error;
    const message = body.message ?? body.detail ?? body.error_description ?? body.title;
    return {
      code: code === undefined || code === null ? undefined : String(code),
      message: typeof message === 'string' ? message : undefined,
    };
  } catch {
    return {};
  }
}
