// The emulated API described as OpenAPI 3.1, written for this emulator from its own behaviour (it is not Adobe's
// document): served at GET /__emulator/openapi.json, and the tests check the emulator's real answers against it.
// Schemas use a small subset of JSON Schema (type, required, properties, additionalProperties: false, items, enum,
// pattern, minItems, maxItems, oneOf, $ref) so a short validator can check them without a dependency.
import { LEGACY_REGULATIONS, NAMESPACE_TYPES, REGULATIONS } from '../privacy/catalogue';
import { FAULT_KINDS } from './faults';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: object) => ({ content: { 'application/json': { schema } } });
const answer = (description: string, schema?: object) => ({
  description,
  ...(schema !== undefined && jsonBody(schema)),
});

/** Errors every gateway-fronted route may answer before the service sees the call. */
const GATEWAY_ERRORS = {
  '400': answer('Missing x-gw-ims-org-id (400003), or the request broke a rule', ref('ServiceError')),
  '401': answer('Token invalid, expired or revoked (401013)', ref('GatewayError')),
  '403': answer(
    'Token missing (403010), api key missing or wrong (403000, 403003), org not the token org (403025)',
    ref('GatewayError'),
  ),
  '429': answer('Throttled (429050), with Retry-After', ref('GatewayError')),
  '500': answer('Server error', ref('GatewayError')),
  '502': answer('Bad gateway', ref('GatewayError')),
  '503': answer('Unavailable', ref('GatewayError')),
  '504': answer('Gateway timeout', ref('GatewayError')),
};

const GATEWAY_HEADERS = [
  {
    name: 'Authorization',
    in: 'header',
    required: true,
    schema: { type: 'string', pattern: '^Bearer \\S+$' },
  },
  { name: 'x-api-key', in: 'header', required: true, schema: { type: 'string' } },
  {
    name: 'x-gw-ims-org-id',
    in: 'header',
    required: true,
    schema: { type: 'string', pattern: '@AdobeOrg$' },
  },
  {
    name: 'x-sandbox-name',
    in: 'header',
    required: false,
    description: 'Accepted and ignored: jobs are org-wide.',
    schema: { type: 'string' },
  },
];

const IMS_FORM = {
  content: {
    'application/x-www-form-urlencoded': { schema: ref('ClientCredentialsForm') },
    'multipart/form-data': { schema: ref('ClientCredentialsForm') },
  },
};

const US_DATE = '^\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2} (AM|PM) GMT$';
const STATUSES = ['submitted', 'processing', 'complete', 'error'];

