// The webhook that receives Adobe's privacy events (I/O Events: jobcomplete, joberror, productcomplete,
// producterror) and tells the job's workflow to read the job now instead of at its next poll.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { adobeEventSignal, jobWorkflowId } from '../workflows/messages';

export interface EventReceiver {
  /** The URL to register with Adobe I/O Events (or the emulator). */
  url: string;
  /** Events that reached a running job workflow. */
  delivered: number;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export async function startEventReceiver(client: Client, host: string, port: number, log: (line: string) => void = () => {}): Promise<EventReceiver> {
  const receiver = { url: '', delivered: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    if (url.pathname !== '/adobe/events') return end(res, 404, 'not found');
    // Registration handshake: answer the challenge with itself.
    if (req.method === 'GET') {
      const challenge = url.searchParams.get('challenge');
      return challenge ? end(res, 200, JSON.stringify({ challenge }), 'application/json') : end(res, 400, 'challenge missing');
    }
    if (req.method !== 'POST') return end(res, 405, 'method not allowed');
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return end(res, 413, 'too large');
      const event = readEvent(Buffer.concat(chunks).toString('utf8'));
      if (!event) return end(res, 400, 'not a privacy event');
      // Answer at once: Adobe retries slow webhooks, and the signal below may take a moment.
      end(res, 200, 'ok');
      client.workflow
        .getHandle(jobWorkflowId(event.jobId))
        .signal(adobeEventSignal, { type: event.type, message: event.message })
        .then(() => receiver.delivered++)
        .catch((error: unknown) => {
          // A job that is finished, or not ours, needs nothing.
          if (!(error instanceof WorkflowNotFoundError)) log(`events: could not signal job ${event.jobId}: ${(error as Error).message}`);
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  receiver.url = `http://${host}:${address.port}/adobe/events`;
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
    const event = (body.event ?? body) as { type?: unknown; data?: { value?: { jobId?: unknown; message?: unknown } } };
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
