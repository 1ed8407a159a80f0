import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startStack, type Stack } from '../helpers/stack';

const ROOT = path.resolve(__dirname, '..', '..');
const INVALID = path.join(__dirname, '..', 'fixtures', 'invalid');

function cli(stack: Stack, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...stack.env },
  });
}

// The field and rule each fixture breaks (shared/fixtures/README.md).
const EXPECTED: Record<string, RegExp> = {
  'bad-action.json': /users\[0\]\.action\[0\]: "erase" is not allowed; use "access" or "delete"/,
  'empty-identity-value.json': /users\[2\]\.userIDs\[0\]\.value: must not be empty or only white space/,
  'missing-include.json': /include: is required/,
  'missing-users.json': /users: is required/,
  'org-mismatch.json': /companyContexts\[0\]\.value: must equal the configured org id/,
  'ten-ids-for-one-user.json': /users\[0\]\.userIDs: must have at most 9 entries \(got 10\)/,
  'too-many-users.json': /users: must have at most 1000 entries \(got 1001\)/,
  'unknown-regulation.json': /regulation: "gdpr_eu" is not a supported regulation/,
};

describe('intake refuses invalid request files', () => {
  let stack: Stack;
  before(async () => (stack = await startStack()));
  after(() => stack.close());

  it('covers every fixture in test/fixtures/invalid', () => {
    assert.deepEqual(readdirSync(INVALID).sort(), Object.keys(EXPECTED).sort());
  });

  for (const [file, message] of Object.entries(EXPECTED)) {
    it(`refuses ${file} with exit code 2, naming the field and the rule, without a stack trace`, () => {
      const run = cli(stack, 'submit', path.join(INVALID, file));
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.match(
        run.stderr,
        new RegExp(`^privacy-orchestrator submit: ${file} is not a valid privacy request:`),
      );
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'a stack trace was printed');
      assert.equal(run.stdout, '');
    });
  }

  it('created no job at Adobe for any refused file', async () => {
    const stats = await stack.stats();
    assert.equal(stats.jobs.created, 0);
    assert.equal(stats.calls['POST /data/core/privacy/jobs'] ?? 0, 0);
  });

  it('validates with --dry-run without a server, printing what would be submitted', () => {
    const run = cli(
      { ...stack, env: { ...stack.env, TEMPORAL_ADDRESS: '127.0.0.1:1' } },
      'submit',
      '--dry-run',
      path.join(__dirname, '..', 'fixtures', 'gdpr-access-delete.json'),
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /gdpr-access-delete\.json: valid; would submit 3 users → 4 Adobe jobs \(gdpr; Analytics, AudienceManager, profileService\)/,
    );
  });

  it('asks for --regulation and --include with a CSV file', () => {
    const run = cli(
      stack,
      'submit',
      '--dry-run',
      path.join(__dirname, '..', 'fixtures', 'ccpa-subjects.csv'),
    );
    assert.equal(run.status, 2);
    assert.match(
      run.stderr,
      /ccpa-subjects\.csv: a CSV file needs --regulation and --include on the command line/,
    );
  });
});
