import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { chunkRequest, parseSubjectsCsv } from '../../src/privacy/csv';

const options = { orgId: 'ORG@AdobeOrg', regulation: 'ccpa', include: ['analytics'] };

describe('the subjects CSV', () => {
  it('groups rows sharing a key into one subject', () => {
    const { request, issues } = parseSubjectsCsv(
      'key,action,namespace,value,type\na,delete,email,a@x.test,standard\na,delete,ECID,123,\nb,access+delete,email,b@x.test,\n',
      options,
    );
    assert.deepEqual(issues, []);
    assert.equal(request!.users.length, 2);
    assert.equal(request!.users[0]!.userIDs.length, 2);
    assert.equal(request!.users[0]!.userIDs[1]!.type, 'standard');
    assert.deepEqual(request!.users[1]!.action, ['access', 'delete']);
  });

  it('reads the 25-subject fixture', () => {
    const text = readFileSync(path.join(__dirname, '..', 'fixtures', 'ccpa-subjects.csv'), 'utf8');
    assert.equal(parseSubjectsCsv(text, options).request!.users.length, 25);
  });

  it('names the line and column of a bad action', () => {
    const { issues } = parseSubjectsCsv('key,action,namespace,value\na,erase,email,a@x.test\n', options);
    assert.equal(
      issues[0]!.message,
      'line 2, column action: "erase" is not allowed; use access, delete or access+delete',
    );
  });

  it('refuses a file without the header', () => {
    assert.match(
      parseSubjectsCsv('a,delete,email,a@x.test\n', options).issues[0]!.message,
      /header must be key,action,namespace,value,type/,
    );
  });

  it('reads quoted cells with commas and quotes', () => {
    const { request } = parseSubjectsCsv(
      'key,action,namespace,value\n"k,1",delete,crm,"say ""hi"""\n',
      options,
    );
    assert.equal(request!.users[0]!.key, 'k,1');
    assert.equal(request!.users[0]!.userIDs[0]!.value, 'say "hi"');
  });

  it('splits 2500 subjects into requests of 1000, 1000 and 500', () => {
    const users = Array.from({ length: 2500 }, (_, i) => ({
      key: `k${i}`,
      action: ['delete' as const],
      userIDs: [],
    }));
    const parts = chunkRequest({ companyContexts: [], users, include: [], regulation: 'ccpa' });
    assert.deepEqual(
      parts.map((p) => p.users.length),
      [1000, 1000, 500],
    );
  });
});
