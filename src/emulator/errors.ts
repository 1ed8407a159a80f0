// Every error body the emulator sends, in one place, in the shapes Adobe's gateway, IMS and Privacy Service use
// (reference §2, §8, §11). Handlers pick from here so no framework-shaped error ever leaks out.
import type { Reply } from './http';
import { json } from './http';

interface AdobeErrorBody {
  error_code: string;
  message: string;
}

const gateway = (status: number, code: string, message: string): Reply =>
  json(status, { error_code: code, message } satisfies AdobeErrorBody);

/** The Adobe I/O gateway in front of Platform APIs. */
export const GATEWAY = {
  tokenMissing: () => gateway(403, '403010', 'Oauth token is missing.'),
  tokenInvalid: () => gateway(401, '401013', 'Oauth token is not valid'),
  apiKeyMissing: () => gateway(403, '403000', 'Api Key is required'),
  apiKeyInvalid: () => gateway(403, '403003', 'Api Key is invalid'),
  orgHeaderMissing: () => gateway(400, '400003', 'Missing header'),
  orgNotEntitled: () => gateway(403, '403025', 'Profile is not valid'),
  contentTypeInvalid: () =>
    json(400, {
      type: '/placeholder/type/uri',
      status: 400,
      title: 'BadRequestError',
      detail: 'A valid content-type must be specified',
    }),
  throttled: (retryAfterSeconds: number) =>
    withHeaders(gateway(429, '429050', 'Too many requests'), { 'retry-after': String(retryAfterSeconds) }),
  serverError: (status: 500 | 502 | 503 | 504) => gateway(status, String(status), SERVER_ERROR_TEXT[status]),
  notFound: () => gateway(404, '404', 'Not found'),
  methodNotAllowed: (allowed: string[]) =>
    withHeaders(gateway(405, '405', 'Method not allowed'), { allow: allowed.join(', ') }),
  payloadTooLarge: () => gateway(413, '413', 'Request body is too large'),
} as const;

const SERVER_ERROR_TEXT = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
} as const;

export interface FieldIssue {
  field: string;
  rule: string;
  message: string;
}

/**
 * Privacy Service's own synchronous 4xx bodies are undocumented (reference §8, §16.14). The emulator answers
 * `{error_code, message}` like the gateway, so clients keyed on those two fields work, and adds `errors` with one
 * entry per broken rule so a test or a person can see every problem at once.
 */
export const PRIVACY = {
  invalidRequest: (issues: FieldIssue[]) =>
    json(400, {
      error_code: '400',
      message: issues.map((issue) => issue.message).join('; '),
      errors: issues.map(({ field, rule, message }) => ({ field, rule, message })),
    }),
  badRequest: (message: string) => gateway(400, '400', message),
  jobNotFound: () => gateway(404, '404', 'Job not found'),
  notCompletedAccessJob: () => gateway(400, '400', 'Job is not a completed access job'),
  contentExpired: (days: number) =>
    gateway(404, '404', `The access results of this job are no longer available (kept ${days} days)`),
} as const;

/** Adobe IMS: `{error, error_description}` (reference §11). */
export const IMS = {
  error: (status: number, error: string, description: string) =>
    json(status, { error, error_description: description }),
  throttled: (status: 429 | 503, retryAfterSeconds: number) =>
    withHeaders(
      status === 429
        ? json(429, { error: 'too_many_requests', error_description: 'Too many requests, retry later' })
        : json(503, {
            error: 'temporarily_unavailable',
            error_description: 'The service is temporarily unavailable',
          }),
      { 'retry-after': String(retryAfterSeconds) },
    ),
} as const;

/** The emulator's own admin API: same body shape, so one error parser serves everything. */
export const ADMIN = {
  badRequest: (message: string) => gateway(400, '400', message),
  notFound: (what: string) => gateway(404, '404', `${what} does not exist`),
  loopbackOnly: () => gateway(403, '403', 'The emulator admin API answers loopback callers only'),
} as const;

export const INTERNAL_ERROR = () => gateway(500, '500', 'Internal Server Error');

function withHeaders(reply: Reply, headers: Record<string, string>): Reply {
  return { ...reply, headers: { ...reply.headers, ...headers } };
}
