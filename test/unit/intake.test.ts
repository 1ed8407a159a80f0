import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { jsonErrorWhere, readRequestFile } from '../../src/privacy/intake';

const ORG = '5A1B2C3D4E5F6A7B8C9D0E1F@AdobeOrg';
const file = (name: string, text: string) => {
  const full = path.join(mkdtempSync(path.join(tmpdir(), 'po-intake-')), name);
  writeFileSync(full, text);
  return full;
};

describe('reading request files', () => {
  it('points at the line and column of broken JSON without quoting the file', async () => {
    await assert.rejects(
      readRequestFile(file('r.json', '{\n  "users": [{"key": "maria@example.com",}]\n}'), { orgId: ORG }),
      {
        code: 'INVALID_INPUT_FILE',
        message: 'r.json is not valid JSON: unexpected "}" at line 2, column 41',
      },
    );
  });

  it('says an empty file ends early', () => {
    assert.equal(jsonErrorWhere(''), 'the text ends early at line 1, column 1');
  });

  it('finds a raw line break inside a string', () => {
    assert.equal(jsonErrorWhere('{"a": "x\ny"}'), 'unexpected "\\n" at line 1, column 9');
  });

  it('says why a file cannot be read', async () => {
    await assert.rejects(readRequestFile('/nonexistent/r.json', { orgId: ORG }), {
      message: 'cannot read /nonexistent/r.json (no such file)',
    });
  });

  it('splits a CSV of 2001 subjects into submissions of 1000, 1000 and 1', async () => {
    const rows = Array.from({ length: 2001 }, (_, i) => `k${i},delete,email,p${i}@example.test,standard`);
    const requests = await readRequestFile(
      file('s.csv', ['key,action,namespace,value,type', ...rows].join('\n')),
      {
        orgId: ORG,
        regulation: 'ccpa',
        include: ['analytics'],
      },
    );
    assert.deepEqual(
      requests.map((r) => r.users.length),
      [1000, 1000, 1],
    );
  });

  it('reports every problem of a CSV at once, by line and column or by flag', async () => {
    const csv =
      'key,action,namespace,value,type\na,delete,email,a@x.test,\nb,erase,email,b@x.test,\nc,delete,email,c@x.test,bogus\n';
    await assert.rejects(
      readRequestFile(file('s.csv', csv), { orgId: ORG, regulation: 'gdpr_eu', include: ['analytics'] }),
      (error: Error & { issues: { message: string }[] }) => {
        assert.deepEqual(
          error.issues.map((i) => i.message.split(':')[0]),
          ['line 3, column action', 'line 4, column type', '--regulation'],
        );
        return true;
      },
    );
  });

  it('validates a CSV against the same rules as JSON (a bad product is named)', async () => {
    await assert.rejects(
      readRequestFile(file('s.csv', 'key,action,namespace,value\nk1,delete,email,a@example.test\n'), {
        orgId: ORG,
        regulation: 'ccpa',
        include: ['photoshop'],
      }),
      /--include: "photoshop" is not a Privacy Service product/,
    );
  });
});
