import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from '../errors/problem.js';

type Schema = Record<string, any>;

const PROBLEM_SLUGS: Record<number, [string, string]> = {
  400: ['validation-error', 'Validation failed'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Payload too large'],
  422: ['unprocessable-content', 'Unprocessable content'],
  429: ['too-many-requests', 'Too many requests'],
  502: ['bad-gateway', 'Bad gateway'],
  503: ['database-unavailable', 'Service unavailable'],
  504: ['gateway-timeout', 'Gateway timeout'],
};

/**
 * Gives every operation's request body and every answer a concrete example (Swagger UI shows
 * it under "Example Value" and integrators can copy it), built from the DTOs' property examples;
 * problem answers get a problem+json example for their status. Examples written by hand win.
 */
export function addOperationExamples(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, any>)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      for (const media of Object.values((operation.requestBody?.content ?? {}) as Record<string, Schema>)) {
        if (media.example === undefined && media.examples === undefined && media.schema)
          media.example = exampleOf(media.schema, schemas, 0);
      }
      for (const [status, response] of Object.entries(operation.responses as Record<string, Schema>)) {
        for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Schema>)) {
          if (media.example !== undefined || media.examples !== undefined) continue;
          if (type === PROBLEM_CONTENT_TYPE) media.example = problemExample(Number(status), response.description, path);
          else if (media.schema) media.example = exampleOf(media.schema, schemas, 0);
        }
      }
      void method;
    }
  }
  return document;
}

function problemExample(status: number, description: string | undefined, path: string) {
  const [slug, title] = PROBLEM_SLUGS[status] ?? ['error', 'Error'];
  return {
    type: PROBLEM_TYPE_BASE + slug,
    title,
    status,
    detail: description ?? title,
    instance: path.replace(/\{[^}]+\}/g, '6650f0c2a1b2c3d4e5f60718'),
    requestId: '0f8e7c1a-3b2d-4e5f-9a8b-7c6d5e4f3a2b',
    ...(status === 400 ? { errors: [{ field: 'items.0.quantity', message: 'quantity must not be less than 1' }] } : {}),
  };
}

function exampleOf(schema: Schema, schemas: Record<string, Schema>, depth: number): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.$ref) {
    const target = schemas[String(schema.$ref).split('/').pop() as string];
    return target && depth < 12 ? exampleOf(target, schemas, depth + 1) : {};
  }
  if (schema.allOf)
    return Object.assign({}, ...schema.allOf.map((part: Schema) => exampleOf(part, schemas, depth + 1)));
  if (schema.oneOf || schema.anyOf) return exampleOf((schema.oneOf ?? schema.anyOf)[0], schemas, depth + 1);
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.type === 'array') return schema.items ? [exampleOf(schema.items, schemas, depth + 1)] : [];
  if (schema.type === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
      out[name] = depth < 12 ? exampleOf(property, schemas, depth + 1) : null;
    }
    return out;
  }
  if (schema.nullable) return null;
  switch (schema.type) {
    case 'string':
      return schema.format === 'date-time'
        ? '2026-11-30T12:00:00.000Z'
        : schema.format === 'email'
          ? 'ada@example.com'
          : 'string';
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}
