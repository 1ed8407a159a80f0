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
  } catch {
    throw new OrchestratorError('INVALID_INPUT_FILE', `cannot read ${file}`);
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
  } catch (error) {
    throw new OrchestratorError('INVALID_INPUT_FILE', `${name} is not valid JSON (${(error as Error).message})`);
  }
  return [validated(body, options, name)];
}

export function validated(body: unknown, options: IntakeOptions, source?: string): CreateJobsRequest {
  const verdict = validateCreateJobsRequest(body, { orgId: options.orgId, today: options.today });
  if (!verdict.ok) throw new InvalidRequestError(verdict.issues, source);
  return verdict.request;
}
