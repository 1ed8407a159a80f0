// Access tokens from Adobe IMS: OAuth server-to-server (default) or the legacy service-account JWT.
// One TokenProvider per worker process; tokens stay in its memory and never leave this module except as
// the Authorization header of a request.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import got from 'got';
import { SignJWT, decodeJwt } from 'jose';
import type { Config } from '../config';
import { OrchestratorError } from '../errors';
import { AdobeApiError, AuthError } from './errors';
import { readErrorBody } from './parse';
import { USER_AGENT } from './user-agent';

export interface TokenInfo {
  /** When the token stops working (ms since epoch). */
  expiresAt: number;
  clientId: string;
  orgId: string;
  scopes: string[];
  /** The technical account or user the token belongs to, when the token says. */
  subject?: string;
}

interface CachedToken extends TokenInfo {
  token: string;
}

export interface TokenProviderOptions {
  adobe: Config['adobe'];
  now?: () => number;
  /** Renew this long before expiry; Adobe's own library treats tokens with < 10 min left as unusable. */
  refreshMarginMs?: number;
}

export class TokenProvider {
  private cached?: CachedToken;
  private inflight?: Promise<CachedToken>;
  private signingKey?: KeyObject;
  /** How many tokens this process minted: visible to tests and `auth check`. */
  minted = 0;
  private readonly now: () => number;
  private readonly refreshMarginMs: number;

  constructor(private readonly options: TokenProviderOptions) {
    this.now = options.now ?? Date.now;
    this.refreshMarginMs = options.refreshMarginMs ?? 10 * 60_000;
  }

  /** A token valid for at least the refresh margin. Concurrent callers share one mint. */
  async token(): Promise<string> {
    return (await this.current()).token;
  }

  async info(): Promise<TokenInfo> {
    const { token: _token, ...info } = await this.current();
    return info;
  }

