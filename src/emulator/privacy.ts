// Privacy Service routes under /data/core/privacy (reference §4–§6, §14). The gateway has already accepted the
// call; `orgId` is the org it was made for, and a job of another org is answered as if it did not exist.
import type { CreatedJob, UserId } from '../adobe/types';
import { REGULATIONS, LEGACY_REGULATIONS, STANDARD_NAMESPACES } from '../privacy/catalogue';
import { validateCreateJobsRequest } from '../privacy/validate';
import type { Call, EmulatorContext } from './context';
import { header } from './context';
import { DAY_MS, isoDay, parseDay, startOfDay } from './dates';
import { GATEWAY, PRIVACY, type FieldIssue } from './errors';
import { bytes, empty, isJson, json, type Reply } from './http';
import { requestId, timeUuid } from './ids';
import { contentAvailable, jobDetails, jobStatus, jobSummary, jobVisible, productStates } from './lifecycle';
import type { StoredJob } from './state';
import { createZip, type ZipEntry } from './zip';

const LIST_SPAN_MAX_DAYS = 30;
const LIST_LOOKBACK_MAX_DAYS = 45;
const LIST_DEFAULT_WINDOW_DAYS = 7;
const STATUSES = ['submitted', 'processing', 'complete', 'error'] as const;

type JsonBody = { ok: true; value: unknown } | { ok: false; reply: Reply };

function jsonBody(call: Call): JsonBody {
  if (!isJson(header(call, 'content-type'))) return { ok: false, reply: GATEWAY.contentTypeInvalid() };
  try {
    return { ok: true, value: JSON.parse(call.body.toString('utf8')) };
  } catch {
    return {
      ok: false,
      reply: PRIVACY.invalidRequest([
        { field: '(body)', rule: 'type', message: '(body): is not valid JSON' },
      ]),
    };
  }
}

export function createJobs(ctx: EmulatorContext, call: Call, orgId: string): Reply {
  const body = jsonBody(call);
  if (!body.ok) return body.reply;
  const now = ctx.store.now();
  const regulation = (body.value as { regulation?: unknown } | null)?.regulation;
  const regulationRule = typeof regulation === 'string' ? regulationIssue(ctx, regulation, now) : undefined;
  // Adobe ignores fields it does not know and only recommends unique user keys, so the emulator does too.
  const result = validateCreateJobsRequest(body.value, {
    orgId,
    rejectUnknownFields: false,
    requireUniqueKeys: false,
    // The regulation rule is the emulator's own (its cut-off is an option), so the shared check is told to pass it.
    regulations: typeof regulation === 'string' ? [...REGULATIONS, regulation] : REGULATIONS,
  });
  const issues = [...(result.ok ? [] : result.issues), ...(regulationRule ? [regulationRule] : [])];
  if (!result.ok || issues.length > 0) return PRIVACY.invalidRequest(issues);

  const { request } = result;
  const batchId = requestId(now);
  const products = request.include.map((product) => product.toLowerCase());
  const jobs: StoredJob[] = request.users.flatMap((user) => {
    const userIds = user.userIDs.map(echoUserId);
    return user.action.map((action) => ({
      jobId: timeUuid(now),
      requestId: batchId,
      orgId,
      userKey: user.key,
      action,
      regulation: request.regulation,
      submittedBy: ctx.options.technicalAccountId,
      createdAt: now,
      userIds,
      products,
    }));
  });
  ctx.store.addJobs(jobs);
  ctx.stats.jobsCreated += jobs.length;
  const created: CreatedJob[] = jobs.map((job) => ({
    jobId: job.jobId,
    customer: { user: { key: job.userKey, action: [job.action], userIDs: job.userIds } },
  }));
  const arrays = ctx.options.createResponseArrays;
  return json(202, {
    requestId: batchId,
    totalRecords: created.length,
    ...(arrays !== 'jobDetails' && { jobs: created }),
    ...(arrays !== 'jobs' && { jobDetails: created }),
    ...(arrays === 'both' && { requestStatus: 1 }),
  });
}

/**
 * Adobe's current names pass; names it retired pass until the cut-off day (on the emulator clock) or always with
 * `acceptLegacyRegulations`; anything else is refused (reference §10).
 */
export function regulationIssue(ctx: EmulatorContext, name: string, now: number): FieldIssue | undefined {
  if ((REGULATIONS as readonly string[]).includes(name)) return undefined;
  const renamed = LEGACY_REGULATIONS[name];
  const { acceptLegacyRegulations, legacyRegulationCutoff } = ctx.options;
  if (renamed !== undefined) {
    if (acceptLegacyRegulations || isoDay(now) <= legacyRegulationCutoff) return undefined;
    return {
      field: 'regulation',
      rule: 'retired',
      message: `regulation: "${name}" stopped working after ${legacyRegulationCutoff}; use "${renamed}"`,
    };
  }
  if (name.trim() === '') return undefined; // the shared check reports a blank value
  return {
    field: 'regulation',
    rule: 'enum',
    message: `regulation: "${name}" is not a supported regulation; use one of ${REGULATIONS.join(', ')}`,
  };
}

