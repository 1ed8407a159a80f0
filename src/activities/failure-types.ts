// The one list of failure types that no retry can fix. Workflow-safe (plain data): retry policies list it
// in nonRetryableErrorTypes, and activities/failures.ts marks these failures non-retryable as well.
import type { ErrorCode } from '../errors';

export const NON_RETRYABLE_TYPES: readonly ErrorCode[] = [
  'INVALID_REQUEST',
  'CONFIG_INVALID',
  'AUTH_FAILED',
  'ADOBE_PERMISSION',
  'ADOBE_BAD_REQUEST',
  'ADOBE_NOT_FOUND',
  'ADOBE_PROTOCOL',
];

/** The status activity fails with this type while Adobe is still working: it is the polling signal. */
export const JOB_NOT_FINISHED = 'JOB_NOT_FINISHED';
