import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { requireAuth } from '../auth/hook.js';
import type { SandboxConfig } from '../config.js';
import { ProblemError } from '../problem.js';
import { newStreamId, type VideoSession, type VideoStore } from './store.js';

/** The Video API's error body: `{code, message}` with the HTTP status as code (not problem+json). */
export class VideoError extends ProblemError {
  constructor(status: number, message: string) {
    super(status, { type: 'video', title: message });
  }
}

function useVideoErrors(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | ProblemError, request, reply) => {
    if (error instanceof ProblemError) {
      reply.headers(error.headers);
      // Vonage's Video spec answers bad or missing credentials with 403 ("Invalid credentials"), not 401.
      if (error.status === 401)
        return reply
          .code(403)
          .type('application/json')
          .send({ code: 403, message: 'You are not authorized to do this, check your authentication credentials.' });
      const message =
        error instanceof VideoError ? error.problem.title : String(error.problem.detail ?? error.problem.title);
      return reply.code(error.status).type('application/json').send({ code: error.status, message });
    }
    const status = error.validation ? 400 : (error.statusCode ?? 500);
    if (status >= 500) request.log.error(error);
    const message = error.validation
      ? `Invalid request: ${error.validation.map((v) => `${v.instancePath || 'body'} ${v.message}`).join(', ')}`
      : status >= 500
        ? 'Internal error'
        : error.message;
    return reply.code(status).type('application/json').send({ code: status, message });
  });
}

/** REST calls need the application's own JWT: a client (session.connect) token is not enough. */
function serverTokensOnly(config: SandboxConfig) {
  return async (request: FastifyRequest) => {
    if (request.method === 'OPTIONS') return;
    const principal = request.principal;
    if (principal?.kind !== 'jwt' || principal.claims.scope === 'session.connect')
      throw new VideoError(403, 'A client token cannot call the Video REST API');
    const projectId = (request.params as { applicationId?: string } | undefined)?.applicationId;
    if (projectId !== undefined && projectId.toLowerCase() !== config.applicationId)
      throw new VideoError(403, 'The project id does not match the token');
  };
}

const createSchema = {
  type: 'object',
  properties: {
    archiveMode: { type: 'string', enum: ['manual', 'always'] },
    'p2p.preference': { type: 'string', enum: ['enabled', 'disabled'] },
    // @vonage/video sends `location=null` when none is given (its form body keeps nulls): Vonage takes that as absent.
    location: {
      anyOf: [
        { type: 'string', format: 'ipv4' },
        { type: 'string', enum: ['null', ''] },
      ],
    },
    e2ee: { type: 'string', enum: ['true', 'false'] },
  },
} as const;

const signalSchema = {
  type: 'object',
  required: ['data'],
  properties: { type: { type: 'string' }, data: { type: 'string' } },
  additionalProperties: false,
} as const;

interface SessionParams {
  applicationId: string;
  sessionId: string;
}

/** Vonage's limits: type ≤ 128 bytes, data ≤ 8 kB; over them is a 413 (Video spec), not a 400. */
function checkSignalSize(body: { type?: string; data: string }) {
  if (Buffer.byteLength(body.type ?? '') > 128 || Buffer.byteLength(body.data) > 8192) {
    throw new VideoError(
      413,
      'The type string exceeds the maximum length (128 bytes), or the data string exceeds the maximum size (8 kB).',
    );
  }
}

/**
 * Video API server side, as @vonage/video calls it: POST /session/create (form body) and the
 * /v2/project/{applicationId}/session/{sessionId}/… routes (signal, force disconnect, streams).
 */
