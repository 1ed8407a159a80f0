// Flags shared by several commands, parsed with node:util's parseArgs (strict: unknown flags are errors).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { OrchestratorError } from '../errors';

export const COMMON_FLAGS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export class UsageError extends OrchestratorError {
  constructor(message: string) {
    super('INVALID_INPUT_FILE', message);
    this.name = 'UsageError';
  }
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({
      args: argv,
      options: { ...COMMON_FLAGS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export interface Command {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}
