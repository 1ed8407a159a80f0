// The emulator's options and their defaults, kept in one place so the CLI, the tests and the demo agree.

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
  Omit<EmulatorOptions, 'dataDir' | 'jwtPublicKeyPem' | 'timing' | 'logger'>
> {
  dataDir?: string;
  jwtPublicKeyPem?: string;
  timing: TimingModel;
  logger: (line: string) => void;
}

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
