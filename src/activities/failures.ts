// Turns any error an activity meets into an ApplicationFailure with a type and a retry decision, and
// never lets a foreign error (got's carries credentials) reach Temporal's history or the worker log.
import { ApplicationFailure } from '@temporalio/common';
import { AdobeApiError } from '../adobe/errors';
import { OrchestratorError } from '../errors';
import { NON_RETRYABLE_TYPES } from './failure-types';

export function toApplicationFailure(error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof AdobeApiError) {
    return ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: !error.retryable,
      // Adobe's Retry-After wins over the policy's backoff.
      nextRetryDelay:
        error.retryAfterSeconds !== undefined ? `${error.retryAfterSeconds} seconds` : undefined,
      details: [{ status: error.status, adobeCode: error.adobeCode, requestId: error.requestId }],
    });
  }
  if (error instanceof OrchestratorError) {
    return ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: NON_RETRYABLE_TYPES.includes(error.code),
    });
  }
  // An unknown error: keep its class name only; its message and stack may hold anything.
  return ApplicationFailure.create({
    type: 'INTERNAL',
    message: `unexpected ${(error as Error)?.name ?? 'error'} in an activity`,
  });
}

/** Runs an activity body and converts whatever it throws. */
export async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toApplicationFailure(error);
  }
}
