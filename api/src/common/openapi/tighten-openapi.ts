import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem.js';
import { applyRules, type Rule, rulesByClass } from './validation-constraints.js';

/**
 * Makes the generated contract say what the API does, for every route (present and future) at
 * once, rather than on each controller: schemathesis checks the API against this document and
 * integrators generate clients from it.
 *  - path parameters named `id`/`…Id` are MongoDB ObjectIds (ParseObjectIdPipe): 24 hex digits;
 *  - request bodies take no unknown properties (forbidNonWhitelisted) and may be left out when
 *    no field is required;
 *  - the answers every route can give are listed as problem+json: 400 for any input, 401 for
 *    signed-in routes, 413/415 for bodies, 429 (the global throttler), with `Retry-After`;
 *  - every answer carries `X-Request-Id` and the RateLimit-* header fields;
 *  - tags are declared, every operation has a description, the document names its servers.
 */
const TAG_DESCRIPTIONS: Record<string, string> = {
  health: 'Liveness and readiness probes',
  auth: 'Sign-in, registration, phone verification and the signed-in profile',
  users: 'Staff and customer accounts (admin)',
  webhooks: 'Vonage callbacks (signed with the signature secret)',
  notifications: 'Order notifications sent through Vonage Messages',
  'live events': 'Live staff events (Server-Sent Events) and their tickets',
  menu: 'The menu',
  orders: 'Orders and their status',
  support: 'Support calls (Vonage Video or Meetings) and the support queue',
};

const ID_SCHEMA = {
  type: 'string',
  pattern: '^[0-9a-fA-F]{24}$',
  minLength: 24,
  maxLength: 24,
  example: '6650f0c2a1b2c3d4e5f60718',
};
const PROBLEM_REF = { $ref: '#/components/schemas/ProblemDetails' };
const REQUEST_ID_REF = { $ref: '#/components/headers/RequestId' };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

type Json = Record<string, any>;

const STANDARD: Record<string, { description: string; retryAfter?: boolean }> = {
  '400': { description: 'Invalid request: the fields at fault are listed in `errors`' },
  '401': { description: 'Not signed in, or the credentials are wrong' },
  '413': { description: 'The request body is larger than the API accepts' },
  '415': { description: 'The request body is not JSON' },
  '429': { description: 'Too many requests: retry after `Retry-After` seconds', retryAfter: true },
};

