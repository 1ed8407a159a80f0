// A codec server for the Temporal UI and CLI (`--codec-endpoint`): decodes the encrypted payloads of this
// project so that a person allowed to see them can. Serves only the origins it is told, only on the address
// it is told (loopback by default), and with CODEC_SERVER_TOKEN set, only to callers that send it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload } from '@temporalio/common';
import { OrchestratorError } from '../errors';
import { isLoopback, readBody, sameSecret } from '../net';
import type { EncryptionCodec } from './index';

export interface CodecServerOptions {
  host?: string;
  port?: number;
  /** Browser origins allowed to call (the Temporal UI's), e.g. `http://localhost:8233`. */
  origins: string[];
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const MAX_BODY = 8 * 1024 * 1024;

export async function startCodecServer(
  codec: EncryptionCodec,
  options: CodecServerOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  if (!options.token && !isLoopback(host)) {
    throw new OrchestratorError(
      'CONFIG_INVALID',
      `CODEC_SERVER_TOKEN is required when the codec server listens on ${host} (not loopback): it decrypts personal data`,
    );
  }
  const server = http.createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin && options.origins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
      res.setHeader('access-control-allow-headers', 'content-type, x-namespace, authorization');
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS')
      return void res.writeHead(origin && options.origins.includes(origin) ? 204 : 403).end();
    const route = req.url?.split('?')[0];
    if (req.method !== 'POST' || (route !== '/decode' && route !== '/encode'))
      return void res.writeHead(404).end();
    if (origin && !options.origins.includes(origin)) return void res.writeHead(403).end();
    if (options.token && !sameSecret(req.headers.authorization ?? '', `Bearer ${options.token}`))
      return void res.writeHead(401).end();
    void readBody(req, MAX_BODY).then((body) => {
      if (!body) return void res.writeHead(413).end();
      let payloads: Payload[];
      try {
        payloads = ((JSON.parse(body.toString('utf8')) as { payloads?: JsonPayload[] }).payloads ?? []).map(
          fromJson,
        );
      } catch {
        return void res
          .writeHead(400, { 'content-type': 'text/plain' })
          .end('body must be {"payloads": [...]}');
      }
      (route === '/decode' ? codec.decode(payloads) : codec.encode(payloads)).then(
        (out) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ payloads: out.map(toJson) }));
        },
        () =>
          res
            .writeHead(400, { 'content-type': 'text/plain' })
            .end('the payloads could not be decoded with this key'),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8888, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function fromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(p.data ?? '', 'base64'),
  };
}

function toJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  };
}
