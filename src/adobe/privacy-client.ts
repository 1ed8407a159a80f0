// The one client of Adobe Privacy Service. got's own retries are off: Temporal's activity retries are the
// retry mechanism, and they follow the `retryable` flag decided here. No got error leaves this module.
import got, { type Response } from 'got';
import type { Config } from '../config';
import { OrchestratorError, type ErrorCode } from '../errors';
import { AdobeApiError } from './errors';
import { header, retryAfter, type TokenProvider } from './ims-client';
import {
  parseCreateResponse,
  parseJobDetails,
  parseJobList,
  readErrorBody,
  type CreatedJobRef,
  type JobView,
} from './parse';
import type { CreateJobsRequest, JobStatus } from './types';
import { USER_AGENT } from './user-agent';

/**
 * How each answer is treated. 401 is re-minted once inside `send`; what reaches this table is final for
 * the call.
 */
const RESPONSE_CLASSES: {
  match: (status: number) => boolean;
  code: ErrorCode;
  retryable: boolean;
  what: string;
}[] = [
  {
    match: (s) => s === 400,
    code: 'ADOBE_BAD_REQUEST',
    retryable: false,
    what: 'Privacy Service refused the request',
  },
  {
    match: (s) => s === 401,
    code: 'ADOBE_UNAUTHORIZED',
    retryable: true,
    what: 'the gateway refused a fresh token',
  },
  {
    match: (s) => s === 403,
    code: 'ADOBE_PERMISSION',
    retryable: false,
    what: "permission denied; the credential's product profile needs the Privacy Service permissions",
  },
  { match: (s) => s === 404, code: 'ADOBE_NOT_FOUND', retryable: false, what: 'not found' },
  { match: (s) => s === 429, code: 'ADOBE_THROTTLED', retryable: true, what: 'Adobe is throttling requests' },
  { match: (s) => s >= 500, code: 'ADOBE_UNAVAILABLE', retryable: true, what: 'Adobe is unavailable' },
];

/** What the gateway's own codes mean for the person configuring the worker. */
const GATEWAY_HINTS: Record<string, string> = {
  '403025':
    'the credential is not entitled to the org in x-gw-ims-org-id: ADOBE_ORG_ID must be the org the credential belongs to',
  '403003': "the gateway refused the API key: ADOBE_CLIENT_ID must be the credential's Client ID",
  '403000': 'the gateway received no API key (x-api-key)',
  '400003': 'the gateway received no org header (x-gw-ims-org-id)',
  '403010': 'the gateway received no token',
};

export interface ListJobsQuery {
  regulation: string;
  status?: JobStatus;
  /** YYYY-MM-DD, GMT; with toDate. */
  fromDate?: string;
  toDate?: string;
  size?: number;
  /** Stop after this many pages (default: all). */
  maxPages?: number;
}

export class PrivacyClient {
  /** First page number: Adobe's prose says 0, its OpenAPI says 1; the emulator and the docs agree on 0. */
  static readonly FIRST_PAGE = 0;

  constructor(
    private readonly adobe: Config['adobe'],
    private readonly tokens: TokenProvider,
  ) {}

  /**
   * `POST /jobs`, exactly once. An error with `outcomeUnknown` means Adobe may have created the jobs:
   * the caller must reconcile with `listJobs` before posting again.
   */
  async createJobs(
    request: CreateJobsRequest,
    signal?: AbortSignal,
  ): Promise<{ requestId?: string; jobs: CreatedJobRef[] }> {
    const response = await this.send('POST', '/jobs', { json: request, signal });
    return this.read(response, 'POST', '/jobs', (body) => parseCreateResponse(body as never));
  }

  async getJob(jobId: string): Promise<JobView> {
    const path = `/jobs/${encodeURIComponent(jobId)}`;
    const response = await this.send('GET', path);
    return this.read(response, 'GET', '/jobs/{id}', (body) => parseJobDetails(body as never));
  }

  /** Every job matching the query, following pages until one comes back short. */
  async listJobs(query: ListJobsQuery): Promise<Omit<JobView, 'products'>[]> {
    const size = query.size ?? 100;
    const all: Omit<JobView, 'products'>[] = [];
    for (let page = PrivacyClient.FIRST_PAGE; ; page++) {
      const searchParams: Record<string, string | number> = { regulation: query.regulation, page, size };
      if (query.status) searchParams.status = query.status;
      if (query.fromDate && query.toDate)
        Object.assign(searchParams, { fromDate: query.fromDate, toDate: query.toDate });
      const response = await this.send('GET', '/jobs', { searchParams });
      const items = this.read(response, 'GET', '/jobs', (body) => parseJobList(body as never));
      all.push(...items);
      if (items.length < size || page + 1 - PrivacyClient.FIRST_PAGE >= (query.maxPages ?? 10_000))
        return all;
    }
  }

