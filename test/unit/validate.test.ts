import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { validateCreateJobsRequest } from '../../src/privacy/validate';

const ORG = '5A1B2C3D4E5F6A7B8C9D0E1F@AdobeOrg';
const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8'));
const validate = (body: unknown) => validateCreateJobsRequest(body, { orgId: ORG, today: '2026-12-03' });
const only = (body: unknown) => {
  const result = validate(body);
  assert.equal(result.ok, false, 'expected the request to be refused');
  return result.issues;
};

describe('POST /jobs validation', () => {
  it('accepts the GDPR example request', () => {
    assert.equal(validate(fixture('gdpr-access-delete.json')).ok, true);
  });

  const cases: [string, string, string, RegExp][] = [
    ['bad-action.json', 'users[0].action[0]', 'enum', /"erase" is not allowed; use "access" or "delete"/],
    [
      'empty-identity-value.json',
      'users[2].userIDs[0].value',
      'notBlank',
      /must not be empty or only white space/,
    ],
    ['missing-include.json', 'include', 'required', /include: is required/],
    ['missing-users.json', 'users', 'required', /users: is required/],
    [
      'org-mismatch.json',
      'companyContexts[0].value',
      'orgMatch',
      /must equal the configured org id 5A1B2C3D4E5F6A7B8C9D0E1F@AdobeOrg/,
    ],
    ['ten-ids-for-one-user.json', 'users[0].userIDs', 'maxItems', /must have at most 9 entries \(got 10\)/],
    ['too-many-users.json', 'users', 'maxItems', /must have at most 1000 entries \(got 1001\)/],
    ['unknown-regulation.json', 'regulation', 'enum', /"gdpr_eu" is not a supported regulation/],
  ];
  for (const [file, field, rule, message] of cases) {
    it(`refuses invalid/${file} naming ${field} and the rule ${rule}`, () => {
      const issues = only(fixture(`invalid/${file}`));
      const issue = issues.find((i) => i.field === field);
      assert.ok(issue, `no issue for ${field}: ${JSON.stringify(issues)}`);
      assert.equal(issue.rule, rule);
      assert.match(issue.message, message);
    });
  }

  it('never repeats an identity value in a message', () => {
    const body = fixture('invalid/empty-identity-value.json');
    body.users[0].userIDs[0].type = 'bogus';
    const text = JSON.stringify(only(body));
    assert.doesNotMatch(text, /maria\.lopez@example\.com/);
  });

  it('accepts expandIds as a boolean or the strings "true" and "false", and nothing else', () => {
    const body = fixture('gdpr-access-delete.json');
    for (const value of [true, false, 'true', 'false'])
      assert.equal(validate({ ...body, expandIds: value }).ok, true);
    assert.equal(only({ ...body, expandIds: 'yes' })[0]!.field, 'expandIds');
  });

  it('accepts mergePolicyId as a number or a string', () => {
    const body = fixture('gdpr-access-delete.json');
    assert.equal(validate({ ...body, mergePolicyId: 124 }).ok, true);
    assert.equal(validate({ ...body, mergePolicyId: 'a0c1f1e4-5d7b-4c3e-9b8e-2f4d6a8c0e12' }).ok, true);
  });

  it('matches product names case-insensitively and refuses one listed twice', () => {
    const body = fixture('gdpr-access-delete.json');
    assert.equal(validate({ ...body, include: ['ANALYTICS', 'profileservice'] }).ok, true);
    const issue = only({ ...body, include: ['analytics', 'Analytics'] })[0]!;
    assert.deepEqual([issue.field, issue.rule], ['include[1]', 'unique']);
  });

  it('refuses a legacy regulation name after its cut-off, naming the new one', () => {
    const issue = only({ ...fixture('gdpr-access-delete.json'), regulation: 'ucpa_usa' })[0]!;
    assert.equal(issue.rule, 'retired');
    assert.match(issue.message, /use "ucpa_ut_usa"/);
  });

  it('refuses two users with the same key', () => {
    const body = fixture('gdpr-access-delete.json');
    body.users[1].key = body.users[0].key;
    const issue = only(body)[0]!;
    assert.deepEqual([issue.field, issue.rule], ['users[1].key', 'unique']);
  });

  it('accepts imsOrgId and imsOrg as the company context namespace', () => {
    const body = fixture('gdpr-access-delete.json');
    for (const namespace of ['imsOrgId', 'imsOrg']) {
      assert.equal(validate({ ...body, companyContexts: [{ namespace, value: ORG }] }).ok, true);
    }
  });
});
