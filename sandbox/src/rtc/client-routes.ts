import cors from '@fastify/cors';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxConfig } from '../config.js';
import { conversationResource, memberResource } from '../conversations/resources.js';
import { conversationApiScope } from '../conversations/scope.js';
import { conversationError, type ConversationStore } from '../conversations/store.js';
import { clientEvent } from './client-events.js';

interface Params {
  conversationId: string;
  memberId: string;
}

/** The user behind a client token (its `sub`), created on first use like a socket login does. */
function tokenUser(request: FastifyRequest, store: ConversationStore) {
  const principal = request.principal;
  const name = principal?.kind === 'jwt' && typeof principal.claims.sub === 'string' ? principal.claims.sub : undefined;
  if (!name)
    throw conversationError(403, 'system:error:permission', 'Forbidden', 'A client token (with sub) is required.');
  return store.userByName(name) ?? store.createUser({ name });
}

/**
 * REST routes the Client SDKs call from the browser, with CORS: /v0.3 (conversation, members/me)
 * and the /beta, /beta2 routes of nexmo-client (events list for gap filling, custom events).
 * Every request is held to the token's ACL (403 otherwise).
 */
export function clientRoutes(
  config: SandboxConfig,
  store: ConversationStore,
  publicUrl: () => string,
): FastifyPluginAsync {
  return async (app) => {
    await app.register(cors, {
      origin: true,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      maxAge: 600,
    });
    conversationApiScope(app, config);

    const conversation = async (request: FastifyRequest<{ Params: Params }>) => {
      const found = store.conversation(request.params.conversationId);
      return {
        ...conversationResource(found, publicUrl()),
        members: store.listMembers(found.id).map((m) => ({ member_id: m.id, user_id: m.userId, state: m.state })),
      };
    };
    app.get('/v0.3/conversations/:conversationId', conversation);
    app.get('/beta/conversations/:conversationId', conversation);

    const member = async (request: FastifyRequest<{ Params: Params }>) => {
      const { conversationId, memberId } = request.params;
      store.conversation(conversationId);
      if (memberId !== 'me') return memberResource(store.member(conversationId, memberId), store, publicUrl());
      const mine = store.memberOfUser(conversationId, tokenUser(request, store).id);
      if (!mine)
        throw conversationError(
          404,
          'member:error:not-found',
          'Not found.',
          'You are not a member of this conversation.',
        );
      return memberResource(mine, store, publicUrl());
    };
    app.get('/v0.3/conversations/:conversationId/members/:memberId', member);
    app.get('/beta/conversations/:conversationId/members/:memberId', member);

    app.get<{
      Params: Params;
      Querystring: { start_id?: string; end_id?: string; page_size?: string; event_type?: string };
    }>('/beta2/conversations/:conversationId/events', async (request) => {
      const startId = Number(request.query.start_id ?? 0);
      const endId = request.query.end_id === undefined ? Infinity : Number(request.query.end_id);
      const pageSize = Math.min(Number(request.query.page_size ?? 100) || 100, 100);
      const events = store
        .listEvents(request.params.conversationId)
        .filter((e) => e.id >= startId && e.id <= endId)
        .filter((e) => !request.query.event_type || e.type === request.query.event_type)
        .slice(0, pageSize);
      const self = `${publicUrl()}/beta2/conversations/${request.params.conversationId}/events`;
      return {
        page_size: pageSize,
        _embedded: { data: { events: events.map((e) => clientEvent(e, store)) } },
        _links: { self: { href: self } },
      };
    });

    /** A client sending a custom event (nexmo-client sendCustomEvent, v0.3 events). */
    const postEvent = async (
      request: FastifyRequest<{ Params: Params; Body: { type?: string; body?: Record<string, unknown> } }>,
      reply: FastifyReply,
    ) => {
      const { conversationId } = request.params;
      const type = request.body?.type;
      if (typeof type !== 'string' || !/^custom:[A-Za-z0-9_.:-]{1,100}$/.test(type)) {
        throw conversationError(400, 'http:error:validation-fail', 'Bad Request', 'type must be custom:<name>.');
      }
      const from = store.memberOfUser(conversationId, tokenUser(request, store).id);
      if (!from)
        throw conversationError(
          403,
          'conversation:error:not-a-member',
          'Forbidden',
          'You are not a member of this conversation.',
        );
      const event = store.addEvent(conversationId, { type, from: from.id, body: request.body?.body ?? {} });
      return reply.code(201).send({
        id: event.id,
        timestamp: clientEvent(event, store).timestamp,
        href: `${publicUrl()}/v0.3/conversations/${conversationId}/events/${event.id}`,
      });
    };
    app.post('/beta/conversations/:conversationId/events', postEvent);
    app.post('/v0.3/conversations/:conversationId/events', postEvent);
  };
}
