import type { FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../auth/hook.js';
import type { SandboxConfig } from '../config.js';
import { ERROR_DOCS, type InvalidParameter, invalidParams, ProblemError, useProblemErrors } from '../problem.js';
import { isE164, isEmail, isSenderId, normaliseNumber } from '../validation.js';
import type { NewVerifyRequest, VerifyChannel, VerifyStore } from './store.js';

const VERIFY_ERRORS = 'https://www.developer.vonage.com/api-errors/verify';
const CHANNELS: VerifyChannel[] = ['sms', 'whatsapp', 'whatsapp_interactive', 'voice', 'email'];

interface NewRequestBody {
  brand: string;
  locale?: string;
  channel_timeout?: number;
  client_ref?: string;
  code_length?: number;
  code?: string;
  workflow: { channel: VerifyChannel; to: string; from?: string }[];
}

const newRequestSchema = {
  type: 'object',
  required: ['brand', 'workflow'],
  properties: {
    brand: { type: 'string', minLength: 1, maxLength: 16 },
    locale: { type: 'string', pattern: '^[a-z]{2}-[a-z]{2}$' },
    channel_timeout: { type: 'integer', minimum: 60, maximum: 900 },
    client_ref: { type: 'string', maxLength: 40 },
    code_length: { type: 'integer', minimum: 4, maximum: 10 },
    code: { type: 'string', pattern: '^[A-Za-z0-9]{4,10}$' },
    fraud_check: { type: 'boolean' },
    workflow: {
      type: 'array',
      minItems: 1,
      maxItems: 3,
      items: {
        type: 'object',
        required: ['channel', 'to'],
        properties: {
          channel: { type: 'string', enum: CHANNELS },
          to: { type: 'string', minLength: 1 },
          from: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

const checkSchema = {
  type: 'object',
  required: ['code'],
  properties: { code: { type: 'string', minLength: 1, maxLength: 10 } },
} as const;

const requestIdParams = {
  type: 'object',
  properties: { requestId: { type: 'string' } },
} as const;

/** Channel-specific rules the JSON schema cannot express (number and address formats). */
function workflowProblems(workflow: NewRequestBody['workflow']): InvalidParameter[] {
  const problems: InvalidParameter[] = [];
  workflow.forEach((step, index) => {
    const name = `workflow[${index}]`;
    if (step.channel === 'email') {
      if (!isEmail(step.to)) problems.push({ name: `${name}.to`, reason: 'Invalid email address' });
      if (step.from !== undefined && !isEmail(step.from))
        problems.push({ name: `${name}.from`, reason: 'Invalid email address' });
      return;
    }
    if (!isE164(step.to))
      problems.push({ name: `${name}.to`, reason: 'Invalid phone number: use E.164, e.g. 447700900000' });
    if (step.from !== undefined) {
      const valid = step.channel === 'sms' ? isSenderId(step.from) : isE164(step.from);
      if (!valid) problems.push({ name: `${name}.from`, reason: 'Invalid sender' });
    }
  });
  return problems;
}

function notFound(requestId: string): ProblemError {
  return new ProblemError(404, {
    type: `${ERROR_DOCS}#not-found`,
    title: 'Not Found',
    detail: `Request '${requestId}' was not found or it has been verified already.`,
  });
}

/** Verify v2: POST /v2/verify, POST/DELETE /v2/verify/{request_id}, POST /v2/verify/{request_id}/next_workflow. */
export function verifyRoutes(config: SandboxConfig, store: VerifyStore): FastifyPluginAsync {
  return async (app) => {
    useProblemErrors(app, 'application/problem+json');
    app.addHook('onRequest', requireAuth(config, ['jwt', 'basic']));

    app.post<{ Body: NewRequestBody }>('/', { schema: { body: newRequestSchema } }, async (request, reply) => {
      const body = request.body;
      const problems = workflowProblems(body.workflow);
      if (body.code !== undefined && body.code_length !== undefined && body.code.length !== body.code_length) {
        problems.push({ name: 'code', reason: 'The code length must match code_length' });
      }
      if (problems.length > 0) throw invalidParams(problems);
      const workflow = body.workflow.map((step) => ({
        channel: step.channel,
        to: step.channel === 'email' ? step.to : normaliseNumber(step.to),
        from: step.from,
      }));
      const concurrent = store.findConcurrent(workflow.map((step) => step.to));
      if (concurrent) {
        throw new ProblemError(409, {
          type: `${VERIFY_ERRORS}#conflict`,
          title: 'Conflict',
          detail: 'Concurrent verifications to the same number are not allowed.',
          request_id: concurrent.requestId,
        });
      }
      const input: NewVerifyRequest = {
        brand: body.brand,
        locale: body.locale,
        clientRef: body.client_ref,
        code: body.code,
        codeLength: body.code_length,
        channelTimeout: body.channel_timeout,
        workflow,
      };
      const created = store.create(input);
      request.log.info(
        { requestId: created.requestId, to: workflow[0].to, code: created.code },
        'sandbox: verify code sent',
      );
      return reply.code(202).send({ request_id: created.requestId });
    });

    app.post<{ Params: { requestId: string }; Body: { code: string } }>(
      '/:requestId',
      { schema: { params: requestIdParams, body: checkSchema } },
      async (request, reply) => {
        const { requestId } = request.params;
        const result = store.check(requestId, request.body.code);
        switch (result.outcome) {
          case 'completed':
            return reply.code(200).send({ request_id: requestId, status: 'completed' });
          case 'wrong-code':
            throw new ProblemError(400, {
              type: `${VERIFY_ERRORS}#invalid-code`,
              title: 'Invalid Code',
              detail: 'The code you provided does not match the expected value.',
            });
          case 'too-many-attempts':
            throw new ProblemError(410, {
              type: `${VERIFY_ERRORS}#expired`,
              title: 'Invalid Code',
              detail: 'An incorrect code has been provided too many times. Workflow terminated.',
            });
          case 'expired':
            throw new ProblemError(410, {
              type: `${VERIFY_ERRORS}#expired`,
              title: 'Gone',
              detail: `Request '${requestId}' has expired.`,
            });
          case 'not-found':
            throw notFound(requestId);
        }
      },
    );

    app.delete<{ Params: { requestId: string } }>(
      '/:requestId',
      { schema: { params: requestIdParams } },
      async (request, reply) => {
        if (!store.cancel(request.params.requestId)) throw notFound(request.params.requestId);
        return reply.code(204).send();
      },
    );

    app.post<{ Params: { requestId: string } }>(
      '/:requestId/next_workflow',
      { schema: { params: requestIdParams } },
      async (request, reply) => {
        const outcome = store.nextWorkflow(request.params.requestId);
        if (outcome === 'not-found') throw notFound(request.params.requestId);
        if (outcome === 'last-step') {
          throw new ProblemError(409, {
            type: `${VERIFY_ERRORS}#conflict`,
            title: 'Conflict',
            detail: 'There are no more workflows to move to.',
          });
        }
        return reply.code(200).send();
      },
    );
  };
}