  /** The ZIP of an access job's results. */
  async downloadContent(job: Pick<JobView, 'jobId' | 'downloadUrl'>): Promise<Buffer> {
    const path = `/jobs/${encodeURIComponent(job.jobId)}/content`;
    // Older jobs carry a presigned archive URL instead of the content endpoint: it takes no credentials.
    if (job.downloadUrl && !job.downloadUrl.startsWith(this.adobe.privacyUrl)) {
      const response = await this.call('GET', '/jobs/{id} downloadURL', () =>
        got(job.downloadUrl!, {
          responseType: 'buffer',
          throwHttpErrors: false,
          retry: { limit: 0 },
          timeout: { request: this.adobe.requestTimeoutMs },
        }),
      );
      return this.read(response, 'GET', '(download URL)', () => response.body as Buffer, 'buffer');
    }
    const response = await this.send('GET', path, { responseType: 'buffer' });
    return this.read(response, 'GET', '/jobs/{id}/content', () => response.body as Buffer, 'buffer');
  }

  /** One call with the current token; on 401 the token is dropped and the call made once more. */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    options: {
      json?: unknown;
      searchParams?: Record<string, string | number>;
      responseType?: 'buffer';
      signal?: AbortSignal;
    } = {},
  ): Promise<Response<string | Buffer>> {
    const template = path.replace(/\/jobs\/[^/]+/, '/jobs/{id}');
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.token();
      const response = await this.call(
        method,
        template,
        () =>
          got(`${this.adobe.privacyUrl}${path}`, {
            method,
            json: options.json,
            searchParams: options.searchParams,
            responseType: options.responseType ?? 'text',
            throwHttpErrors: false,
            retry: { limit: 0 },
            followRedirect: false,
            signal: options.signal,
            timeout: { request: this.adobe.requestTimeoutMs },
            headers: {
              authorization: `Bearer ${token}`,
              'x-api-key': this.adobe.clientId,
              'x-gw-ims-org-id': this.adobe.orgId,
              'user-agent': USER_AGENT,
              accept: 'application/json',
            },
          }) as Promise<Response<string | Buffer>>,
      );
      // 401013 can mean an expired token or a passing fault of the validator: one fresh token, never a loop.
      if (response.statusCode === 401 && attempt === 1) {
        this.tokens.invalidate(token);
        continue;
      }
      return response;
    }
  }

  /** Runs a got call, turning its errors into AdobeApiError with no request options attached. */
  private async call<T>(method: string, path: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'network error';
      const timedOut = code === 'ETIMEDOUT';
      throw new AdobeApiError(
        'ADOBE_UNAVAILABLE',
        timedOut ? 'Adobe did not answer in time' : `the connection to Adobe failed (${code})`,
        // A POST that was sent and got no answer may have been carried out.
        { method, path, outcomeUnknown: method === 'POST' },
        true,
      );
    }
  }

  private read<T>(
    response: Response<string | Buffer>,
    method: string,
    path: string,
    parse: (body: unknown) => T,
    kind: 'json' | 'buffer' = 'json',
  ): T {
    const status = response.statusCode;
    const requestId = header(response.headers['x-request-id']);
    if (status >= 200 && status < 300) {
      try {
        return parse(kind === 'json' ? JSON.parse(String(response.body)) : response.body);
      } catch (error) {
        throw new OrchestratorError(
          'ADOBE_PROTOCOL',
          `Adobe answered ${method} ${path} in a shape we cannot read: ${(error as Error).message}`,
        );
      }
    }
    const { code, message: adobeMessage } = readErrorBody(String(response.body));
    const message = (code !== undefined && GATEWAY_HINTS[code]) || adobeMessage;
    const kindOf = RESPONSE_CLASSES.find((c) => c.match(status)) ?? {
      code: 'ADOBE_PROTOCOL' as const,
      retryable: false,
      what: 'unexpected answer',
    };
    throw new AdobeApiError(
      kindOf.code,
      message ? `${kindOf.what}: ${message}` : kindOf.what,
      {
        method,
        path,
        status,
        adobeCode: code,
        requestId,
        retryAfterSeconds: retryAfter(response.headers['retry-after']),
        outcomeUnknown: method === 'POST' && status >= 500,
      },
      kindOf.retryable,
    );
  }
}
