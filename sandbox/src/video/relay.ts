import cors from '@fastify/cors';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errors as joseErrors, type JWTPayload, jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import type { SandboxConfig } from '../config.js';
import { filterSdpCandidates, isLoopbackCandidate } from './loopback.js';
import { VideoError } from './routes.js';
import { newStreamId, peerView, type RelayEvent, VIDEO_ROLES, type VideoRole, type VideoStore } from './store.js';

export const RELAY_PREFIX = '/_sandbox/video/relay';

interface ClientClaims extends JWTPayload {
  application_id: string;
  scope: string;
  session_id: string;
  role: VideoRole;
  connection_data?: string;
}

/**
 * Verifies a Video API client token as Vonage does before letting a browser in: RS256 signature
 * with the application's public key, this application, scope session.connect, this session, a
 * known role and an expiry that has not passed.
 */
export async function verifyClientToken(
  token: string,
  sessionId: string,
  config: SandboxConfig,
): Promise<ClientClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, config.publicKey, {
      algorithms: ['RS256'],
      currentDate: new Date(config.now()),
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    throw new VideoError(
      error instanceof joseErrors.JWTExpired ? 403 : 401,
      error instanceof joseErrors.JWTExpired ? 'Token expired' : 'Invalid token',
    );
  }
  const claims = payload as ClientClaims;
  if (String(claims.application_id ?? '').toLowerCase() !== config.applicationId)
    throw new VideoError(401, 'The token is for another application');
  if (claims.scope !== 'session.connect') throw new VideoError(401, 'Not a client token (scope session.connect)');
  if (claims.session_id !== sessionId) throw new VideoError(403, 'The token is for another session');
  if (!VIDEO_ROLES.includes(claims.role)) throw new VideoError(401, 'Unknown role');
  return claims;
}

interface SignalBody {
  from: string;
  to: string;
  kind: 'offer' | 'answer' | 'candidate';
  sdp?: string;
  candidate?: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } | null;
}

const signalSchema = {
  type: 'object',
  required: ['from', 'to', 'kind'],
  additionalProperties: false,
  properties: {
    from: { type: 'string', maxLength: 100 },
    to: { type: 'string', maxLength: 100 },
    kind: { type: 'string', enum: ['offer', 'answer', 'candidate'] },
    sdp: { type: 'string', maxLength: 65536 },
    candidate: {
      type: ['object', 'null'],
      properties: {
        candidate: { type: 'string', maxLength: 1024 },
        sdpMid: { type: ['string', 'null'] },
        sdpMLineIndex: { type: ['integer', 'null'] },
        usernameFragment: { type: ['string', 'null'] },
      },
    },
  },
} as const;

/**
 * The sandbox's stand-in for Vonage's media and signalling servers, so two browsers on this
 * machine hold a real call offline: each joins with its Video API client token over Server-Sent
 * Events, and POSTs offers, answers and ICE candidates for the other, which the relay forwards
 * (loopback candidates only). Force-disconnect through the Video API ends the stream.
 * Not a Vonage API: Vonage's client SDK talks to Vonage only, so the call page uses this in its place.
 */
export function videoRelayRoutes(config: SandboxConfig, store: VideoStore): FastifyPluginAsync {
  return async (app) => {
    await app.register(cors, {
      origin: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      maxAge: 600,
    });
    app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, _request, reply) => {
      const status = error instanceof VideoError ? error.status : error.validation ? 400 : (error.statusCode ?? 500);
      return reply
        .code(status)
        .type('application/json')
        .send({ code: status, message: error instanceof VideoError ? error.problem.title : error.message });
    });

    const sessionOf = (sessionId: string) => {
      const session = store.get(sessionId);
      if (!session) throw new VideoError(404, 'Session not found');
      return session;
    };

    // EventSource cannot send headers: the token comes in the query, as Vonage's own websocket URL carries it.
    app.get<{ Params: { sessionId: string }; Querystring: { token?: string } }>(
      '/:sessionId/events',
      async (request, reply: FastifyReply) => {
        const session = sessionOf(request.params.sessionId);
        const claims = await verifyClientToken(request.query.token ?? '', session.id, config);
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'access-control-allow-origin': request.headers.origin ?? '*',
          vary: 'Origin',
        });
        const send = (event: RelayEvent) => {
          if (!raw.writableEnded) raw.write(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
        };
        const keepAlive = setInterval(() => !raw.writableEnded && raw.write(': keep-alive\n\n'), 15_000);
        const end = () => {
          clearInterval(keepAlive);
          if (!raw.writableEnded) raw.end();
        };
        // The token expires: so does the connection (Vonage ends sessions whose token expired at connect only, but a room's end is a hard stop here).
        const peers = store.live(session).map(peerView);
        const connection = store.connect(session, {
          role: claims.role,
          data: claims.connection_data ?? '',
          tokenId: claims.jti ?? randomUUID(),
          send,
          end,
        });
        request.log.info(
          { sessionId: session.id, connectionId: connection.id, role: claims.role },
          'sandbox: video relay connected',
        );
        send({
          event: 'connected',
          data: { connectionId: connection.id, role: connection.role, data: connection.data, peers },
        });
        raw.on('close', () => {
          clearInterval(keepAlive);
          store.end(connection, 'clientDisconnected');
        });
      },
    );

    app.post<{ Params: { sessionId: string }; Body: SignalBody }>(
      '/:sessionId/signal',
      { schema: { body: signalSchema } },
      async (request, reply) => {
        const session = sessionOf(request.params.sessionId);
        const token = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
        const claims = await verifyClientToken(token, session.id, config);
        const live = store.live(session);
        const from = live.find((c) => c.id === request.body.from);
        // Only the token a connection joined with speaks for it.
        if (!from || (claims.jti != null && from.tokenId !== claims.jti))
          throw new VideoError(403, 'Not your connection');
        if (from.role === 'subscriber' && request.body.kind === 'offer')
          throw new VideoError(403, 'A subscriber cannot publish');
        const to = live.find((c) => c.id === request.body.to);
        if (!to) throw new VideoError(404, 'Connection not found');
        const { kind } = request.body;
        if (kind === 'candidate') {
          const candidate = request.body.candidate;
          // An empty/null candidate is the end-of-candidates marker: always passed on.
          if (candidate?.candidate && !isLoopbackCandidate(candidate.candidate)) {
            from.dropped += 1;
            return reply.code(202).send({ forwarded: false, reason: 'Only loopback candidates are relayed' });
          }
          to.send({ event: 'signal', data: { from: from.id, kind, candidate } });
        } else {
          const filtered = filterSdpCandidates(request.body.sdp ?? '');
          from.dropped += filtered.dropped;
          from.streamId ??= newStreamId();
          to.send({ event: 'signal', data: { from: from.id, kind, sdp: filtered.sdp, peer: peerView(from) } });
        }
        from.relayed += 1;
        return reply.code(202).send({ forwarded: true });
      },
    );
  };
}