export function videoRoutes(config: SandboxConfig, store: VideoStore): FastifyPluginAsync {
  return async (app) => {
    useVideoErrors(app);
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    app.addHook('onRequest', requireAuth(config, ['jwt']));
    // Before faults (preValidation), so a client token is refused whatever is armed.
    app.addHook('onRequest', serverTokensOnly(config));

    const sessionOf = (params: SessionParams): VideoSession => {
      const session = store.get(params.sessionId);
      if (!session) throw new VideoError(404, 'Session not found');
      return session;
    };

    app.post<{ Body: Record<string, string> | undefined }>(
      '/session/create',
      { schema: { body: createSchema } },
      async (request) => {
        const body = request.body ?? {};
        const mediaMode = body['p2p.preference'] === 'enabled' ? 'relayed' : 'routed';
        const archiveMode = body.archiveMode ?? 'manual';
        if (archiveMode === 'always' && mediaMode === 'relayed')
          throw new VideoError(400, 'A session with archiveMode "always" must use routed media');
        const location = body.location && body.location !== 'null' ? body.location : undefined;
        const session = store.create(config.applicationId, { mediaMode, archiveMode, location });
        request.log.info({ sessionId: session.id }, 'sandbox: video session created');
        return [
          {
            session_id: session.id,
            project_id: session.projectId,
            partner_id: session.projectId,
            create_dt: new Date(session.createdAt).toUTCString(),
            session_status: null,
            status_invalid: null,
            media_server_hostname: null,
            messaging_server_url: null,
            messaging_url: null,
            symphony_address: null,
            properties: null,
            ice_server: null,
            session_segment_id: session.id,
            ice_servers: null,
            ice_credential_expiration: 86100,
            media_server_url: '',
          },
        ];
      },
    );

    app.post<{ Params: SessionParams; Body: { type?: string; data: string } }>(
      '/v2/project/:applicationId/session/:sessionId/signal',
      { schema: { body: signalSchema } },
      async (request, reply) => {
        checkSignalSize(request.body);
        const session = sessionOf(request.params);
        session.signals.push({ ...request.body, at: config.now() });
        for (const connection of store.live(session)) connection.send({ event: 'vonage-signal', data: request.body });
        return reply.code(204).send();
      },
    );

    app.post<{ Params: SessionParams & { connectionId: string }; Body: { type?: string; data: string } }>(
      '/v2/project/:applicationId/session/:sessionId/connection/:connectionId/signal',
      { schema: { body: signalSchema } },
      async (request, reply) => {
        checkSignalSize(request.body);
        const session = sessionOf(request.params);
        const connection = store.live(session).find((c) => c.id === request.params.connectionId);
        if (!connection)
          throw new VideoError(
            404,
            'The client specified by the connectionId property is not connected to the session.',
          );
        session.signals.push({ ...request.body, to: connection.id, at: config.now() });
        connection.send({ event: 'vonage-signal', data: request.body });
        return reply.code(204).send();
      },
    );

    app.delete<{ Params: SessionParams & { connectionId: string } }>(
      '/v2/project/:applicationId/session/:sessionId/connection/:connectionId',
      async (request, reply) => {
        const session = sessionOf(request.params);
        const connection = store.live(session).find((c) => c.id === request.params.connectionId);
        if (!connection) throw new VideoError(404, 'Connection not found.');
        store.end(connection, 'forceDisconnected');
        request.log.info(
          { sessionId: session.id, connectionId: connection.id },
          'sandbox: video connection force-disconnected',
        );
        return reply.code(204).send();
      },
    );

    const streamResource = (streamId: string) => ({
      id: streamId,
      videoType: 'camera',
      name: '',
      layoutClassList: [] as string[],
    });
    app.get<{ Params: SessionParams }>('/v2/project/:applicationId/session/:sessionId/stream', async (request) => {
      const streams = store
        .live(sessionOf(request.params))
        .flatMap((c) => (c.streamId ? [streamResource(c.streamId)] : []));
      return { count: streams.length, items: streams };
    });
    app.get<{ Params: SessionParams & { streamId: string } }>(
      '/v2/project/:applicationId/session/:sessionId/stream/:streamId',
      async (request) => {
        const found = store.live(sessionOf(request.params)).find((c) => c.streamId === request.params.streamId);
        if (!found) throw new VideoError(404, 'Stream not found');
        return streamResource(request.params.streamId);
      },
    );
  };
}

export { newStreamId };
