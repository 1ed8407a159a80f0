// Request routing: one table of routes, and the order every call goes through — count it, apply latency and
// override faults, pass the gateway, run the handler, maybe drop the answer. Errors are always Adobe-shaped.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as admin from './admin';
import type { Call, EmulatorContext } from './context';
import { ADMIN, GATEWAY, INTERNAL_ERROR } from './errors';
import type { RouteFamily } from './faults';
import { authorize } from './gateway';
import { BodyTooLargeError, readBody, type Reply } from './http';
import { clientCredentials, exchangeJwt } from './ims';
import * as privacy from './privacy';

type Handler = (ctx: EmulatorContext, call: Call, orgId: string) => Reply | Promise<Reply>;

interface Route {
  method: string;
  /** Path templates with `{name}` segments; the first one names the route in stats and faults. */
  paths: string[];
  family: RouteFamily | 'admin';
  handle: Handler;
}

const PRIVACY_BASE = '/data/core/privacy';

const ROUTES: Route[] = [
  {
    method: 'POST',
    paths: ['/ims/token/v3'],
    family: 'ims',
    handle: (ctx, call) => clientCredentials(ctx, call, 'v3'),
  },
  {
    method: 'POST',
    paths: ['/ims/token/v2'],
    family: 'ims',
    handle: (ctx, call) => clientCredentials(ctx, call, 'v2'),
  },
  {
    method: 'POST',
    paths: ['/ims/exchange/jwt', '/ims/exchange/v1/jwt'],
    family: 'ims',
    handle: exchangeJwt,
  },

  { method: 'POST', paths: [`${PRIVACY_BASE}/jobs`], family: 'privacy', handle: privacy.createJobs },
  { method: 'GET', paths: [`${PRIVACY_BASE}/jobs`], family: 'privacy', handle: privacy.listJobs },
  { method: 'GET', paths: [`${PRIVACY_BASE}/jobs/{id}`], family: 'privacy', handle: privacy.getJob },
  {
    method: 'GET',
    paths: [`${PRIVACY_BASE}/jobs/{id}/content`],
    family: 'privacy',
    handle: privacy.getContent,
  },
  { method: 'POST', paths: [`${PRIVACY_BASE}/consent`], family: 'privacy', handle: privacy.consent },

  { method: 'GET', paths: ['/__emulator/stats'], family: 'admin', handle: admin.stats },
  { method: 'POST', paths: ['/__emulator/reset'], family: 'admin', handle: admin.reset },
  { method: 'GET', paths: ['/__emulator/jobs'], family: 'admin', handle: admin.jobs },
  { method: 'GET', paths: ['/__emulator/clock'], family: 'admin', handle: admin.getClock },
  { method: 'POST', paths: ['/__emulator/clock'], family: 'admin', handle: admin.setClock },
  { method: 'GET', paths: ['/__emulator/faults'], family: 'admin', handle: admin.listFaults },
  {
    method: 'POST',
    paths: ['/__emulator/faults'],
    family: 'admin',
    handle: (ctx, call) => admin.addFault(ctx, call, ROUTE_KEYS),
  },
  { method: 'DELETE', paths: ['/__emulator/faults'], family: 'admin', handle: admin.clearFaults },
  { method: 'DELETE', paths: ['/__emulator/faults/{id}'], family: 'admin', handle: admin.removeFault },
  { method: 'PATCH', paths: ['/__emulator/faults/{id}'], family: 'admin', handle: admin.patchFault },
  { method: 'GET', paths: ['/__emulator/webhooks'], family: 'admin', handle: admin.listWebhooks },
  { method: 'POST', paths: ['/__emulator/webhooks'], family: 'admin', handle: admin.addWebhook },
  { method: 'DELETE', paths: ['/__emulator/webhooks'], family: 'admin', handle: admin.clearWebhooks },
  { method: 'DELETE', paths: ['/__emulator/webhooks/{id}'], family: 'admin', handle: admin.removeWebhook },
  { method: 'GET', paths: ['/__emulator/openapi.json'], family: 'admin', handle: admin.openapi },
  { method: 'GET', paths: ['/__emulator/events/keys/{name}'], family: 'admin', handle: admin.eventKey },
];

const routeKey = (route: Route) => `${route.method} ${route.paths[0]}`;

/** Route names faults may target: everything but the admin API. */
export const ROUTE_KEYS: readonly string[] = ROUTES.filter((r) => r.family !== 'admin').map(routeKey);

const COMPILED = ROUTES.map((route) => ({
  route,
  key: routeKey(route),
  patterns: route.paths.map(compile),
}));

