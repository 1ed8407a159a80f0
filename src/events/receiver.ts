// The webhook that receives Adobe's privacy events (I/O Events: jobcomplete, joberror, productcomplete,
// producterror) and tells the job's workflow to read the job now instead of at its next poll.
import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { OrchestratorError } from '../errors';
import { isLoopback, readBody, sameSecret } from '../net';
import { adobeEventSignal, jobWorkflowId } from '../workflows/messages';

export interface EventReceiver {
  /** The URL to register with Adobe I/O Events (or the emulator). */
  url: string;
  /** Events that reached a running job workflow. */
  delivered: number;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export interface EventReceiverOptions {
  host: string;
  port: number;
  /**
   * A secret the webhook URL carries (`?token=`): without it, anyone who reaches the port could make job
   * workflows read Adobe. Required on any address but loopback.
   */
  token?: string;
  /**
   * Check Adobe I/O Events' digital signatures: either of the two RSA-SHA256 signatures must verify with its
   * public key, fetched from `keyHost` + the path in the event's headers, and the payload's
   * recipient_client_id must be our client id.
   */
  verify?: { keyHost: string; clientId: string };
  log?: (line: string) => void;
}

export async function startEventReceiver(
  client: Client,
  options: EventReceiverOptions,
): Promise<EventReceiver> {
  const { host, port, token, verify, log = () => {} } = options;
  if (!token && !verify && !isLoopback(host)) {
    throw new OrchestratorError(
      'CONFIG_INVALID',
      `the event webhook listens on ${host} (not loopback): keep signature checks on or set ORCHESTRATOR_EVENTS_TOKEN`,
    );
  }
  const keys = new PublicKeyCache(verify?.keyHost);
  const receiver = { url: '', delivered: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (url.pathname !== '/adobe/events') return end(res, 404, 'not found');
    if (token && !sameSecret(url.searchParams.get('token') ?? '', token))
      return end(res, 401, 'unauthorized');
    // Registration handshake: answer the challenge with itself.
    if (req.method === 'GET') {
      const challenge = url.searchParams.get('challenge');
      return challenge
        ? end(res, 200, JSON.stringify({ challenge }), 'application/json')
        : end(res, 400, 'challenge missing');
    }
    if (req.method !== 'POST') return end(res, 405, 'method not allowed');
    void readBody(req, MAX_BODY).then(async (body) => {
      if (!body) return end(res, 413, 'too large');
      if (verify && !(await signedByAdobe(req.headers, body, verify.clientId, keys).catch(() => false))) {
        return end(res, 401, 'the event signature does not verify');
      }
      const event = readEvent(body.toString('utf8'));
      if (!event) return end(res, 400, 'not a privacy event');
      // Answered once the job's workflow has it: if Temporal cannot be reached, Adobe delivers again later.
      client.workflow
        .getHandle(jobWorkflowId(event.jobId))
        .signal(adobeEventSignal, { type: event.type, message: event.message })
        .then(
          () => {
            receiver.delivered++;
            end(res, 200, 'ok');
          },
          (error: unknown) => {
            // A job that is finished, or not ours, needs nothing.
            if (error instanceof WorkflowNotFoundError) return end(res, 200, 'ok');
            log(`events: could not signal job ${event.jobId}: ${(error as Error).message}`);
            end(res, 503, 'try again later');
          },
        );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  receiver.url = `http://${host}:${address.port}/adobe/events${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

/** The job an I/O Events privacy event is about; tolerant of the envelope (`{event: …}` or bare). */
export function readEvent(text: string): { jobId: string; type: string; message?: string } | undefined {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const event = (body.event ?? body) as {
      type?: unknown;
      data?: { value?: { jobId?: unknown; message?: unknown } };
    };
    const jobId = event.data?.value?.jobId;
    if (typeof jobId !== 'string' || jobId === '' || typeof event.type !== 'string') return undefined;
    const message = event.data?.value?.message;
    return { jobId, type: event.type, message: typeof message === 'string' ? message : undefined };
  } catch {
    return undefined;
  }
}

function end(res: http.ServerResponse, status: number, body: string, type = 'text/plain'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

/** Public keys by path; only paths that look like Adobe's key files, fetched from the one configured host. */
class PublicKeyCache {
  private readonly keys = new Map<string, Promise<KeyObject>>();
  constructor(private readonly host: string | undefined) {}

  get(path: string): Promise<KeyObject> {
    if (!this.host || !/^\/[\w./-]+\.pem$/.test(path) || path.includes('..'))
      return Promise.reject(new Error('bad key path'));
    let key = this.keys.get(path);
    if (!key) {
      key = fetch(`${this.host}${path}`, { signal: AbortSignal.timeout(5000) })
        .then(async (response) => {
          if (!response.ok) throw new Error(`key ${path}: HTTP ${response.status}`);
          return createPublicKey(await response.text());
        })
        .catch((error: unknown) => {
          this.keys.delete(path);
          throw error;
        });
      if (this.keys.size > 32) this.keys.clear();
      this.keys.set(path, key);
    }
    return key;
  }
}

async function signedByAdobe(
  headers: http.IncomingHttpHeaders,
  body: Buffer,
  clientId: string,
  keys: PublicKeyCache,
): Promise<boolean> {
  const pairs = [1, 2].map(
    (n) => [headers[`x-adobe-digital-signature-${n}`], headers[`x-adobe-public-key${n}-path`]] as const,
  );
  let verified = false;
  for (const [signature, path] of pairs) {
    if (typeof signature !== 'string' || typeof path !== 'string') continue;
    const key = await keys.get(path).catch(() => undefined);
    if (key && verifySignature('RSA-SHA256', body, key, Buffer.from(signature, 'base64'))) {
      verified = true;
      break;
    }
  }
  if (!verified) return false;
  // A signed event meant for another integration is not ours to act on.
  return (
    (JSON.parse(body.toString('utf8')) as { recipient_client_id?: unknown }).recipient_client_id === clientId
  );
}
