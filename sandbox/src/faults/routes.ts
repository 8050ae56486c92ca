import type { FastifyInstance } from 'fastify';
import { type InvalidParameter, invalidParams } from '../problem.js';
import { describeFault, type FaultStore } from './store.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

interface FaultBody {
  method?: string;
  path: string;
  status?: number;
  times?: number;
  retry_after?: number;
  delay_ms?: number;
  probability?: number;
}

const faultSchema = {
  type: 'object',
  required: ['path'],
  properties: {
    method: { type: 'string', enum: [...METHODS, ...METHODS.map((m) => m.toLowerCase())] },
    path: { type: 'string', pattern: '^/', maxLength: 500 },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    // Up to a million: with `probability`, a fault can stay armed for a whole load test.
    times: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    retry_after: { type: 'integer', minimum: 0, maximum: 3600 },
    delay_ms: { type: 'integer', minimum: 0, maximum: 120_000 },
    probability: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
  },
} as const;

/** Rules across fields that the schema cannot say. */
function faultProblems(body: FaultBody): InvalidParameter[] {
  const problems: InvalidParameter[] = Object.keys(body)
    .filter((name) => !(name in faultSchema.properties))
    .map((name) => ({ name, reason: 'Unknown field' }));
  if (/^\/_sandbox(\/|$)/.test(body.path))
    problems.push({ name: 'path', reason: 'Faults apply to the Vonage APIs, not to /_sandbox' });
  if (body.status === undefined && !body.delay_ms)
    problems.push({ name: 'status', reason: 'Give a status, a delay_ms, or both' });
  if (body.retry_after !== undefined && body.status === undefined)
    problems.push({ name: 'retry_after', reason: 'Only an error answer (status) carries Retry-After' });
  return problems;
}

/** /_sandbox/faults: arm, list and clear scripted failures of the Vonage APIs. */
export function faultRoutes(app: FastifyInstance, faults: FaultStore) {
  app.post<{ Body: FaultBody }>('/faults', { schema: { body: faultSchema } }, async (request, reply) => {
    const body = request.body;
    const problems = faultProblems(body);
    if (problems.length > 0) throw invalidParams(problems);
    const fault = faults.arm({
      method: body.method,
      path: body.path,
      status: body.status,
      times: body.times ?? 1,
      retryAfter: body.retry_after,
      delayMs: body.delay_ms,
      probability: body.probability,
    });
    return reply.code(201).send(describeFault(fault));
  });

  app.get('/faults', async () => faults.list().map(describeFault));

  app.delete('/faults', async (_request, reply) => {
    faults.reset();
    return reply.code(204).send();
  });
}
