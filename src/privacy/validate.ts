// The rules of `POST /jobs`, applied at intake (CLI, client library, submission workflow) and by the
// emulator, so that a request the orchestrator accepts is one Adobe accepts. Pure: no I/O, no clock.
// Messages name the field and the rule; they never repeat an identity value (personal data).
import type { CreateJobsRequest, PrivacyAction, UserId } from '../adobe/types';
import {
  LEGACY_REGULATION_CUTOFF,
  LEGACY_REGULATIONS,
  LIMITS,
  NAMESPACE_TYPES,
  PRODUCTS,
  REGULATIONS,
} from './catalogue';

export type ValidationRule =
  | 'required'
  | 'type'
  | 'minItems'
  | 'maxItems'
  | 'enum'
  | 'notBlank'
  | 'unique'
  | 'orgMatch'
  | 'unknownField'
  | 'retired';

export interface ValidationIssue {
  /** JSON path of the offending field, e.g. `users[0].userIDs[1].value`. */
  field: string;
  rule: ValidationRule;
  /** `field: what is wrong`, fit to show a person. */
  message: string;
}

export interface ValidateOptions {
  /** The org the request is sent for (`x-gw-ims-org-id`); the imsOrgID company context must equal it. */
  orgId?: string;
  /** `YYYY-MM-DD`: the day of the request, to decide whether a legacy regulation name still works. */
  today?: string;
  /** Accepted regulation names; defaults to Adobe's current list. */
  regulations?: readonly string[];
  /** Refuse fields Adobe does not define (default true). */
  rejectUnknownFields?: boolean;
  /**
   * Refuse two users with the same key (default true). Adobe only recommends unique keys; the orchestrator
   * needs them, because the key is how a job is found again after a lost response.
   */
  requireUniqueKeys?: boolean;
}

export type ValidationResult =
  { ok: true; request: CreateJobsRequest; issues: [] } | { ok: false; issues: ValidationIssue[] };

const TOP_LEVEL_FIELDS = new Set([
  'companyContexts',
  'users',
  'include',
  'regulation',
  'expandIds',
  'priority',
  'analyticsDeleteMethod',
  'mergePolicyId',
  'region',
  'rootJobId',
]);
const USER_FIELDS = new Set(['key', 'action', 'userIDs']);
const USER_ID_FIELDS = new Set(['namespace', 'value', 'type', 'namespaceId', 'isDeletedClientSide']);
const ACTIONS: readonly PrivacyAction[] = ['access', 'delete'];

export function validateCreateJobsRequest(body: unknown, options: ValidateOptions = {}): ValidationResult {
  const issues: ValidationIssue[] = [];
  const fail = (field: string, rule: ValidationRule, text: string) =>
    issues.push({ field, rule, message: `${field}: ${text}` });

  if (!isObject(body)) {
    fail('(body)', 'type', 'must be a JSON object in the format of Adobe POST /jobs');
    return { ok: false, issues };
  }
  const strict = options.rejectUnknownFields ?? true;
  if (strict) {
    for (const name of Object.keys(body)) {
      if (!TOP_LEVEL_FIELDS.has(name))
        fail(name, 'unknownField', 'is not a field of a Privacy Service request');
    }
  }

  checkCompanyContexts(body.companyContexts, options.orgId, fail);
  checkUsers(body.users, strict, options.requireUniqueKeys ?? true, fail);
  checkInclude(body.include, fail);
  checkRegulation(body.regulation, options, fail);

  if (body.expandIds !== undefined && ![true, false, 'true', 'false'].includes(body.expandIds as never)) {
    fail('expandIds', 'type', 'must be true or false (a boolean, or the string "true" or "false")');
  }
  checkOptionalEnum(body.priority, 'priority', ['normal', 'low'], fail);
  checkOptionalEnum(body.analyticsDeleteMethod, 'analyticsDeleteMethod', ['anonymize', 'purge'], fail);
  if (
    body.mergePolicyId !== undefined &&
    !(typeof body.mergePolicyId === 'string' && body.mergePolicyId.trim() !== '') &&
    !Number.isInteger(body.mergePolicyId)
  ) {
    fail('mergePolicyId', 'type', 'must be an integer or a non-empty string');
  }
  if (body.region !== undefined && typeof body.region !== 'string')
    fail('region', 'type', 'must be a string');

  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, request: body as unknown as CreateJobsRequest, issues: [] };
}