  /** Forget `token` (the gateway said 401013) so the next call mints a fresh one. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async current(): Promise<CachedToken> {
    if (this.cached && this.cached.expiresAt - this.refreshMarginMs > this.now()) return this.cached;
    this.inflight ??= this.mint().finally(() => (this.inflight = undefined));
    this.cached = await this.inflight;
    return this.cached;
  }

  private async mint(): Promise<CachedToken> {
    const { adobe } = this.options;
    const issuedAt = this.now();
    const body =
      adobe.auth === 'jwt'
        ? await this.post('/ims/exchange/jwt', {
            client_id: adobe.clientId,
            client_secret: adobe.clientSecret,
            jwt_token: await this.signJwt(),
          })
        : await this.post('/ims/token/v3', {
            grant_type: 'client_credentials',
            client_id: adobe.clientId,
            client_secret: adobe.clientSecret,
            scope: adobe.scopes.join(','),
          });
    const token = body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new OrchestratorError('ADOBE_PROTOCOL', 'IMS answered 200 without an access_token');
    }
    this.minted++;
    // IMS says expires_in in seconds for OAuth and in milliseconds for the JWT exchange; the token's own
    // created_at/expires_in claims (milliseconds) settle it when present.
    const responseTtlMs = Number(body.expires_in) * (adobe.auth === 'jwt' ? 1 : 1000);
    const claims = safeDecode(token);
    const claimExpiry = Number(claims?.created_at) + Number(claims?.expires_in);
    const expiresAt = Number.isFinite(claimExpiry) ? claimExpiry : issuedAt + (responseTtlMs || 3_600_000);
    return {
      token,
      expiresAt,
      clientId: adobe.clientId,
      orgId: adobe.orgId,
      scopes: typeof claims?.scope === 'string' ? claims.scope.split(',') : adobe.scopes,
      subject: typeof claims?.user_id === 'string' ? claims.user_id : adobe.technicalAccountId,
    };
  }

  private async signJwt(): Promise<string> {
    const { adobe } = this.options;
    if (!this.signingKey) {
      try {
        this.signingKey = createPrivateKey({
          key: adobe.privateKeyPem ?? '',
          passphrase: adobe.privateKeyPassphrase,
        });
      } catch {
        // The crypto error can quote key material: say what to fix instead.
        throw new AuthError(
          'ADOBE_PRIVATE_KEY (or ADOBE_PRIVATE_KEY_PATH) is not a readable RSA private key in PEM (PKCS#8 or PKCS#1); if it is encrypted, set ADOBE_PRIVATE_KEY_PASSPHRASE',
        );
      }
    }
    const nowSeconds = Math.floor(this.now() / 1000);
    return new SignJWT({ [`${adobe.imsUrl}/s/ent_gdpr_sdk`]: true })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(adobe.orgId)
      .setSubject(adobe.technicalAccountId ?? '')
      .setAudience(`${adobe.imsUrl}/c/${adobe.clientId}`)
      .setExpirationTime(nowSeconds + 300)
      .sign(this.signingKey);
  }

  private async post(path: string, form: Record<string, string>): Promise<Record<string, unknown>> {
    const { adobe } = this.options;
    let response;
    try {
      response = await got.post(`${adobe.imsUrl}${path}`, {
        form,
        throwHttpErrors: false,
        retry: { limit: 0 },
        timeout: { request: adobe.requestTimeoutMs },
        headers: { 'user-agent': USER_AGENT, accept: 'application/json' },
      });
    } catch (error) {
      // got's error holds the form body, client secret included: keep only its kind.
      throw new AdobeApiError(
        'ADOBE_UNAVAILABLE',
        `IMS did not answer (${(error as { code?: string }).code ?? 'network error'})`,
        { method: 'POST', path },
        true,
      );
    }
    const requestId = header(response.headers['x-debug-id']);
    if (response.statusCode === 200) {
      try {
        return JSON.parse(response.body) as Record<string, unknown>;
      } catch {
        throw new OrchestratorError('ADOBE_PROTOCOL', `IMS answered ${path} with a body that is not JSON`);
      }
    }
    if (response.statusCode === 429 || response.statusCode >= 500) {
      throw new AdobeApiError(
        response.statusCode === 429 ? 'ADOBE_THROTTLED' : 'ADOBE_UNAVAILABLE',
        'IMS is throttling or unavailable',
        {
          method: 'POST',
          path,
          status: response.statusCode,
          requestId,
          retryAfterSeconds: retryAfter(response.headers['retry-after']),
        },
        true,
      );
    }
    const { code } = readErrorBody(response.body);
    throw new AuthError(explainImsError(code, adobe.auth), code);
  }
}

function explainImsError(code: string | undefined, auth: 'oauth' | 'jwt'): string {
  switch (code) {
    case 'invalid_client':
      return 'IMS refused the client (invalid_client): check ADOBE_CLIENT_ID and ADOBE_CLIENT_SECRET';
    case 'invalid_scope':
      return auth === 'jwt'
        ? 'IMS refused the metascope ent_gdpr_sdk (invalid_scope): add the Privacy Service API to the credential in Adobe Developer Console'
        : 'IMS refused the scopes (invalid_scope): set ADOBE_SCOPES to the scopes your credential shows in Adobe Developer Console';
    case 'invalid_signature':
      return 'IMS could not verify the JWT signature (invalid_signature): ADOBE_PRIVATE_KEY must match a certificate of the credential';
    case 'invalid_token':
    case 'bad_request':
      return `IMS refused the JWT (${code}): check ADOBE_ORG_ID, ADOBE_TECHNICAL_ACCOUNT_ID and ADOBE_CLIENT_ID`;
    default:
      return `IMS refused the credentials (${code ?? 'no error code'}): check ADOBE_CLIENT_ID, ADOBE_CLIENT_SECRET and ADOBE_IMS_URL`;
  }
}

function safeDecode(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

export function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function retryAfter(value: string | string[] | undefined): number | undefined {
  const raw = header(value);
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
