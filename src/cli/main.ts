#!/usr/bin/env node
// privacy-orchestrator <command>: one file per command under commands/; only main() exits.
import { InvalidRequestError, OrchestratorError } from '../errors';
import type { Command } from './flags';
import { audit } from './commands/audit';
import { auth } from './commands/auth';
import { cancel } from './commands/cancel';
import { codecServer } from './commands/codec-server';
import { results } from './commands/results';
import { watch } from './commands/watch';
import { demo } from './commands/demo';
import { dev } from './commands/dev';
import { emulator } from './commands/emulator';
import { list } from './commands/list';
import { status } from './commands/status';
import { submit } from './commands/submit';
import { worker } from './commands/worker';

const COMMANDS: Record<string, Command> = {
  submit,
  status,
  results,
  list,
  watch,
  cancel,
  audit,
  auth,
  worker,
  emulator,
  'codec-server': codecServer,
  dev,
  demo,
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'privacy-orchestrator: privacy requests through Adobe Privacy Service, on Temporal',
    '',
    'usage: privacy-orchestrator <command> [options]   (each command takes --help and --json)',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`privacy-orchestrator: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof OrchestratorError) {
      console.error(`privacy-orchestrator ${name}: ${error.message}`);
      // --json promises one document on stdout, refusals included.
      if (rest.includes('--json')) {
        const issues = error instanceof InvalidRequestError ? error.issues : undefined;
        process.stdout.write(
          `${JSON.stringify({ ok: false, error: { code: error.code, message: error.message, ...(issues && { issues }) } }, null, 2)}\n`,
        );
      }
      return ['INVALID_REQUEST', 'INVALID_INPUT_FILE', 'ALREADY_EXISTS'].includes(error.code) ? 2 : 1;
    }
    console.error(`privacy-orchestrator ${name}: ${(error as Error)?.message ?? String(error)}`);
    if (process.env.DEBUG) console.error((error as Error)?.stack);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    () => process.exit(1),
  );
}