type Fail = (field: string, rule: ValidationRule, text: string) => void;

function checkCompanyContexts(value: unknown, orgId: string | undefined, fail: Fail): void {
  if (!checkArray(value, 'companyContexts', 1, Infinity, fail)) return;
  let orgContexts = 0;
  value.forEach((context, i) => {
    const field = `companyContexts[${i}]`;
    if (!isObject(context)) return fail(field, 'type', 'must be an object with namespace and value');
    const namespaceOk = checkNonBlankString(context.namespace, `${field}.namespace`, fail);
    const valueOk = checkNonBlankString(context.value, `${field}.value`, fail);
    // Adobe spells it imsOrgID in examples, imsOrgId in prose and imsOrg once: accept all three.
    if (!namespaceOk || !['imsorgid', 'imsorg'].includes((context.namespace as string).toLowerCase())) return;
    orgContexts++;
    if (valueOk && orgId !== undefined && context.value !== orgId) {
      fail(`${field}.value`, 'orgMatch', `must equal the configured org id ${orgId} (x-gw-ims-org-id)`);
    }
  });
  if (orgContexts === 0) {
    fail('companyContexts', 'required', 'must contain an entry with namespace "imsOrgID" and your org id');
  }
}

function checkUsers(value: unknown, strict: boolean, uniqueKeys: boolean, fail: Fail): void {
  if (!checkArray(value, 'users', 1, LIMITS.usersPerRequest, fail)) return;
  const keys = new Map<string, number>();
  value.forEach((user, i) => {
    const field = `users[${i}]`;
    if (!isObject(user)) return fail(field, 'type', 'must be an object with key, action and userIDs');
    for (const name of strict ? Object.keys(user) : []) {
      if (!USER_FIELDS.has(name)) fail(`${field}.${name}`, 'unknownField', 'is not a field of a user');
    }
    if (checkNonBlankString(user.key, `${field}.key`, fail)) {
      const key = user.key as string;
      const first = keys.get(key);
      // The key is how a job is found again after a lost response: two users sharing one would be ambiguous.
      if (first !== undefined && uniqueKeys)
        fail(`${field}.key`, 'unique', `repeats the key of users[${first}]`);
      else keys.set(key, i);
    }
    if (checkArray(user.action, `${field}.action`, 1, ACTIONS.length, fail)) {
      checkEnumItems(user.action, `${field}.action`, ACTIONS, fail);
    }
    if (checkArray(user.userIDs, `${field}.userIDs`, 1, LIMITS.idsPerUser, fail)) {
      user.userIDs.forEach((id, j) => checkUserId(id, `${field}.userIDs[${j}]`, strict, fail));
    }
  });
}

function checkUserId(id: unknown, field: string, strict: boolean, fail: Fail): void {
  if (!isObject(id)) return fail(field, 'type', 'must be an object with namespace, value and type');
  for (const name of strict ? Object.keys(id) : []) {
    if (!USER_ID_FIELDS.has(name)) fail(`${field}.${name}`, 'unknownField', 'is not a field of a user id');
  }
  const typeOk = checkNonBlankString(id.type, `${field}.type`, fail);
  if (typeOk && !NAMESPACE_TYPES.some((t) => t.toLowerCase() === (id.type as string).toLowerCase())) {
    fail(`${field}.type`, 'enum', `must be one of ${NAMESPACE_TYPES.join(', ')}`);
  }
  const byNumber = typeOk && (id.type as string).toLowerCase() === 'namespaceid';
  if (!byNumber || id.namespace !== undefined) checkNonBlankString(id.namespace, `${field}.namespace`, fail);
  if (id.namespaceId !== undefined && !Number.isInteger(id.namespaceId)) {
    fail(`${field}.namespaceId`, 'type', 'must be an integer');
  } else if (byNumber && id.namespaceId === undefined) {
    fail(`${field}.namespaceId`, 'required', 'is required when type is "namespaceId"');
  }
  checkNonBlankString(id.value, `${field}.value`, fail);
  if (id.isDeletedClientSide !== undefined && typeof id.isDeletedClientSide !== 'boolean') {
    fail(`${field}.isDeletedClientSide`, 'type', 'must be a boolean');
  }
}

