// Reading request files (Adobe's own POST /jobs JSON, or the subjects CSV) into validated requests.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CreateJobsRequest } from '../adobe/types';
import { InvalidRequestError, OrchestratorError, type FieldIssue } from '../errors';
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
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : code;
    throw new OrchestratorError('INVALID_INPUT_FILE', `cannot read ${file}${why ? ` (${why})` : ''}`);
  }
  const name = path.basename(file);
  if (file.toLowerCase().endsWith('.csv')) {
    const missing = [!options.regulation && '--regulation', !options.include?.length && '--include'].filter(
      Boolean,
    );
    if (missing.length > 0) {
      throw new OrchestratorError(
        'INVALID_INPUT_FILE',
        `${name}: a CSV file needs ${missing.join(' and ')} on the command line`,
      );
    }
    const parsed = parseSubjectsCsv(text, {
      orgId: options.orgId,
      regulation: options.regulation!,
      include: options.include!,
    });
    if (!parsed.request) throw new InvalidRequestError(parsed.issues, name);
    // Every problem at once: the rows' own, then the API's rules, told in the file's and the flags' terms.
    const parts = chunkRequest(parsed.request);
    const issues = [...parsed.issues];
    parts.forEach((part, i) => {
      const verdict = validateCreateJobsRequest(part, { orgId: options.orgId, today: options.today });
      if (!verdict.ok)
        issues.push(...verdict.issues.map((issue) => inCsvTerms(issue, parsed.lineOf, i * 1000)));
    });
    const unique = [...new Map(issues.map((i) => [i.message, i])).values()];
    if (unique.length > 0) throw new InvalidRequestError(unique, name);
    return parts;
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

/** `users[3].userIDs[1].type` → `line 7, column type`; `include[0]` → `--include`; `regulation` → `--regulation`. */
function inCsvTerms(
  issue: FieldIssue,
  lineOf: (user: number, id?: number) => number,
  offset: number,
): FieldIssue {
  const text = issue.message.slice(issue.field.length + 2);
  const id = /^users\[(\d+)\]\.userIDs\[(\d+)\]\.(\w+)$/.exec(issue.field);
  const user = /^users\[(\d+)\](?:\.(\w+))?/.exec(issue.field);
  let where: string;
  if (id) where = `line ${lineOf(offset + Number(id[1]), Number(id[2]))}, column ${id[3]}`;
  else if (user)
    where = `line ${lineOf(offset + Number(user[1]))}${user[2] === 'userIDs' ? " (the subject's rows)" : user[2] ? `, column ${user[2]}` : ''}`;
  else if (issue.field.startsWith('include')) where = '--include';
  else if (issue.field === 'regulation') where = '--regulation';
  else where = issue.field;
  return { field: where, rule: issue.rule, message: `${where}: ${text}` };
}
