import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIBackend } from 'openapi-backend';
import { parse } from 'yaml';

const cache = new Map<string, Promise<OpenAPIBackend>>();

/**
 * Vonage's published OpenAPI document (test/specs). Parsed with `yaml` because the Verify file has
 * indentation js-yaml rejects; openapi-backend (ajv) does the response validation.
 */
export function loadSpec(file: string): Promise<OpenAPIBackend> {
  let spec = cache.get(file);
  if (!spec) {
    const definition = parse(readFileSync(join(__dirname, '..', 'specs', file), 'utf8'));
    const api = new OpenAPIBackend({
      definition,
      quick: false,
      strict: false,
      validate: true,
      ajvOpts: { strict: false, logger: false },
    });
    spec = api.init();
    cache.set(file, spec);
  }
  return spec;
}

/** Asserts the response body matches the spec's schema for that operation and status. */
export async function expectContract(file: string, operationId: string, status: number, body: unknown): Promise<void> {
  const api = await loadSpec(file);
  const result = api.validateResponse(body, operationId, status);
  expect({ operationId, status, errors: result.errors ?? null }).toEqual({ operationId, status, errors: null });
}

/**
 * Asserts the body matches the schema at a JSON pointer of the (dereferenced) spec. Used where the
 * spec's own oneOf cannot pick a branch (Messages lists identical SMS/WhatsApp/... schemas) and
 * for webhook payloads (callbacks are not operations).
 */
export async function expectSchema(file: string, pointer: string, body: unknown): Promise<void> {
  const api = await loadSpec(file);
  const schema = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<any>((node, part) => node?.[part], api.document);
  expect(schema).toBeDefined();
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  validate(body);
  expect({ pointer, errors: validate.errors ?? null }).toEqual({ pointer, errors: null });
}
