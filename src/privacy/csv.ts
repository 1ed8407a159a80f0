// The CSV intake format: header `key,action,namespace,value,type`, one row per identity; rows sharing a
// key are one data subject. Regulation and products come from the command line. Pure.
import type { CreateJobsRequest, PrivacyAction, PrivacyUser } from '../adobe/types';
import type { FieldIssue } from '../errors';

const COLUMNS = ['key', 'action', 'namespace', 'value', 'type'] as const;
const ACTIONS: Record<string, PrivacyAction[]> = {
  access: ['access'],
  delete: ['delete'],
  'access+delete': ['access', 'delete'],
};

export interface CsvOptions {
  orgId: string;
  regulation: string;
  include: string[];
}

export interface ParsedCsv {
  /** The subjects that could be read, in order of first appearance (absent when the header is wrong). */
  request?: CreateJobsRequest;
  /** Problems of single rows: each names its line and column. */
  issues: FieldIssue[];
  /** The file line of a subject's first row, or of one of its ids. */
  lineOf(userIndex: number, idIndex?: number): number;
}

export function parseSubjectsCsv(text: string, options: CsvOptions): ParsedCsv {
  const issues: FieldIssue[] = [];
  const rows = splitRows(text.replace(/^\uFEFF/, ''));
  const header = rows.shift()?.cells.map((c) => c.trim().toLowerCase());
  if (!header || COLUMNS.slice(0, 4).some((c) => !header.includes(c))) {
    return {
      issues: [
        {
          field: 'line 1',
          rule: 'required',
          message: `line 1: the header must be ${COLUMNS.join(',')} (type is optional)`,
        },
      ],
      lineOf: () => 1,
    };
  }
  const col = (name: (typeof COLUMNS)[number]) => header.indexOf(name);
  const users = new Map<string, PrivacyUser>();
  const lines = new Map<string, number[]>();
  for (const { line, cells } of rows) {
    if (cells.every((c) => c.trim() === '')) continue;
    const cell = (name: (typeof COLUMNS)[number]) => (col(name) >= 0 ? (cells[col(name)] ?? '').trim() : '');
    const fail = (name: string, rule: string, text: string) =>
      issues.push({ field: `line ${line}.${name}`, rule, message: `line ${line}, column ${name}: ${text}` });
    const key = cell('key');
    const actions = ACTIONS[cell('action').toLowerCase()];
    if (key === '') fail('key', 'notBlank', 'must not be empty');
    if (!actions)
      fail('action', 'enum', `"${cell('action')}" is not allowed; use access, delete or access+delete`);
    if (cell('namespace') === '') fail('namespace', 'notBlank', 'must not be empty');
    if (cell('value') === '') fail('value', 'notBlank', 'must not be empty');
    if (key === '' || !actions) continue;
    const user = users.get(key) ?? { key, action: actions, userIDs: [] };
    if (users.has(key) && user.action.join('+') !== actions.join('+')) {
      fail('action', 'unique', `differs from an earlier row of subject "${key}"; one subject has one action`);
    }
    user.userIDs.push({
      namespace: cell('namespace'),
      value: cell('value'),
      type: cell('type') || 'standard',
    });
    users.set(key, user);
    lines.set(key, [...(lines.get(key) ?? []), line]);
  }
  if (rows.length === 0)
    issues.push({ field: 'line 2', rule: 'minItems', message: 'the file has no data rows' });
  const keys = [...users.keys()];
  return {
    issues,
    lineOf: (userIndex, idIndex = 0) =>
      lines.get(keys[userIndex] ?? '')?.[idIndex] ?? lines.get(keys[userIndex] ?? '')?.[0] ?? 1,
    request: {
      companyContexts: [{ namespace: 'imsOrgID', value: options.orgId }],
      users: [...users.values()],
      include: options.include,
      regulation: options.regulation,
    },
  };
}

/** RFC 4180 rows: quoted cells may hold commas, quotes ("") and line breaks. */
function splitRows(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      rowLine = ++line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) rows.push({ line: rowLine, cells: [...cells, cell] });
  return rows;
}

/** Splits a request into requests of at most `size` users each (Adobe takes 1000 per POST). */
export function chunkRequest(request: CreateJobsRequest, size = 1000): CreateJobsRequest[] {
  const parts: CreateJobsRequest[] = [];
  for (let i = 0; i < request.users.length; i += size)
    parts.push({ ...request, users: request.users.slice(i, i + size) });
  return parts;
}
