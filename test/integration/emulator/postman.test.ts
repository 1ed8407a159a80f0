// Adobe's own Postman collection for Privacy Service, run against the emulator: every request must get the answer
// Adobe documents for it. The token comes from the OAuth request of Adobe's IMS collection, sent to the emulator,
// as a Postman user would get one. The collections are read from the shared reference folder next to the clone
// (never copied into the project); without it the tests skip and say so.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkAnswer } from '../../unit/emulator/schema';
import { startTestEmulator, type HttpResult, type TestEmulator } from '../../unit/emulator/support';

const REFERENCE = path.resolve(__dirname, '../../../../shared/reference/adobe');
const PRIVACY_COLLECTION = path.join(
  REFERENCE,
  'postman-samples.Privacy_Service_API.postman_collection.json',
);
const IMS_COLLECTION = path.join(
  REFERENCE,
  'postman-samples.Identity_Management_Service.postman_collection.json',
);
const ENVIRONMENT = path.join(REFERENCE, 'postman-samples.Environment_Template.postman_environment.json');
const missing = [PRIVACY_COLLECTION, IMS_COLLECTION, ENVIRONMENT].filter((file) => !existsSync(file));
const SKIP =
  missing.length > 0
    ? `Adobe's Postman files are not at ${REFERENCE} (expected the shared/ folder beside the clone): ${missing
        .map((file) => path.basename(file))
        .join(', ')}`
    : false;

interface KeyValue {
  key: string;
  value: string;
}
interface PostmanRequest {
  method: string;
  header?: KeyValue[];
  url: { raw: string; query?: KeyValue[]; variable?: { id: string; value: string }[] };
  body?: { mode: string; raw?: string };
}
interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  request?: PostmanRequest;
}

function requests(file: string): { name: string; request: PostmanRequest }[] {
  const walk = (items: PostmanItem[]): { name: string; request: PostmanRequest }[] =>
    items.flatMap((item) =>
      item.item ? walk(item.item) : item.request ? [{ name: item.name, request: item.request }] : [],
    );
  return walk((JSON.parse(readFileSync(file, 'utf8')) as { item: PostmanItem[] }).item);
}

const VARIABLE = /\{\{([^}]+)\}\}/g;
const substitute = (text: string, vars: Record<string, string>) =>
  text.replace(VARIABLE, (whole, name: string) => vars[name] ?? whole);
/** The collection's own pre-request script drops headers and query parameters whose variable is empty. */
const unset = (value: string, vars: Record<string, string>) => {
  const only = /^\{\{([^}]+)\}\}$/.exec(value);
  return only !== null && !vars[only[1]!];
};

/** Sends one Postman request to the emulator, as Postman would after its pre-request script. */
async function send(
  emulator: TestEmulator,
  request: PostmanRequest,
  vars: Record<string, string>,
): Promise<HttpResult> {
  const raw = request.url.raw.split('?')[0]!;
  let target = substitute(raw, vars).replace(/^https:\/\/[^/]+/, '');
  for (const variable of request.url.variable ?? []) {
    target = target.replace(`:${variable.id}`, encodeURIComponent(substitute(variable.value, vars)));
  }
  const query = new URLSearchParams();
  for (const { key, value } of request.url.query ?? []) {
    if (!unset(value, vars)) query.append(key, substitute(value, vars));
  }
  const headers: Record<string, string> = {};
  for (const { key, value } of request.header ?? []) {
    if (!unset(value, vars)) headers[key] = substitute(value, vars);
  }
  const body =
    request.body?.mode === 'raw' && request.body.raw ? substitute(request.body.raw, vars) : undefined;
  const search = query.size > 0 ? `?${query.toString()}` : '';
  return emulator.http(request.method, `${target}${search}`, { body, headers });
}