function checkInclude(value: unknown, fail: Fail): void {
  if (!checkArray(value, 'include', 1, Infinity, fail)) return;
  const seen = new Set<string>();
  value.forEach((product, i) => {
    const field = `include[${i}]`;
    if (!checkNonBlankString(product, field, fail)) return;
    const lower = (product as string).toLowerCase();
    if (!(lower in PRODUCTS)) {
      fail(
        field,
        'enum',
        `"${product}" is not a Privacy Service product; use one of ${Object.values(PRODUCTS).join(', ')}`,
      );
    } else if (seen.has(lower)) {
      fail(field, 'unique', `"${product}" is listed twice (product names are case-insensitive)`);
    }
    seen.add(lower);
  });
}

function checkRegulation(value: unknown, options: ValidateOptions, fail: Fail): void {
  if (value === undefined)
    return fail('regulation', 'required', 'is required (for example "gdpr" or "ccpa")');
  if (!checkNonBlankString(value, 'regulation', fail)) return;
  const name = value as string;
  const accepted = options.regulations ?? REGULATIONS;
  if (accepted.includes(name)) return;
  const renamed = LEGACY_REGULATIONS[name];
  if (renamed !== undefined) {
    if (options.today !== undefined && options.today <= LEGACY_REGULATION_CUTOFF) return;
    return fail(
      'regulation',
      'retired',
      `"${name}" stopped working after ${LEGACY_REGULATION_CUTOFF}; use "${renamed}"`,
    );
  }
  fail('regulation', 'enum', `"${name}" is not a supported regulation; use one of ${accepted.join(', ')}`);
}

function checkOptionalEnum(value: unknown, field: string, allowed: readonly string[], fail: Fail): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    fail(field, 'enum', `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
}

function checkEnumItems(items: unknown[], field: string, allowed: readonly string[], fail: Fail): void {
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    if (typeof item !== 'string' || !allowed.includes(item)) {
      fail(
        `${field}[${i}]`,
        'enum',
        `${JSON.stringify(item)} is not allowed; use ${allowed.map((a) => `"${a}"`).join(' or ')}`,
      );
    } else if (seen.has(item)) {
      fail(`${field}[${i}]`, 'unique', `"${item}" is listed twice`);
    }
    seen.add(item);
  });
}

function checkArray(value: unknown, field: string, min: number, max: number, fail: Fail): value is unknown[] {
  if (value === undefined) return (fail(field, 'required', 'is required'), false);
  if (!Array.isArray(value)) return (fail(field, 'type', 'must be an array'), false);
  if (value.length < min)
    return (fail(field, 'minItems', `must have at least ${min} entr${min === 1 ? 'y' : 'ies'}`), false);
  if (value.length > max) {
    return (fail(field, 'maxItems', `must have at most ${max} entries (got ${value.length})`), false);
  }
  return true;
}

function checkNonBlankString(value: unknown, field: string, fail: Fail): boolean {
  if (value === undefined || value === null) return (fail(field, 'required', 'is required'), false);
  if (typeof value !== 'string') return (fail(field, 'type', 'must be a string'), false);
  if (value.trim() === '') return (fail(field, 'notBlank', 'must not be empty or only white space'), false);
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The jobs Adobe will create for a request: one per user × action. */
export function expectedJobs(request: CreateJobsRequest): { key: string; action: PrivacyAction }[] {
  return request.users.flatMap((user) => user.action.map((action) => ({ key: user.key, action })));
}

export type { UserId };
