// Adobe IMS: the OAuth server-to-server token endpoint (v3, and v2 as Adobe's libraries call it) and the retired
// but still used JWT exchange. Error bodies and status codes follow reference §11.2–11.3.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { Call, EmulatorContext } from './context';
import { header } from './context';
import { IMS } from './errors';
import { json, parseForm, type Reply } from './http';
import { CREDENTIAL_SCOPES, PRIVACY_METASCOPE } from './options';

function params(call: Call): Record<string, string> {
  // "Parameters can be sent in the body or as query parameters"; the body wins when both name one.
  return { ...Object.fromEntries(call.query), ...parseForm(header(call, 'content-type'), call.body) };
}

export async function clientCredentials(
  ctx: EmulatorContext,
  call: Call,
  version: 'v2' | 'v3',
): Promise<Reply> {
  const input = params(call);
  const { options } = ctx;
  if (input.grant_type !== 'client_credentials') {
    return IMS.error(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
  }
  for (const name of ['client_id', 'client_secret'] as const) {
    if (!input[name]) return IMS.error(400, 'bad_request', `${name} is required`);
  }
  if (input.client_id !== options.clientId || input.client_secret !== options.clientSecret) {
    return IMS.error(401, 'invalid_client', 'invalid client_id or client_secret');
  }
  if (version === 'v2' && input.org_id !== undefined && input.org_id !== options.orgId) {
    return IMS.error(400, 'bad_request', 'org_id does not own this client');
  }
  const requested = (input.scope ?? '')
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
  const unknown = requested.filter((scope) => !CREDENTIAL_SCOPES.includes(scope));
  if (unknown.length > 0) {
    return IMS.error(400, 'invalid_scope', `scope ${unknown.join(',')} is not granted to this client`);
  }
  const { token } = await ctx.tokens.issue(
    requested.length > 0 ? requested : CREDENTIAL_SCOPES,
    ctx.store.now(),
  );
  ctx.stats.tokensIssued++;
  // OAuth answers in seconds; the JWT exchange below answers in milliseconds (reference §11.2, §11.3).
  return json(200, {
    access_token: token,
    token_type: 'bearer',
    expires_in: Math.floor((ctx.tokens.lifetimeMs - 1) / 1000),
  });
}

let cachedKey: { pem: string; key: KeyObject } | undefined;
function jwtKey(pem: string): KeyObject {
  if (cachedKey?.pem !== pem) cachedKey = { pem, key: createPublicKey(pem) };
  return cachedKey.key;
}

export async function exchangeJwt(ctx: EmulatorContext, call: Call): Promise<Reply> {
  const input = parseForm(header(call, 'content-type'), call.body);
  const { options } = ctx;
  if (!input.client_id || input.client_id !== options.clientId) {
    return IMS.error(400, 'invalid_client', 'the integration does not exist');
  }
  if (!input.client_secret || input.client_secret !== options.clientSecret) {
    return IMS.error(401, 'invalid_client', 'invalid client_id and client_secret combination');
  }
  const jwt = input.jwt_token;
  if (!jwt) return IMS.error(400, 'invalid_token', 'jwt_token is required');

  let claims: JWTPayload;
  try {
    decodeProtectedHeader(jwt);
    claims = decodeJwt(jwt);
  } catch {
    return IMS.error(400, 'invalid_token', 'JWT token is incorrectly formatted, and can not be decoded.');
  }
  if (!Number.isInteger(claims.exp) || (claims.jti !== undefined && !Number.isInteger(claims.jti))) {
    return IMS.error(400, 'invalid_token', 'JWT token is incorrectly formatted, and can not be decoded.');
  }
  // The JWT names the IMS it is meant for; here that is this emulator, reached by its own URL or the Host used.
  const imsBases = [...new Set([ctx.baseUrl(), call.callerBase])];
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((aud) => imsBases.some((base) => aud === `${base}/c/${options.clientId}`))) {
    return IMS.error(400, 'invalid_client', 'client_id does not match the aud claim of the JWT');
  }
  if (options.jwtPublicKeyPem === undefined) {
    return IMS.error(400, 'invalid_signature', 'no certificate is bound to this integration');
  }
  try {
    await compactVerify(jwt, jwtKey(options.jwtPublicKeyPem), { algorithms: ['RS256'] });
  } catch {
    return IMS.error(
      400,
      'invalid_signature',
      'the JWT signature does not match any certificate of the integration',
    );
  }
  // The signer stamps exp with its own clock, so expiry is judged in real time, not on the emulator clock.
  if ((claims.exp as number) * 1000 <= Date.now())
    return IMS.error(400, 'invalid_token', 'JWT token is expired');
  if (claims.iss !== options.orgId)
    return IMS.error(400, 'bad_request', 'iss must be the org id of the integration');
  if (claims.sub !== options.technicalAccountId) {
    return IMS.error(400, 'bad_request', 'sub must be the technical account id of the integration');
  }
  const metascopes = Object.entries(claims)
    .filter(([name, value]) => value === true && imsBases.some((base) => name.startsWith(`${base}/s/`)))
    .map(([name]) => name.slice(name.indexOf('/s/') + 3));
  if (metascopes.length === 0 || metascopes.some((scope) => scope !== PRIVACY_METASCOPE)) {
    return IMS.error(400, 'invalid_scope', 'the metascopes of the JWT are not all bound to this integration');
  }
  const { token } = await ctx.tokens.issue(metascopes, ctx.store.now());
  ctx.stats.tokensIssued++;
  return json(200, { token_type: 'bearer', access_token: token, expires_in: ctx.tokens.lifetimeMs - 1 });
}
