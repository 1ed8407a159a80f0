// Plain node:http plumbing: a handler returns a Reply value and the app writes it, so handlers stay testable
// and a fault can replace or drop a reply after the work is done.
import type { IncomingMessage } from 'node:http';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is a Buffer; absent for an empty body. */
  body?: unknown;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  headers,
});

export const empty = (status: number): Reply => ({ status });

export const bytes = (
  status: number,
  contentType: string,
  data: Buffer,
  headers?: Record<string, string>,
): Reply => ({
  status,
  body: data,
  headers: { 'content-type': contentType, ...headers },
});

/** 10 MB: far above a 1000-user request, small enough to protect the process. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  readonly code = 'BODY_TOO_LARGE';
}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(`body of ${declared} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(`body over ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function isJson(header: string | undefined): boolean {
  return mediaType(header) === 'application/json';
}

/**
 * Form fields from an `application/x-www-form-urlencoded` or `multipart/form-data` body; any other body yields no
 * fields. Adobe's own libraries send IMS requests both ways (reference §11).
 */
export function parseForm(contentType: string | undefined, body: Buffer): Record<string, string> {
  const type = mediaType(contentType);
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  }
  if (type === 'multipart/form-data') {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    const marker = boundary?.[1] ?? boundary?.[2]?.trim();
    return marker ? parseMultipart(body, marker) : {};
  }
  return {};
}

function parseMultipart(body: Buffer, boundary: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = body.subarray(partStart, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
      // The part's content ends with the CRLF that precedes the next delimiter.
      let content = part.subarray(headerEnd + 4);
      if (content.subarray(-2).toString() === '\r\n') content = content.subarray(0, -2);
      if (name !== undefined) fields[name] = content.toString('utf8');
    }
    start = next;
  }
  return fields;
}
