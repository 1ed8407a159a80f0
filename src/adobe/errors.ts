// Errors of the Adobe clients. They carry chosen fields only (status, Adobe's code, request id, method,
// path): never headers, bodies or URLs with query strings, which can hold the token or client secret.
import { OrchestratorError, type ErrorCode } from '../errors';

export interface AdobeErrorContext {
  status?: number;
  adobeCode?: string;
  requestId?: string;
  method: string;
  path: string;
  /** Seconds the server asked us to wait (Retry-After). */
  retryAfterSeconds?: number;
  /** True when a request may have been carried out though no answer came back (timeout, reset, 5xx). */
  outcomeUnknown?: boolean;
}

export class AdobeApiError extends OrchestratorError {
  readonly status?: number;
  readonly adobeCode?: string;
  readonly requestId?: string;
  readonly method: string;
  readonly path: string;
  readonly retryAfterSeconds?: number;
  readonly outcomeUnknown: boolean;
  /** Whether trying the same call again later can succeed. */
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, context: AdobeErrorContext, retryable: boolean) {
    const where = `${context.method} ${context.path}`;
    const tags = [
      context.status !== undefined ? `HTTP ${context.status}` : undefined,
      context.adobeCode !== undefined ? `code ${context.adobeCode}` : undefined,
      context.requestId !== undefined ? `request ${context.requestId}` : undefined,
    ].filter(Boolean);
    super(code, `${message} (${where}${tags.length ? `; ${tags.join(', ')}` : ''})`);
    this.name = 'AdobeApiError';
    this.status = context.status;
    this.adobeCode = context.adobeCode;
    this.requestId = context.requestId;
    this.method = context.method;
    this.path = context.path;
    this.retryAfterSeconds = context.retryAfterSeconds;
    this.outcomeUnknown = context.outcomeUnknown ?? false;
    this.retryable = retryable;
  }
}

/** IMS refused the credentials: the message says which setting to fix. Never retryable. */
export class AuthError extends OrchestratorError {
  readonly imsError?: string;
  constructor(message: string, imsError?: string) {
    super('AUTH_FAILED', message);
    this.name = 'AuthError';
    this.imsError = imsError;
  }
}