export function tightenOpenApi(document: OpenAPIObject): OpenAPIObject {
  const doc = document as Json;
  doc.servers = [
    { url: 'http://localhost:3000', description: 'Local development (`npm start`); paths include the `/api` prefix' },
  ];
  doc.info.contact ??= { name: 'TableTalk', url: 'https://tabletalk.dev' };
  const components = (doc.components ??= {});
  components.headers = {
    ...components.headers,
    RequestId: {
      description: 'Correlates the answer with the API logs (echoes a valid incoming X-Request-Id)',
      schema: { type: 'string' },
    },
    RetryAfter: { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } },
    // On every answer (draft-ietf-httpapi-ratelimit-headers): from the route's own limit where the
    // throttler counts the route, else from the per-client general budget (common/rate-limit/request-budget.ts).
    RateLimitLimit: {
      description:
        "Requests allowed per window: the route's own limit (THROTTLE_LIMIT, or AUTH_THROTTLE_LIMIT / RESEND_THROTTLE_LIMIT where stricter), " +
        'or on answers no route limit counted (unknown paths, wrong methods, requests refused before their route, health checks, Vonage webhooks) ' +
        "the client's general budget (THROTTLE_LIMIT per THROTTLE_TTL_MS), which only refused requests spend",
      schema: { type: 'integer', minimum: 0 },
    },
    RateLimitRemaining: {
      description: 'Requests left in the current window (0: the next one is refused with 429 until RateLimit-Reset)',
      schema: { type: 'integer', minimum: 0 },
    },
    RateLimitReset: {
      description:
        "Seconds until the budget recovers: the end of the route limit's current window, or (general budget, a sliding window) until the oldest counted request leaves it; 0 when nothing is counted",
      schema: { type: 'integer', minimum: 0 },
    },
  };
  components.responses ??= {};
  for (const [status, { description, retryAfter }] of Object.entries(STANDARD)) {
    components.responses[`Problem${status}`] = {
      description,
      headers: {
        ['X-Request-Id']: REQUEST_ID_REF,
        ...(retryAfter ? { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } : {}),
      },
      content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_REF } },
    };
  }
  for (const response of Object.values<Json>(components.responses)) addRequestId(response);

  const rules = rulesByClass();
  const usedTags = new Set<string>();
  const usedResponses = new Set<string>();
  const requestSchemas = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const method of METHODS) {
      const operation = (item as Json)[method] as Json | undefined;
      if (!operation) continue;
      for (const tag of operation.tags ?? []) usedTags.add(tag);
      operation.description ??= operation.summary ?? `${method.toUpperCase()} ${path}`;
      const parameters = (operation.parameters ?? []) as Json[];
      for (const parameter of parameters) {
        if (parameter.in === 'path' && /^(id|.*Id)$/.test(parameter.name)) parameter.schema = { ...ID_SCHEMA };
        parameter.description ??= parameter.schema?.description ?? `The ${parameter.name}`;
        // @nestjs/swagger types an enum of 'true'/'false' as boolean: the query takes those strings.
        if (parameter.schema?.type === 'boolean' && parameter.schema.enum?.every((v: unknown) => typeof v === 'string'))
          parameter.schema.type = 'string';
        // `?status=a,b` filters: the example must be an array like the schema (Spectral, clients).
        const schema = parameter.schema as Json | undefined;
        if (schema?.type === 'array' && schema.example !== undefined && !Array.isArray(schema.example)) {
          schema.example = typeof schema.example === 'string' ? schema.example.split(',') : [schema.example];
        }
      }
      applyQueryRules(parameters, rules);
      const responses = (operation.responses ??= {}) as Json;
      const body = operation.requestBody as Json | undefined;
      if (body) {
        const schema = body.content?.['application/json']?.schema as Json | undefined;
        const name = schema?.$ref?.split('/').pop();
        if (name) {
          collectSchemas(doc, name, requestSchemas);
          if (!(components.schemas?.[name]?.required ?? []).length) body.required = false;
        }
      }
      const standard: string[] = ['429'];
      if (parameters.length || body) standard.push('400');
      if (operation.security?.length) standard.push('401');
      if (body) standard.push('413', '415');
      for (const status of standard) {
        const own = responses[status] as Json | undefined;
        if (!own) responses[status] = { $ref: `#/components/responses/Problem${status}` };
        else if (status === '429' && !own.$ref)
          own.headers = { ...own.headers, 'Retry-After': { $ref: '#/components/headers/RetryAfter' } };
      }
      for (const [status, response] of Object.entries(responses) as [string, Json][]) {
        if (response.$ref) {
          usedResponses.add(response.$ref.split('/').pop());
          continue;
        }
        response.description ||= status.startsWith('2') ? 'Success' : 'Error';
        addRequestId(response);
      }
    }
  }
  for (const name of requestSchemas) {
    const schema = components.schemas?.[name] as Json | undefined;
    if (schema?.type === 'object' || schema?.properties) schema.additionalProperties = false;
    // A class without rules of its own (`class X extends PartialType(Y)`) is found by its properties.
    const classRules = rules.get(name) ?? findByProperties(rules, Object.keys(schema?.properties ?? {}));
    for (const [property, propertySchema] of Object.entries((schema?.properties ?? {}) as Json)) {
      const own = classRules?.get(property);
      if (own) applyRules(propertySchema, own);
    }
  }
  for (const status of Object.keys(STANDARD)) {
    if (!usedResponses.has(`Problem${status}`)) delete components.responses[`Problem${status}`];
  }
  doc.tags = [...usedTags]
    .sort()
    .map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? `${name} operations` }));
  return document;
}

/**
 * Query parameters come from a query DTO (expanded by @nestjs/swagger, which drops the class):
 * the DTO is the validated class that has every one of the operation's query parameters.
 */
function findByProperties(rules: ReturnType<typeof rulesByClass>, names: string[]): Map<string, Rule[]> | undefined {
  if (!names.length) return undefined;
  return [...rules.values()]
    .filter((byProperty) => names.every((name) => byProperty.has(name)))
    .sort((a, b) => a.size - b.size)[0];
}

function applyQueryRules(parameters: Json[], rules: ReturnType<typeof rulesByClass>): void {
  const query = parameters.filter((parameter) => parameter.in === 'query');
  if (!query.length) return;
  const dto = findByProperties(
    rules,
    query.map((parameter) => parameter.name),
  );
  if (!dto) return;
  for (const parameter of query) applyRules((parameter.schema ??= {}), dto.get(parameter.name)!);
}

function addRequestId(response: Json): void {
  if (response.$ref) return;
  response.headers = {
    ...response.headers,
    ['X-Request-Id']: REQUEST_ID_REF,
    'RateLimit-Limit': { $ref: '#/components/headers/RateLimitLimit' },
    'RateLimit-Remaining': { $ref: '#/components/headers/RateLimitRemaining' },
    'RateLimit-Reset': { $ref: '#/components/headers/RateLimitReset' },
  };
}

/** A request body's schema and every schema it refers to (nested DTOs are request schemas too). */
function collectSchemas(doc: Json, name: string, into: Set<string>): void {
  if (into.has(name)) return;
  into.add(name);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/'))
          collectSchemas(doc, value.split('/').pop()!, into);
        else visit(value);
      }
    }
  };
  visit(doc.components?.schemas?.[name]);
}