/** As Adobe echoes an id: fields in its order, `namespaceId` added for standard namespaces. */
function echoUserId(id: UserId): UserId {
  const standardId =
    id.type.toLowerCase() === 'standard' && typeof id.namespace === 'string'
      ? STANDARD_NAMESPACES[id.namespace.toLowerCase()]
      : undefined;
  const namespaceId = id.namespaceId ?? standardId;
  return {
    namespace: id.namespace,
    value: id.value,
    type: id.type,
    ...(namespaceId !== undefined && { namespaceId }),
    isDeletedClientSide: id.isDeletedClientSide ?? false,
  };
}

function ownJob(ctx: EmulatorContext, call: Call, orgId: string): StoredJob | undefined {
  const job = ctx.store.job(call.params.id ?? '');
  return job && job.orgId === orgId ? job : undefined;
}

export function getJob(ctx: EmulatorContext, call: Call, orgId: string): Reply {
  const job = ownJob(ctx, call, orgId);
  const now = ctx.store.now();
  // Past its retention a job is answered as if it never existed, as Adobe no longer has it.
  if (!job || !jobVisible(job, now, ctx.options)) return PRIVACY.jobNotFound();
  return json(200, jobDetails(job, now, ctx.options, ctx.baseUrl()));
}

export function getContent(ctx: EmulatorContext, call: Call, orgId: string): Reply {
  const job = ownJob(ctx, call, orgId);
  if (!job) return PRIVACY.jobNotFound();
  const now = ctx.store.now();
  const states = productStates(job, now, ctx.options);
  if (job.action !== 'access' || jobStatus(states) !== 'complete') {
    return jobVisible(job, now, ctx.options) ? PRIVACY.notCompletedAccessJob() : PRIVACY.jobNotFound();
  }
  if (!contentAvailable(job, now, ctx.options))
    return PRIVACY.contentExpired(ctx.options.contentRetentionDays);

  const entries: ZipEntry[] = states.flatMap((state) => {
    const processed = state.response.results?.processed ?? [];
    const records = job.userIds
      .filter((id) => processed.includes(id.value))
      .map((id, i) => ({
        namespace: id.namespace,
        value: id.value,
        data: syntheticRecord(state.code, job.createdAt, i),
      }));
    const document = {
      jobId: job.jobId,
      product: state.product,
      userKey: job.userKey,
      regulation: job.regulation,
      responseMsgCode: state.response.responseMsgCode,
      records,
    };
    return [
      { name: `${state.product}/` },
      { name: `${state.product}/${job.jobId}.json`, data: Buffer.from(JSON.stringify(document, null, 2)) },
    ];
  });
  const zip = createZip(entries, new Date(now));
  return bytes(200, 'application/zip', zip, {
    'content-disposition': `attachment; filename="${job.jobId}.zip"`,
  });
}

function syntheticRecord(product: string, createdAt: number, index: number): Record<string, unknown> {
  return {
    source: product,
    firstSeen: new Date(createdAt - (400 + index) * DAY_MS).toISOString(),
    lastSeen: new Date(createdAt - (2 + index) * DAY_MS).toISOString(),
    eventCount: 12 + index * 7,
    segments: ['emulated-segment-a', 'emulated-segment-b'],
  };
}

export function listJobs(ctx: EmulatorContext, call: Call, orgId: string): Reply {
  const q = call.query;
  const regulation = q.get('regulation');
  if (!regulation) return PRIVACY.badRequest('regulation: is required');
  const now = ctx.store.now();
  const regulationRule = regulationIssue(ctx, regulation, now);
  if (regulationRule) return PRIVACY.badRequest(regulationRule.message);
  const { pageBase, listSizeDefault, listSizeMax } = ctx.options;
  const page = wholeNumber(q.get('page'), pageBase);
  if (page === undefined || page < pageBase) {
    return PRIVACY.badRequest(
      `page: must be a whole number, ${pageBase} or more (pages count from ${pageBase})`,
    );
  }
  const size = wholeNumber(q.get('size'), listSizeDefault);
  if (size === undefined || size < 1 || size > listSizeMax) {
    return PRIVACY.badRequest(`size: must be a whole number from 1 to ${listSizeMax}`);
  }
  const status = q.get('status');
  if (status !== null && !(STATUSES as readonly string[]).includes(status)) {
    return PRIVACY.badRequest(`status: must be one of ${STATUSES.join(', ')}`);
  }

  const today = startOfDay(now);
  const window = dateWindow(q.get('fromDate'), q.get('toDate'), today);
  if (typeof window === 'string') return PRIVACY.badRequest(window);
  let onDay: number | undefined;
  const filterDate = q.get('filterDate');
  if (filterDate !== null) {
    onDay = parseDay(filterDate);
    if (onDay === undefined) return PRIVACY.badRequest('filterDate: must be a date as YYYY-MM-DD');
    if (onDay < today - LIST_LOOKBACK_MAX_DAYS * DAY_MS) {
      return PRIVACY.badRequest(`filterDate: must be within the last ${LIST_LOOKBACK_MAX_DAYS} days`);
    }
  }

  const matching = ctx.store
    .jobs()
    .map((job, index) => ({ job, index }))
    .filter(({ job }) => job.orgId === orgId && job.regulation === regulation)
    .filter(({ job }) => job.createdAt >= window.from && job.createdAt < window.to)
    .filter(({ job }) => onDay === undefined || startOfDay(job.createdAt) === onDay)
    .filter(({ job }) => jobVisible(job, now, ctx.options))
    .map(({ job, index }) => ({
      summary: jobSummary(job, now, ctx.options),
      createdAt: job.createdAt,
      index,
    }))
    .filter(({ summary }) => status === null || summary.status === status)
    .sort((a, b) => b.createdAt - a.createdAt || b.index - a.index);
  const first = (page - pageBase) * size;
  const jobDetailsPage = matching.slice(first, first + size).map(({ summary }) => summary);
  // Adobe describes totalRecords as the number of jobs in this response, not the grand total (reference §5).
  return json(200, { totalRecords: jobDetailsPage.length, jobDetails: jobDetailsPage });
}

