// The emulator's options and their defaults, kept in one place so the CLI, the tests and the demo agree.
import type { FaultSpec } from './faults';

/** How long one product takes to move through a job, in seconds of emulator time after the job was created. */
export interface ProductTiming {
  /** Seconds until the product goes from `submitted` to `processing`. */
  processingAfterSeconds: number;
  /** Seconds until the product reaches its outcome (`complete` or `error`). */
  completeAfterSeconds: number;
}

export interface TimingModel {
  /** Seconds until every product starts processing. Default 1. */
  processingAfterSeconds: number;
  /** Seconds until a product finishes, before the per-product spread. Default 3. */
  completeAfterSeconds: number;
  /**
   * Up to this many whole seconds are added per product, chosen from the product's name, so that the products of
   * one job finish at different but repeatable times. Default 3 (products finish 3–6 s after creation).
   */
  completeSpreadSeconds: number;
  /** Overrides by product code, case-insensitive, e.g. `{ analytics: { completeAfterSeconds: 600 } }`. Default none. */
  products: Record<string, Partial<ProductTiming>>;
}

export interface EmulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** TCP port. Default 0 (a free port chosen by the OS). */
  port?: number;
  /**
   * Folder for the state (jobs, signing key, clock offset) as JSON, so that a restarted emulator still knows its
   * jobs and accepts the tokens it issued. Default: memory only.
   */
  dataDir?: string;
  /** The one org (`…@AdobeOrg`) the credentials belong to. */
  orgId: string;
  /** The client id: `client_id` at IMS and `x-api-key` at the gateway. */
  clientId: string;
  clientSecret: string;
  /** `…@techacct.adobe.com`: the `sub` of exchanged JWTs, `user_id` of tokens and `submittedBy` of jobs. */
  technicalAccountId: string;
  /** SPKI PEM that verifies JWTs sent to the JWT exchange. Without it every exchange answers `invalid_signature`. */
  jwtPublicKeyPem?: string;
  /** Job progress timing. Default: the quick demo timing of `DEFAULT_TIMING`. */
  timing?: Partial<TimingModel>;
  /** Lifetime of issued access tokens in seconds of emulator time. Default 86400 (24 h, as Adobe). */
  accessTokenTtlSeconds?: number;
  /** Receives one line per request and any internal error. Default: silent. */
  logger?: (line: string) => void;

  /**
   * Accept the regulation names Adobe retired (`ucpa_usa`, `ql25`, …) whatever the date. Default false: they are
   * accepted only up to `legacyRegulationCutoff`, judged on the emulator clock.
   */
  acceptLegacyRegulations?: boolean;
  /** `YYYY-MM-DD`, GMT: the last day retired regulation names still work. Default `2025-07-28` (Adobe's notice). */
  legacyRegulationCutoff?: string;
  /**
   * Which array a create answer carries: `jobs` (Adobe's examples and captured answers; default), `jobDetails`
   * (Adobe's OpenAPI schema) or `both`, which also adds `requestStatus: 1` as Adobe's guide shows.
   */
  createResponseArrays?: 'jobs' | 'jobDetails' | 'both';
  /** First page number of `GET /jobs`: 0 as Adobe's guide says (default), or 1 as its OpenAPI and Postman say. */
  pageBase?: 0 | 1;
  /** Largest `size` of `GET /jobs`; larger answers 400. Default 1000 (newest guide); 100 in older guides and the OpenAPI. */
  listSizeMax?: number;
  /** `size` of `GET /jobs` when the caller sends none. Default 100 (newest guide). */
  listSizeDefault?: number;
  /**
   * How job details name the results link of a completed access job: `downloadUrl` (OpenAPI and the content-endpoint
   * guide, the newest documents; default), `downloadURL` (the older job guide) or `both`.
   */
  downloadUrlField?: 'downloadUrl' | 'downloadURL' | 'both';
  /** Product codes (case-insensitive) the org is not provisioned for: they answer `PRVCY-6051-200`. Default none. */
  unprovisionedProducts?: string[];
  /** Days after a job finished that `GET /jobs/{id}` and `GET /jobs` still show it. Default 30. */
  jobRetentionDays?: number;
  /** Days after an access job finished that its results still download. Default 60. */
  contentRetentionDays?: number;
  /** Faults installed at start, and again after every reset (as msw's initial handlers). Default none. */
  faults?: FaultSpec[];
  /** Seed of the random numbers that decide `share` faults, for repeatable runs. Default: unseeded. */
  faultSeed?: number;
  /** How often the event scheduler looks for newly finished products and jobs, in ms. Default 250. */
  eventIntervalMs?: number;
  /** Delay before the first retry of a failed webhook delivery, in ms; doubled each retry. Default 1000. */
  webhookRetryBaseMs?: number;
  /** Delivery attempts per event and webhook, the first included. Default 5. */
  webhookMaxAttempts?: number;
  /** How long a webhook may take to answer a delivery or the challenge, in ms. Default 5000. */
  webhookTimeoutMs?: number;
}

export const DEFAULT_TIMING: Readonly<TimingModel> = Object.freeze({
  processingAfterSeconds: 1,
  completeAfterSeconds: 3,
  completeSpreadSeconds: 3,
  products: {},
});

export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 86_400;

