import type { FastifyInstance } from 'fastify';
import { requireAuth } from '../auth/hook.js';
import type { SandboxConfig } from '../config.js';
import { useProblemErrors } from '../problem.js';
import { conversationError } from './store.js';

/**
 * Shared setup of the Users and Conversation API scopes: JWT auth (client tokens are held to their
 * ACL), errors as `application/json` with a Vonage error `code`, and schema failures as
 * 400 http:error:validation-fail.
 */
export function conversationApiScope(app: FastifyInstance, config: SandboxConfig) {
  useProblemErrors(app, 'application/json', undefined, (invalid) => {
    const error = conversationError(400, 'http:error:validation-fail', 'Bad Request', 'Input validation failure.');
    error.problem.invalid_parameters = invalid;
    return error;
  });
  app.addHook('onRequest', requireAuth(config, ['jwt']));
}

export const pageQuerySchema = {
  type: 'object',
  properties: {
    page_size: { type: 'integer', minimum: 1, maximum: 100 },
    order: { type: 'string', enum: ['asc', 'desc', 'ASC', 'DESC'] },
    cursor: { type: 'string' },
  },
} as const;

export const customDataSchema = { type: 'object', additionalProperties: true } as const;
