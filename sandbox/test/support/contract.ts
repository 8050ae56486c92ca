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
    const api = new OpenAPIBackend({ definition, quick: false, strict: false, validate: true, ajvOpts: { strict: false, logger: false } });
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
