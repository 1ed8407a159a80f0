// IMS access tokens. Adobe's are RS256 JWTs whose payload carries `created_at` and `expires_in` as millisecond
// strings; Adobe's own client library reads expiry from there (reference §11.4), so opaque tokens would not do.
// The gateway accepts a token when this emulator's key signed it and it has not expired on the emulator clock.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type KeyObject,
  sign,
  createHash,
} from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { compactVerify, SignJWT } from 'jose';
import type { Store } from './state';

export interface AccessTokenClaims {
  id: string;
  type: 'access_token';
  client_id: string;
  user_id: string;
  as: string;
  org: string;
  scope: string;
  created_at: string;
  expires_in: string;
}

export interface TokenIdentity {
  clientId: string;
  technicalAccountId: string;
  orgId: string;
}

const generate = promisify(generateKeyPair);

export class TokenAuthority {
  private readonly revoked = new Set<string>();
  private readonly issuedIds = new Set<string>();

  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
    private readonly identity: TokenIdentity,
    private readonly ttlMs: number,
  ) {}

  /** Uses the key saved in the store, or makes and saves one, so tokens survive a restart with the same data folder. */
  static async create(store: Store, identity: TokenIdentity, ttlSeconds: number): Promise<TokenAuthority> {
    let pem = store.signingKeyPem;
    if (pem === undefined) {
      const pair = await generate('rsa', { modulusLength: 2048 });
      pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      store.setSigningKeyPem(pem);
    }
    const privateKey = createPrivateKey(pem);
    return new TokenAuthority(
      privateKey,
      createPublicKey(privateKey),
      identity,
      Math.round(ttlSeconds * 1000),
    );
  }

  get lifetimeMs(): number {
    return this.ttlMs;
  }

  /**
   * Signs an event body as Adobe I/O Events does (RSA-SHA256, base64). The emulator's one key serves here
   * too: receivers fetch its public half from the path in the event's headers.
   */
  signEvent(body: string): { signature: string; keyPath: string } {
    return {
      signature: sign('RSA-SHA256', Buffer.from(body), this.privateKey).toString('base64'),
      keyPath: this.eventKeyPath,
    };
  }

  /** `/__emulator/events/keys/pub-key-<fingerprint>.pem`: the stand-in for Adobe's key host. */
  get eventKeyPath(): string {
    return `/__emulator/events/keys/pub-key-${createHash('sha256').update(this.publicKeyPem).digest('hex').slice(0, 16)}.pem`;
  }

  get publicKeyPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  async issue(scopes: readonly string[], now: number): Promise<{ token: string; claims: AccessTokenClaims }> {
    const claims: AccessTokenClaims = {
      id: `${now}_${randomUUID()}_ue1`,
      type: 'access_token',
      client_id: this.identity.clientId,
      user_id: this.identity.technicalAccountId,
      as: 'ims-na1',
      org: this.identity.orgId,
      scope: scopes.join(','),
      created_at: String(now),
      expires_in: String(this.ttlMs),
    };
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'ims_na1-key-at-1', x5u: 'ims_na1-key-at-1.cer', itt: 'at' })
      .sign(this.privateKey);
    this.issuedIds.add(claims.id);
    return { token, claims };
  }

  /** The claims of a token the gateway should accept at `now`, else undefined. */
  async verify(token: string, now: number): Promise<AccessTokenClaims | undefined> {
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(token, this.publicKey, { algorithms: ['RS256'] }));
    } catch {
      return undefined;
    }
    let claims: AccessTokenClaims;
    try {
      claims = JSON.parse(new TextDecoder().decode(payload)) as AccessTokenClaims;
    } catch {
      return undefined;
    }
    if (claims.type !== 'access_token' || this.revoked.has(claims.id)) return undefined;
    const createdAt = Number(claims.created_at);
    const lifetime = Number(claims.expires_in);
    if (!Number.isFinite(createdAt) || !Number.isFinite(lifetime) || now >= createdAt + lifetime)
      return undefined;
    return claims;
  }

  /** Every token issued so far by this process now answers 401013; later ones work. */
  revokeAll(): number {
    for (const id of this.issuedIds) this.revoked.add(id);
    return this.revoked.size;
  }

  clearRevocations(): void {
    this.revoked.clear();
  }
}