void describe("Adobe's Postman collections against the emulator", { skip: SKIP }, () => {
  let emulator: TestEmulator;
  const vars: Record<string, string> = {};
  before(async () => {
    emulator = await startTestEmulator();
    // The environment template names the variables; the emulator's identity fills them.
    const environment = JSON.parse(readFileSync(ENVIRONMENT, 'utf8')) as { values: KeyValue[] };
    for (const { key, value } of environment.values) vars[key] = value;
    Object.assign(vars, {
      IMS: new URL(emulator.url).host,
      API_KEY: emulator.options.clientId,
      CLIENT_SECRET: emulator.options.clientSecret,
      IMS_ORG: emulator.options.orgId,
      TECHNICAL_ACCOUNT_ID: emulator.options.technicalAccountId,
      SANDBOX_NAME: 'prod',
      regulation: 'gdpr',
    });
  });
  after(() => emulator?.close());

  void test("the OAuth request of Adobe's IMS collection mints an ACCESS_TOKEN", async () => {
    const oauth = requests(IMS_COLLECTION).find(({ request }) => request.url.raw.includes('/ims/token/'));
    assert.ok(oauth, 'the IMS collection has an OAuth token request');
    const result = await send(emulator, oauth.request, vars);
    assert.equal(result.status, 200, result.raw.toString());
    // As the request's test script does: keep the token for the calls that follow.
    vars.ACCESS_TOKEN = (result.body as { access_token: string }).access_token;
    assert.ok(vars.ACCESS_TOKEN);
  });

  void test('every Privacy Service request answers the status Adobe documents for it', async () => {
    assert.ok(vars.ACCESS_TOKEN, 'the token test ran first');
    // Bodies are a bare {{body}} variable in the collection: Adobe leaves them to the user. These follow Adobe's
    // documented request formats (reference §4.1, §14).
    const bodies: Record<string, unknown> = {
      'POST /data/core/privacy/jobs': {
        companyContexts: [{ namespace: 'imsOrgID', value: vars.IMS_ORG }],
        users: [
          {
            key: 'postman-user',
            action: ['access', 'delete'],
            userIDs: [{ namespace: 'email', value: 'postman.user@example.test', type: 'standard' }],
          },
        ],
        include: ['Analytics', 'profileService'],
        expandIds: false,
        priority: 'normal',
        regulation: 'gdpr',
      },
      'POST /data/core/privacy/consent': {
        optOutOfSale: true,
        entities: [{ nameSpace: 'email', values: ['postman.user@example.test'] }],
      },
    };
    const expected: Record<string, number> = {
      'POST /data/core/privacy/jobs': 202,
      'GET /data/core/privacy/jobs': 200,
      'GET /data/core/privacy/jobs/{JOB_ID}': 200,
      'POST /data/core/privacy/consent': 202,
    };
    const all = requests(PRIVACY_COLLECTION);
    assert.ok(all.length >= 4, `the collection has its four requests, found ${all.length}`);
    // A request that needs a job id runs after the one that creates jobs, whatever the collection order.
    const ordered = [...all].sort(
      (a, b) => Number(a.request.url.raw.includes(':JOB_ID')) - Number(b.request.url.raw.includes(':JOB_ID')),
    );
    for (const { name, request } of ordered) {
      const template = new URL(
        request.url.raw.split('?')[0]!.replace('{{IMS}}', 'ims.invalid'),
      ).pathname.replace(/:(\w+)/g, '{$1}');
      const route = `${request.method} ${template}`;
      const body = bodies[route];
      vars.body = body === undefined ? '' : JSON.stringify(body);
      const result = await send(emulator, request, vars);
      assert.equal(result.status, expected[route] ?? 200, `${name} (${route}): ${result.raw.toString()}`);
      assert.deepEqual(checkAnswer(request.method, template, result.status, result.body), [], name);
      if (route === 'POST /data/core/privacy/jobs') {
        vars.JOB_ID = (result.body as { jobs: { jobId: string }[] }).jobs[0]!.jobId;
      }
    }
    assert.ok(vars.JOB_ID, 'a job was created');
  });

  // Not run: the 2020 collection's POST /jobs/:JOB_ID/child-job (no longer documented, not emulated), and
  // privacy-service.static.json, whose bodies are "<string>" placeholders Adobe itself would refuse.
});