function compile(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (name === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^${source}$`), names };
}

type Match =
  | { kind: 'route'; route: Route; key: string; params: Record<string, string> }
  | { kind: 'wrongMethod'; allowed: string[] }
  | { kind: 'none' };

function match(method: string, path: string): Match {
  const allowed: string[] = [];
  for (const { route, key, patterns } of COMPILED) {
    for (const { regex, names } of patterns) {
      const found = regex.exec(path);
      if (!found) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = safeDecode(found[i + 1] ?? '');
      });
      return { kind: 'route', route, key, params };
    }
  }
  return allowed.length > 0 ? { kind: 'wrongMethod', allowed: [...new Set(allowed)] } : { kind: 'none' };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || /^(::ffff:)?127\./.test(address));
}

export function createHandler(ctx: EmulatorContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // A failure while writing (the caller went away) must not take the process down with it.
    answer(ctx, req, res).catch((error: unknown) => {
      ctx.options.logger(`emulator: could not answer ${req.method} ${req.url}: ${String(error)}`);
      res.destroy();
    });
  };
}

async function answer(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  // Adobe's clients call both `/jobs` and `/jobs/`, `/ims/exchange/jwt` and `/ims/exchange/jwt/`.
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  res.setHeader('x-request-id', randomUUID());
  let reply: Reply;
  let drop = false;
  try {
    const found = match(method, path);
    if (
      found.kind === 'route' &&
      found.route.family !== 'admin' &&
      ctx.faults.takeConnectionReset(found.key)
    ) {
      // Cut before the body is read or anything is done: the caller sees ECONNRESET, and Adobe did nothing.
      ctx.stats.count(found.key);
      ctx.options.logger(`${method} ${path} connection reset`);
      req.socket.resetAndDestroy();
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      res.setHeader('connection', 'close');
      return write(ctx, res, GATEWAY.payloadTooLarge(), method, path, started);
    }
    if (found.kind === 'none') reply = GATEWAY.notFound();
    else if (found.kind === 'wrongMethod') reply = GATEWAY.methodNotAllowed(found.allowed);
    else {
      const call: Call = {
        method,
        path,
        query: url.searchParams,
        headers: req.headers,
        body,
        params: found.params,
        callerBase: `http://${req.headers.host ?? new URL(ctx.baseUrl()).host}`,
      };
      ({ reply, drop } = await dispatch(ctx, found.route, found.key, call, req.socket.remoteAddress));
    }
  } catch (error) {
    ctx.options.logger(
      `emulator: internal error on ${method} ${path}: ${(error as Error)?.stack ?? String(error)}`,
    );
    reply = INTERNAL_ERROR();
  }
  if (drop) {
    // The work is done; the caller never learns it, as when a connection breaks after Adobe acted.
    ctx.options.logger(`${method} ${path} dropped ${Date.now() - started}ms`);
    req.socket.destroy();
    return;
  }
  write(ctx, res, reply, method, path, started);
}

async function dispatch(
  ctx: EmulatorContext,
  route: Route,
  key: string,
  call: Call,
  remoteAddress: string | undefined,
): Promise<{ reply: Reply; drop: boolean }> {
  if (route.family === 'admin') {
    if (!isLoopback(remoteAddress)) return { reply: ADMIN.loopbackOnly(), drop: false };
    return { reply: await route.handle(ctx, call, ''), drop: false };
  }
  ctx.stats.count(key);
  const delay = ctx.faults.latency(key);
  if (delay > 0) await sleep(delay);
  const override = ctx.faults.takeOverride(key, route.family);
  if (override) return { reply: override, drop: false };

  let orgId = '';
  if (route.family === 'privacy') {
    const gate = await authorize(ctx, call);
    if (!gate.ok) return { reply: gate.reply, drop: false };
    orgId = gate.orgId;
  }
  const reply = await route.handle(ctx, call, orgId);
  if (route.family === 'ims') reply.headers = { ...reply.headers, 'x-debug-id': randomUUID() };
  return { reply, drop: reply.status < 400 && ctx.faults.takeDrop(key) };
}

function write(
  ctx: EmulatorContext,
  res: ServerResponse,
  reply: Reply,
  method: string,
  path: string,
  started: number,
): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  let payload: Buffer | undefined;
  if (Buffer.isBuffer(reply.body)) payload = reply.body;
  else if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body));
    if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json');
  }
  res.setHeader('content-length', String(payload?.length ?? 0));
  res.writeHead(reply.status);
  res.end(payload);
  // Paths may carry job ids but never identities; query strings and bodies are not logged.
  ctx.options.logger(`${method} ${path} ${reply.status} ${Date.now() - started}ms`);
}
