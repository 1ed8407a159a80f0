// The project's error base. Every failure a person may see has a `code` from this union and a message
// that names what to fix. Workflow-safe: no Node imports.

export type ErrorCode =
  | 'INVALID_REQUEST' // the request breaks a rule of POST /jobs
  | 'INVALID_INPUT_FILE' // a file that is not JSON / CSV of the documented shape
  | 'CONFIG_INVALID' // an environment variable has a value that cannot be used
  | 'AUTH_FAILED' // IMS refused the credentials
  | 'ADOBE_UNAUTHORIZED' // the gateway refused the token twice (401)
  | 'ADOBE_PERMISSION' // the gateway refused the call (403)
  | 'ADOBE_BAD_REQUEST' // Privacy Service refused the request (400)
  | 'ADOBE_NOT_FOUND' // 404
  | 'ADOBE_THROTTLED' // 429
  | 'ADOBE_UNAVAILABLE' // 5xx, timeouts, connection errors
  | 'ADOBE_PROTOCOL' // a response we cannot read
  | 'NOT_FOUND' // no such request in Temporal
  | 'ALREADY_EXISTS' // a submission with that id was started before
  | 'TEMPORAL_UNAVAILABLE'; // no Temporal server at the configured address

export class OrchestratorError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'OrchestratorError';
    this.code = code;
  }
}

export interface FieldIssue {
  field: string;
  rule: string;
  message: string;
}

export class InvalidRequestError extends OrchestratorError {
  readonly issues: readonly FieldIssue[];
  constructor(issues: readonly FieldIssue[], source?: string) {
    const head = source ? `${source} is not a valid privacy request` : 'The privacy request is not valid';
    const shown = issues.slice(0, 20).map((i) => `  - ${i.message}`);
    if (issues.length > 20) shown.push(`  … and ${issues.length - 20} more`);
    super('INVALID_REQUEST', `${head}:\n${shown.join('\n')}`);
    this.name = 'InvalidRequestError';
    this.issues = issues;
  }
}
