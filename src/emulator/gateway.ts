// The Adobe I/O gateway in front of Privacy Service: it checks the three headers and the token before the
// service sees a call, and answers with its own error codes (reference §2).
import type { Call, EmulatorContext } from './context';
import { header } from './context';
import { GATEWAY } from './errors';
import type { Reply } from './http';
import type { AccessTokenClaims } from './tokens';

export type GatewayResult =
  { ok: true; claims: AccessTokenClaims; orgId: string } | { ok: false; reply: Reply };

export async function authorize(ctx: EmulatorContext, call: Call): Promise<GatewayResult> {
  const authorization = header(call, 'authorization');
  if (!authorization) return { ok: false, reply: GATEWAY.tokenMissing() };
  const apiKey = header(call, 'x-api-key');
  if (!apiKey) return { ok: false, reply: GATEWAY.apiKeyMissing() };
  if (apiKey !== ctx.options.clientId) return { ok: false, reply: GATEWAY.apiKeyInvalid() };

  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const claims = match?.[1] ? await ctx.tokens.verify(match[1], ctx.store.now()) : undefined;
  if (!claims) return { ok: false, reply: GATEWAY.tokenInvalid() };
  // The key and the token must come from the same credential.
  if (claims.client_id !== apiKey) return { ok: false, reply: GATEWAY.apiKeyInvalid() };

  const orgId = header(call, 'x-gw-ims-org-id');
  if (!orgId) return { ok: false, reply: GATEWAY.orgHeaderMissing() };
  if (orgId !== claims.org) return { ok: false, reply: GATEWAY.orgNotEntitled() };
  return { ok: true, claims, orgId };
}