/** Scopes the emulated OAuth credential holds; a token request naming any other scope answers `invalid_scope`. */
export const CREDENTIAL_SCOPES: readonly string[] = [
  'openid',
  'AdobeID',
  'session',
  'read_organizations',
  'additional_info.projectedProductContext',
  'additional_info.roles',
  'additional_info.job_function',
  'ent_gdpr_sdk',
];

/** The JWT metascope Privacy Service needs. */
export const PRIVACY_METASCOPE = 'ent_gdpr_sdk';

export interface ResolvedOptions extends Required<
  Omit<EmulatorOptions, 'dataDir' | 'jwtPublicKeyPem' | 'timing' | 'logger' | 'faultSeed'>
> {
  dataDir?: string;
  jwtPublicKeyPem?: string;
  faultSeed?: number;
  timing: TimingModel;
  logger: (line: string) => void;
}

export const DEFAULT_LEGACY_REGULATION_CUTOFF = '2025-07-28';

export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  for (const name of ['orgId', 'clientId', 'clientSecret', 'technicalAccountId'] as const) {
    if (typeof options[name] !== 'string' || options[name].trim() === '') {
      throw new TypeError(`EmulatorOptions.${name} is required and must be a non-empty string`);
    }
  }
  const ttl = options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  if (!Number.isFinite(ttl) || ttl <= 0) {
    throw new TypeError('EmulatorOptions.accessTokenTtlSeconds must be a positive number of seconds');
  }
  const positive = (name: keyof EmulatorOptions, value: number, whole = true) => {
    if (!Number.isFinite(value) || value <= 0 || (whole && !Number.isInteger(value))) {
      throw new TypeError(`EmulatorOptions.${name} must be a positive ${whole ? 'whole ' : ''}number`);
    }
    return value;
  };
  const cutoff = options.legacyRegulationCutoff ?? DEFAULT_LEGACY_REGULATION_CUTOFF;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(cutoff)) {
    throw new TypeError('EmulatorOptions.legacyRegulationCutoff must be a day as YYYY-MM-DD');
  }
  const pageBase = options.pageBase ?? 0;
  if (pageBase !== 0 && pageBase !== 1) throw new TypeError('EmulatorOptions.pageBase must be 0 or 1');
  const arrays = options.createResponseArrays ?? 'jobs';
  if (!['jobs', 'jobDetails', 'both'].includes(arrays)) {
    throw new TypeError('EmulatorOptions.createResponseArrays must be "jobs", "jobDetails" or "both"');
  }
  const downloadField = options.downloadUrlField ?? 'downloadUrl';
  if (!['downloadUrl', 'downloadURL', 'both'].includes(downloadField)) {
    throw new TypeError('EmulatorOptions.downloadUrlField must be "downloadUrl", "downloadURL" or "both"');
  }
  const listSizeMax = positive('listSizeMax', options.listSizeMax ?? 1000);
  const listSizeDefault = positive('listSizeDefault', options.listSizeDefault ?? 100);
  if (listSizeDefault > listSizeMax) {
    throw new TypeError('EmulatorOptions.listSizeDefault must not exceed listSizeMax');
  }
  if (options.faultSeed !== undefined && !Number.isInteger(options.faultSeed)) {
    throw new TypeError('EmulatorOptions.faultSeed must be a whole number');
  }
  const timing: TimingModel = { ...DEFAULT_TIMING, ...options.timing, products: {} };
  for (const [product, override] of Object.entries(options.timing?.products ?? {})) {
    timing.products[product.toLowerCase()] = { ...override };
  }
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    dataDir: options.dataDir,
    orgId: options.orgId,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    technicalAccountId: options.technicalAccountId,
    jwtPublicKeyPem: options.jwtPublicKeyPem,
    timing,
    accessTokenTtlSeconds: ttl,
    logger: options.logger ?? (() => {}),
    acceptLegacyRegulations: options.acceptLegacyRegulations ?? false,
    legacyRegulationCutoff: cutoff,
    createResponseArrays: arrays,
    pageBase,
    listSizeMax,
    listSizeDefault,
    downloadUrlField: downloadField,
    unprovisionedProducts: (options.unprovisionedProducts ?? []).map((product) => product.toLowerCase()),
    jobRetentionDays: positive('jobRetentionDays', options.jobRetentionDays ?? 30, false),
    contentRetentionDays: positive('contentRetentionDays', options.contentRetentionDays ?? 60, false),
    faults: [...(options.faults ?? [])],
    faultSeed: options.faultSeed,
    eventIntervalMs: positive('eventIntervalMs', options.eventIntervalMs ?? 250),
    webhookRetryBaseMs: positive('webhookRetryBaseMs', options.webhookRetryBaseMs ?? 1000),
    webhookMaxAttempts: positive('webhookMaxAttempts', options.webhookMaxAttempts ?? 5),
    webhookTimeoutMs: positive('webhookTimeoutMs', options.webhookTimeoutMs ?? 5000),
  };
}

/** A ready local identity with the quick demo timing. */
export function defaultEmulatorOptions(): EmulatorOptions {
  return {
    orgId: '5A1B2C3D4E5F6A7B8C9D0E1F@AdobeOrg',
    clientId: 'privacy-orchestrator-local',
    clientSecret: 'p8e-local-emulator-secret',
    technicalAccountId: 'LOCALTECHACCT0000000001@techacct.adobe.com',
    timing: { ...DEFAULT_TIMING, products: {} },
  };
}