export const EMULATOR_OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'privacy-orchestrator emulator of Adobe IMS and Privacy Service',
    version: '1.0',
    description:
      'What the local emulator answers. Where Adobe documents a field two ways, the schema admits what the ' +
      'emulator can be configured to send (see docs/emulator.md).',
  },
  servers: [{ url: '/' }],
  paths: {
    '/ims/token/v3': {
      post: {
        summary:
          'OAuth server-to-server token (client credentials); parameters in the body or the query string',
        requestBody: IMS_FORM,
        responses: {
          '200': answer('A token; expires_in in seconds', ref('OAuthToken')),
          '400': answer('Bad request, unsupported grant or scope', ref('ImsError')),
          '401': answer('Unknown client or wrong secret', ref('ImsError')),
          '429': answer('Throttled, with Retry-After', ref('ImsError')),
          '503': answer('Unavailable, with Retry-After', ref('ImsError')),
        },
      },
    },
    '/ims/token/v2': {
      post: {
        summary: 'As v3, with an optional org_id',
        requestBody: IMS_FORM,
        responses: {
          '200': answer('A token; expires_in in seconds', ref('OAuthToken')),
          '400': answer('Bad request', ref('ImsError')),
          '401': answer('Unknown client or wrong secret', ref('ImsError')),
          '429': answer('Throttled', ref('ImsError')),
          '503': answer('Unavailable', ref('ImsError')),
        },
      },
    },
    '/ims/exchange/jwt': {
      post: {
        summary: 'Service account (JWT) exchange; also at /ims/exchange/v1/jwt and with a trailing slash',
        responses: {
          '200': answer('A token; expires_in in milliseconds', ref('JwtExchangeToken')),
          '400': answer(
            'invalid_client, invalid_token, invalid_signature, invalid_scope, bad_request',
            ref('ImsError'),
          ),
          '401': answer('Wrong secret', ref('ImsError')),
        },
      },
    },
    '/data/core/privacy/jobs': {
      get: {
        summary: 'Jobs of one regulation, newest first',
        parameters: [
          ...GATEWAY_HEADERS,
          { name: 'regulation', in: 'query', required: true, schema: { type: 'string' } },
          {
            name: 'page',
            in: 'query',
            description: 'First page 0 (option pageBase: 1)',
            schema: { type: 'integer' },
          },
          {
            name: 'size',
            in: 'query',
            description: 'Default 100, at most 1000 (options)',
            schema: { type: 'integer' },
          },
          { name: 'status', in: 'query', schema: { type: 'string', enum: STATUSES } },
          {
            name: 'fromDate',
            in: 'query',
            description: 'YYYY-MM-DD; only with toDate',
            schema: { type: 'string' },
          },
          {
            name: 'toDate',
            in: 'query',
            description: 'YYYY-MM-DD; at most 30 days after fromDate',
            schema: { type: 'string' },
          },
          {
            name: 'filterDate',
            in: 'query',
            description: 'YYYY-MM-DD, within 45 days',
            schema: { type: 'string' },
          },
        ],
        responses: { '200': answer('One page of jobs', ref('JobList')), ...GATEWAY_ERRORS },
      },
      post: {
        summary: 'Create one job per user and action',
        parameters: GATEWAY_HEADERS,
        requestBody: jsonBody(ref('CreateJobsRequest')),
        responses: {
          '202': answer('The jobs created', ref('CreateJobsResponse')),
          '400': answer('The request broke a rule, or a content type other than JSON', {
            oneOf: [ref('ServiceError'), ref('ContentTypeError')],
          }),
          ...Object.fromEntries(Object.entries(GATEWAY_ERRORS).filter(([status]) => status !== '400')),
        },
      },
    },
    '/data/core/privacy/jobs/{JOB_ID}': {
      get: {
        summary:
          'One job with its product responses; 404 for jobs of other orgs and 30 days after completion',
        parameters: [
          ...GATEWAY_HEADERS,
          { name: 'JOB_ID', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: {
          '200': answer('The job', ref('JobDetails')),
          '404': answer('No such job for this org (any more)', ref('GatewayError')),
          ...GATEWAY_ERRORS,
        },
      },
    },
    '/data/core/privacy/jobs/{JOB_ID}/content': {
      get: {
        summary: 'The access results of a completed access job, as a ZIP with a folder per product',
        parameters: [
          ...GATEWAY_HEADERS,
          { name: 'JOB_ID', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'The archive',
            content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
          },
          '400': answer('Not an access job, or not complete', ref('GatewayError')),
          '404': answer(
            'No such job, or its results expired (60 days after completion)',
            ref('GatewayError'),
          ),
          ...Object.fromEntries(Object.entries(GATEWAY_ERRORS).filter(([status]) => status !== '400')),
        },
      },
    },
    '/data/core/privacy/consent': {
      post: {
        summary: 'Opt-out of sale; answers 202 with no body',
        parameters: GATEWAY_HEADERS,
        requestBody: jsonBody(ref('ConsentRequest')),
        responses: {
          '202': { description: 'Accepted; no body' },
          '400': answer('The request broke a rule', {
            oneOf: [ref('ServiceError'), ref('ContentTypeError')],
          }),
          ...Object.fromEntries(Object.entries(GATEWAY_ERRORS).filter(([status]) => status !== '400')),
        },
      },
    },
    '/__emulator/webhooks': {
      get: {
        summary: 'Registered webhooks and delivery counters',
        responses: { '200': answer('Webhooks', ref('WebhookList')) },
      },
      post: {
        summary: 'Register a webhook; it must echo the challenge query parameter of a GET first',
        requestBody: jsonBody({ type: 'object', required: ['url'], properties: { url: { type: 'string' } } }),
        responses: {
          '201': answer('Registered', ref('Webhook')),
          '400': answer('Not a URL, or the challenge was not echoed', ref('GatewayError')),
        },
      },
      delete: { summary: 'Forget every webhook', responses: { '204': { description: 'Done' } } },
    },
    '/__emulator/faults': {
      get: { summary: 'Active faults', responses: { '200': answer('Faults', ref('FaultList')) } },
      post: {
        summary: 'Install a fault',
        requestBody: jsonBody(ref('FaultSpec')),
        responses: {
          '201': answer('Installed', ref('Fault')),
          '400': answer('Invalid', ref('GatewayError')),
        },
      },
      delete: { summary: 'Remove every fault', responses: { '204': { description: 'Done' } } },
    },
    '/__emulator/faults/{id}': {
      patch: {
        summary: 'Switch a fault on or off',
        requestBody: jsonBody({
          type: 'object',
          required: ['enabled'],
          properties: { enabled: { type: 'boolean' } },
        }),
        responses: {
          '200': answer('The fault', ref('Fault')),
          '404': answer('No such fault', ref('GatewayError')),
        },
      },
      delete: {
        summary: 'Remove one fault',
        responses: { '204': { description: 'Done' }, '404': answer('No such fault', ref('GatewayError')) },
      },
    },
    '/__emulator/clock': {
      get: { summary: 'The emulator clock', responses: { '200': answer('Now', ref('Clock')) } },
      post: {
        summary: 'Move the clock: {advanceSeconds} or {set: ISO date-time}',
        responses: { '200': answer('Now', ref('Clock')), '400': answer('Invalid', ref('GatewayError')) },
      },
    },
  },
  webhooks: {
    privacyEvent: {
      post: {
        summary: 'A product or a job finished (Adobe I/O Events style)',
        requestBody: jsonBody(ref('PrivacyEvent')),
        responses: { '200': { description: 'Any 2xx counts as delivered; anything else is retried' } },
      },
    },
  },
  components: {
    schemas: {
      GatewayError: {
        type: 'object',
        required: ['error_code', 'message'],
        properties: { error_code: { type: 'string', pattern: '^\\d{3,6}$' }, message: { type: 'string' } },
        additionalProperties: false,
      },
      ServiceError: {
        type: 'object',
        required: ['error_code', 'message'],
        properties: {
          error_code: { type: 'string', pattern: '^\\d{3,6}$' },
          message: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['field', 'rule', 'message'],
              properties: {
                field: { type: 'string' },
                rule: { type: 'string' },
                message: { type: 'string' },
              },
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
      ContentTypeError: {
        type: 'object',
        required: ['type', 'status', 'title', 'detail'],
        properties: {
          type: { type: 'string' },
          status: { type: 'integer', enum: [400] },
          title: { type: 'string' },
          detail: { type: 'string' },
        },
        additionalProperties: false,
      },
      ImsError: {
        type: 'object',
        required: ['error', 'error_description'],
        properties: { error: { type: 'string' }, error_description: { type: 'string' } },
        additionalProperties: false,
      },
      ClientCredentialsForm: {
        type: 'object',
        required: ['grant_type', 'client_id', 'client_secret'],
        properties: {
          grant_type: { type: 'string', enum: ['client_credentials'] },
          client_id: { type: 'string' },
          client_secret: { type: 'string' },
          scope: { type: 'string', description: 'Comma-separated' },
          org_id: { type: 'string', description: 'v2 only' },
        },
      },
      OAuthToken: {
        type: 'object',
        required: ['access_token', 'token_type', 'expires_in'],
        properties: {
          access_token: { type: 'string', pattern: '^[\\w-]+\\.[\\w-]+\\.[\\w-]+$' },
          token_type: { type: 'string', enum: ['bearer'] },
          expires_in: { type: 'integer', description: 'Seconds' },
        },
        additionalProperties: false,
      },
      JwtExchangeToken: {
        type: 'object',
        required: ['access_token', 'token_type', 'expires_in'],
        properties: {
          token_type: { type: 'string', enum: ['bearer'] },
          access_token: { type: 'string', pattern: '^[\\w-]+\\.[\\w-]+\\.[\\w-]+$' },
          expires_in: { type: 'integer', description: 'Milliseconds' },
        },
        additionalProperties: false,
      },
      UserId: {
        type: 'object',
        required: ['value', 'type'],
        properties: {
          namespace: { type: 'string' },
          value: { type: 'string' },
          type: { type: 'string', description: `Case-insensitive: ${NAMESPACE_TYPES.join(', ')}` },
          namespaceId: { type: 'integer' },
          isDeletedClientSide: { type: 'boolean' },
        },
      },
      EchoedUserId: {
        type: 'object',
        required: ['value', 'type', 'isDeletedClientSide'],
        properties: {
          namespace: { type: 'string', description: 'Absent when the id was sent by namespaceId only' },
          value: { type: 'string' },
          type: { type: 'string' },
          namespaceId: { type: 'integer', description: 'Added for standard namespaces' },
          isDeletedClientSide: { type: 'boolean' },
        },
        additionalProperties: false,
      },
      CreateJobsRequest: {
        type: 'object',
        required: ['companyContexts', 'users', 'include', 'regulation'],
        properties: {
          companyContexts: {
            type: 'array',
            minItems: 1,
            description:
              'One entry must be namespace imsOrgID (any case; imsOrg too) with the x-gw-ims-org-id value',
            items: {
              type: 'object',
              required: ['namespace', 'value'],
              properties: { namespace: { type: 'string' }, value: { type: 'string' } },
            },
          },
          users: {
            type: 'array',
            minItems: 1,
            maxItems: 1000,
            items: {
              type: 'object',
              required: ['key', 'action', 'userIDs'],
              properties: {
                key: { type: 'string' },
                action: {
                  type: 'array',
                  minItems: 1,
                  maxItems: 2,
                  items: { type: 'string', enum: ['access', 'delete'] },
                },
                userIDs: { type: 'array', minItems: 1, maxItems: 9, items: ref('UserId') },
              },
            },
          },
          include: {
            type: 'array',
            minItems: 1,
            items: { type: 'string' },
            description: 'Product codes, case-insensitive',
          },
          regulation: {
            type: 'string',
            description:
              `One of ${REGULATIONS.join(', ')}; the retired ${Object.keys(LEGACY_REGULATIONS).join(', ')} ` +
              'until the cut-off day (option legacyRegulationCutoff) or always (acceptLegacyRegulations)',
          },
          expandIds: { oneOf: [{ type: 'boolean' }, { type: 'string', enum: ['true', 'false'] }] },
          priority: { type: 'string', enum: ['normal', 'low'] },
          analyticsDeleteMethod: { type: 'string', enum: ['anonymize', 'purge'] },
          mergePolicyId: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
          region: { type: 'string' },
        },
      },
      CreatedJob: {
        type: 'object',
        required: ['jobId', 'customer'],
        properties: {
          jobId: { type: 'string' },
          customer: {
            type: 'object',
            required: ['user'],
            properties: {
              user: {
                type: 'object',
                required: ['key', 'action', 'userIDs'],
                properties: {
                  key: { type: 'string' },
                  action: {
                    type: 'array',
                    minItems: 1,
                    maxItems: 1,
                    items: { type: 'string', enum: ['access', 'delete'] },
                  },
                  userIDs: { type: 'array', items: ref('EchoedUserId') },
                },
                additionalProperties: false,
              },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
      CreateJobsResponse: {
        type: 'object',
        required: ['requestId', 'totalRecords'],
        description:
          'jobs, jobDetails or both, per the option createResponseArrays; requestStatus only with both',
        properties: {
          requestId: { type: 'string', pattern: '^\\d{17}RX-\\d{3}$' },
          totalRecords: { type: 'integer' },
          jobs: { type: 'array', items: ref('CreatedJob') },
          jobDetails: { type: 'array', items: ref('CreatedJob') },
          requestStatus: { type: 'integer', enum: [1] },
        },
        additionalProperties: false,
      },
      JobSummary: {
        type: 'object',
        required: [
          'jobId',
          'requestId',
          'userKey',
          'action',
          'status',
          'submittedBy',
          'createdDate',
          'lastModifiedDate',
        ],
        properties: {
          jobId: { type: 'string' },
          requestId: { type: 'string', pattern: '^\\d{17}RX-\\d{3}$' },
          userKey: { type: 'string' },
          action: { type: 'string', enum: ['access', 'delete'] },
          status: { type: 'string', enum: STATUSES },
          submittedBy: { type: 'string' },
          createdDate: { type: 'string', pattern: US_DATE },
          lastModifiedDate: { type: 'string', pattern: US_DATE },
        },
        additionalProperties: false,
      },
      ProductResponse: {
        type: 'object',
        required: ['product', 'retryCount', 'processedDate', 'productStatusResponse'],
        properties: {
          product: { type: 'string' },
          retryCount: { type: 'integer' },
          processedDate: { type: 'string', pattern: US_DATE },
          productStatusResponse: {
            type: 'object',
            required: ['status', 'message'],
            properties: {
              status: { type: 'string', enum: STATUSES },
              message: { type: 'string' },
              responseMsgCode: { type: 'string', pattern: '^PRVCY-\\d{4}-\\d{3}$' },
              responseMsgDetail: { type: 'string' },
              results: {
                type: 'object',
                properties: {
                  processed: { type: 'array', items: { type: 'string' } },
                  ignored: { type: 'array', items: { type: 'string' } },
                },
              },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
      JobDetails: {
        type: 'object',
        description: 'No childJobs: the emulator never makes child jobs',
        required: [
          'jobId',
          'requestId',
          'userKey',
          'action',
          'status',
          'submittedBy',
          'createdDate',
          'lastModifiedDate',
          'qualifiedCount',
          'userIds',
          'productResponses',
          'regulation',
        ],
        properties: {
          jobId: { type: 'string' },
          requestId: { type: 'string', pattern: '^\\d{17}RX-\\d{3}$' },
          userKey: { type: 'string' },
          action: { type: 'string', enum: ['access', 'delete'] },
          status: { type: 'string', enum: STATUSES },
          submittedBy: { type: 'string' },
          createdDate: { type: 'string', pattern: US_DATE },
          lastModifiedDate: { type: 'string', pattern: US_DATE },
          qualifiedCount: { type: 'integer' },
          userIds: { type: 'array', items: ref('EchoedUserId') },
          productResponses: { type: 'array', minItems: 1, items: ref('ProductResponse') },
          downloadUrl: { type: 'string', pattern: '/data/core/privacy/jobs/[^/]+/content$' },
          downloadURL: { type: 'string', pattern: '/data/core/privacy/jobs/[^/]+/content$' },
          regulation: { type: 'string' },
        },
        additionalProperties: false,
      },
      JobList: {
        type: 'object',
        required: ['totalRecords', 'jobDetails'],
        properties: {
          totalRecords: { type: 'integer', description: 'Jobs in this answer, not the grand total' },
          jobDetails: { type: 'array', items: ref('JobSummary') },
        },
        additionalProperties: false,
      },
      ConsentRequest: {
        type: 'object',
        required: ['optOutOfSale', 'entities'],
        properties: {
          optOutOfSale: { type: 'boolean' },
          entities: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['nameSpace', 'values'],
              properties: {
                nameSpace: { type: 'string', description: 'A standard namespace, capital S' },
                values: { type: 'array', minItems: 1, items: { type: 'string' } },
              },
            },
          },
          requestId: { type: 'string' },
          transactionId: { type: 'string' },
          orgId: { type: 'string' },
        },
      },
      PrivacyEvent: {
        type: 'object',
        required: ['id', 'event_id', 'specversion', 'type', 'source', 'time', 'data', 'recipient_client_id'],
        properties: {
          id: { type: 'string' },
          event_id: { type: 'string' },
          recipient_client_id: {
            type: 'string',
            description: 'The client id the event is for; part of what the signature covers.',
          },
          specversion: { type: 'string', enum: ['0.2'] },
          type: {
            type: 'string',
            enum: [
              'com.adobe.platform.gdpr.productcomplete',
              'com.adobe.platform.gdpr.producterror',
              'com.adobe.platform.gdpr.jobcomplete',
              'com.adobe.platform.gdpr.joberror',
            ],
          },
          source: { type: 'string', enum: ['https://ns.adobe.com/platform/gdpr'] },
          time: {
            type: 'string',
            pattern: '^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} GMT \\d{4}$',
          },
          data: {
            type: 'object',
            required: ['imsOrg', 'value'],
            properties: {
              imsOrg: { type: 'string' },
              value: {
                type: 'object',
                required: ['jobId', 'message'],
                properties: {
                  jobId: { type: 'string' },
                  message: {
                    type: 'string',
                    description: '<product code>.<action>.complete|error, or job.<action>.complete|error',
                    pattern: '^[a-z]+\\.(access|delete)\\.(complete|error)$',
                  },
                },
                additionalProperties: false,
              },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
      Webhook: {
        type: 'object',
        required: ['id', 'url', 'registeredAt'],
        properties: { id: { type: 'string' }, url: { type: 'string' }, registeredAt: { type: 'string' } },
        additionalProperties: false,
      },
      WebhookList: {
        type: 'object',
        required: ['webhooks', 'delivered', 'failedAttempts', 'abandoned'],
        properties: {
          webhooks: { type: 'array', items: ref('Webhook') },
          delivered: { type: 'integer' },
          failedAttempts: { type: 'integer' },
          abandoned: { type: 'integer' },
        },
        additionalProperties: false,
      },
      FaultSpec: {
        type: 'object',
        required: ['kind'],
        properties: {
          kind: { type: 'string', enum: [...FAULT_KINDS] },
          route: { type: 'string', description: '"*" or "<METHOD> <path template>"' },
          status: { type: 'integer', enum: [429, 500, 502, 503, 504] },
          ms: { type: 'integer' },
          count: { type: 'integer' },
          share: { type: 'number' },
          retryAfterSeconds: { type: 'integer' },
          enabled: { type: 'boolean' },
        },
      },
      Fault: {
        type: 'object',
        required: ['id', 'kind', 'enabled', 'hits'],
        properties: {
          id: { type: 'integer' },
          kind: { type: 'string', enum: [...FAULT_KINDS] },
          enabled: { type: 'boolean' },
          hits: { type: 'integer' },
          remaining: { type: 'integer' },
        },
      },
      FaultList: {
        type: 'object',
        required: ['faults'],
        properties: { faults: { type: 'array', items: ref('Fault') } },
        additionalProperties: false,
      },
      Clock: {
        type: 'object',
        required: ['now', 'offsetMs'],
        properties: { now: { type: 'string' }, offsetMs: { type: 'integer' } },
        additionalProperties: false,
      },
    },
  },
} as const;
