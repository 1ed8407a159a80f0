// Reading request files (Adobe's own POST /jobs JSON, or the subjects CSV) into validated requests.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CreateJobsRequest } from '../adobe/types';
import { InvalidRequestError, OrchestratorError } from '../errors';
import { chunkRequest, parseSubjectsCsv } from './csv';
import { validateCreateJobsRequest } from './validate';

export interface IntakeOptions {
  orgId: string;
  /** For CSV files: the regulation and products of the whole file. */
  regulation?: string;
  include?: string[];
  today?: string;
}

/** One or more requests (a large CSV becomes several of ≤ 1000 users), each valid, or an error naming every problem. */
export async function readRequestFile(file: string, options: IntakeOptions): Promise<CreateJobsRequest[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : code;
    throw new OrchestratorError('INVALID_INPUT_FILE', `cannot read ${file}${why ? ` (${why})` : ''}`);
  }
  const name = path.basename(file);
  if (file.toLowerCase().endsWith('.csv')) {
    const missing = [!options.regulation && '--regulation', !options.include?.length && '--include'].filter(Boolean);
    if (missing.length > 0) {
      throw new OrchestratorError('INVALID_INPUT_FILE', `${name}: a CSV file needs ${missing.join(' and ')} on the command line`);
    }
    const { request, issues } = parseSubjectsCsv(text, {
      orgId: options.orgId,
      regulation: options.regulation!,
      include: options.include!,
    });
    if (!request) throw new InvalidRequestError(issues, name);
    return chunkRequest(request).map((part) => validated(part, options, name));
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new OrchestratorError('INVALID_INPUT_FILE', `${name} is not valid JSON: ${jsonErrorWhere(text)}`);
  }
  return [validated(body, options, name)];
}

export function validated(body: unknown, options: IntakeOptions, source?: string): CreateJobsRequest {
  const verdict = validateCreateJobsRequest(body, { orgId: options.orgId, today: options.today });
  if (!verdict.ok) throw new InvalidRequestError(verdict.issues, source);
  return verdict.request;
}

/**
 * Where a JSON text first goes wrong, as "line L, column C". JSON.parse's own message can quote the text
 * around the error, which may be personal data: only the offending character is shown.
 */
export function jsonErrorWhere(text: string): string {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => (text.startsWith(word, i) ? (i += word.length) : fail());
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i]! < ' ') fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return void literal('true');
    if (ch === 'f') return void literal('false');
    if (ch === 'n') return void literal('null');
    number();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return 'it is not JSON';
  } catch (at) {
    const offset = Math.min(at as number, text.length);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const what = offset >= text.length ? 'the text ends early' : `unexpected ${JSON.stringify(text[offset])}`;
    return `${what} at line ${line}, column ${column}`;
  }
}