function wholeNumber(text: string | null, fallback: number): number | undefined {
  if (text === null) return fallback;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** The creation-time window `[from, to)` of a list call, or a message naming the broken rule. */
function dateWindow(
  fromText: string | null,
  toText: string | null,
  today: number,
): { from: number; to: number } | string {
  if (fromText === null && toText === null) {
    // The default window is the last seven days and today as well.
    return { from: today - LIST_DEFAULT_WINDOW_DAYS * DAY_MS, to: today + DAY_MS };
  }
  if (fromText === null || toText === null) return 'fromDate, toDate: must be used together';
  const from = parseDay(fromText);
  if (from === undefined) return 'fromDate: must be a date as YYYY-MM-DD';
  const to = parseDay(toText);
  if (to === undefined) return 'toDate: must be a date as YYYY-MM-DD';
  if (to < from) return 'toDate: must not be before fromDate';
  if (to - from > LIST_SPAN_MAX_DAYS * DAY_MS)
    return `fromDate, toDate: must span at most ${LIST_SPAN_MAX_DAYS} days`;
  if (from < today - LIST_LOOKBACK_MAX_DAYS * DAY_MS) {
    return `fromDate: must be within the last ${LIST_LOOKBACK_MAX_DAYS} days`;
  }
  return { from, to: to + DAY_MS };
}

export function consent(_ctx: EmulatorContext, call: Call): Reply {
  const body = jsonBody(call);
  if (!body.ok) return body.reply;
  const issues = validateConsent(body.value);
  return issues.length > 0 ? PRIVACY.invalidRequest(issues) : empty(202);
}

function validateConsent(body: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const fail = (field: string, rule: string, text: string) =>
    issues.push({ field, rule, message: `${field}: ${text}` });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    fail('(body)', 'type', 'must be a JSON object with optOutOfSale and entities');
    return issues;
  }
  const input = body as Record<string, unknown>;
  if (input.optOutOfSale === undefined) fail('optOutOfSale', 'required', 'is required');
  else if (typeof input.optOutOfSale !== 'boolean') fail('optOutOfSale', 'type', 'must be a boolean');
  for (const name of ['requestId', 'transactionId', 'orgId']) {
    if (input[name] !== undefined && typeof input[name] !== 'string') fail(name, 'type', 'must be a string');
  }
  const entities = input.entities;
  if (entities === undefined) fail('entities', 'required', 'is required');
  else if (!Array.isArray(entities)) fail('entities', 'type', 'must be an array');
  else if (entities.length === 0) fail('entities', 'minItems', 'must have at least 1 entry');
  else {
    entities.forEach((entity: unknown, i) => {
      const field = `entities[${i}]`;
      if (typeof entity !== 'object' || entity === null || Array.isArray(entity)) {
        return fail(field, 'type', 'must be an object with nameSpace and values');
      }
      const { nameSpace, values } = entity as Record<string, unknown>;
      if (typeof nameSpace !== 'string' || nameSpace.trim() === '') {
        fail(`${field}.nameSpace`, 'required', 'is required (note the capital S)');
      } else if (!(nameSpace.toLowerCase() in STANDARD_NAMESPACES)) {
        fail(
          `${field}.nameSpace`,
          'enum',
          `must be a standard namespace: ${Object.keys(STANDARD_NAMESPACES).join(', ')}`,
        );
      }
      if (!Array.isArray(values) || values.length === 0) {
        return fail(`${field}.values`, 'minItems', 'must be an array of at least 1 value');
      }
      const seen = new Set<string>();
      values.forEach((value: unknown, j) => {
        if (typeof value !== 'string' || value.trim() === '')
          fail(`${field}.values[${j}]`, 'type', 'must be a non-empty string');
        else if (seen.has(value)) fail(`${field}.values[${j}]`, 'unique', 'repeats an earlier value');
        else seen.add(value);
      });
    });
  }
  return issues;
}
