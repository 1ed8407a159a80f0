// Loaded by path (it also runs inside the workflow sandbox): failure messages and stack traces are moved
// into the encrypted payload, so an error text never sits in Temporal's history in clear.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
