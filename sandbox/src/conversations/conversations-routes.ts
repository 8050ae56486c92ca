import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { SandboxConfig } from '../config.js';
import { conversationResource, eventResource, memberResource, paginate } from './resources.js';
import { conversationApiScope, customDataSchema, pageQuerySchema } from './scope.js';
import { conversationError, type ConversationStore, type MemberState } from './store.js';

interface ConversationBody {
  name?: string;
  display_name?: string;
  image_url?: string;
  properties?: { ttl?: number; custom_data?: Record<string, unknown> };
}

const conversationBodySchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    display_name: { type: 'string', maxLength: 200 },
    image_url: { type: 'string', maxLength: 2000 },
    properties: { type: 'object', properties: { ttl: { type: 'integer', minimum: 1 }, custom_data: customDataSchema } },
  },
} as const;

const memberBodySchema = {
  type: 'object',
  required: ['state', 'user'],
  properties: {
    state: { type: 'string', enum: ['joined', 'invited', 'JOINED', 'INVITED'] },
    user: {
      type: 'object',
      properties: { id: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 } },
      anyOf: [{ required: ['id'] }, { required: ['name'] }],
    },
    channel: { type: 'object', properties: { type: { type: 'string' } } },
  },
} as const;

const memberUpdateSchema = {
  type: 'object',
  required: ['state'],
  properties: { state: { type: 'string', enum: ['joined', 'left', 'JOINED', 'LEFT'] }, from: { type: 'string' } },
} as const;

/** Custom events (custom:<name>) and the text message event are what applications post. */
const eventBodySchema = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string', pattern: '^(custom:[A-Za-z0-9_.:-]{1,100}|message)$' },
    from: { type: 'string' },
    body: { type: 'object', additionalProperties: true },
  },
} as const;

const eventsQuerySchema = {
  type: 'object',
  properties: {
    ...pageQuerySchema.properties,
    event_type: { type: 'string' },
    start_id: { type: 'integer', minimum: 0 },
    end_id: { type: 'integer', minimum: 0 },
  },
} as const;

interface Params {
  conversationId: string;
  memberId: string;
  eventId: number;
}
const params = {
  type: 'object',
  properties: { conversationId: { type: 'string' }, memberId: { type: 'string' }, eventId: { type: 'integer' } },
} as const;

/** The user a client token (JWT with `sub`) belongs to: "me" in /members/me. */
function currentUserName(request: FastifyRequest): string | undefined {
  const principal = request.principal;
  return principal?.kind === 'jwt' && typeof principal.claims.sub === 'string' ? principal.claims.sub : undefined;
}

/** Conversation API v1: conversations, their members and their events. */
export function conversationsRoutes(
  config: SandboxConfig,
  store: ConversationStore,
  publicUrl: () => string,
): FastifyPluginAsync {
  return async (app) => {
    conversationApiScope(app, config);
    const selfUrl = (path: string, query: Record<string, string | undefined> = {}) => {
      const url = new URL(`${publicUrl()}/v1/conversations${path}`);
      Object.entries(query).forEach(([key, value]) => value !== undefined && url.searchParams.set(key, value));
      return url.toString();
    };

    // Conversations

    app.get<{ Querystring: { name?: string; page_size?: number; order?: string; cursor?: string } }>(
      '/',
      {
        schema: {
          querystring: { ...pageQuerySchema, properties: { ...pageQuerySchema.properties, name: { type: 'string' } } },
        },
      },
      async (request) => {
        // `name` is a sandbox convenience; Vonage itself has no name filter on this list.
        const { page, pageSize, links } = paginate(
          store.listConversations({ name: request.query.name }),
          request.query,
          selfUrl('', { name: request.query.name }),
        );
        return {
          page_size: pageSize,
          _embedded: { conversations: page.map((c) => conversationResource(c, publicUrl())) },
          _links: links,
        };
      },
    );

    app.post<{ Body: ConversationBody }>('/', { schema: { body: conversationBodySchema } }, async (request, reply) => {
      const body = request.body ?? {};
      const conversation = store.createConversation({
        name: body.name,
        displayName: body.display_name,
        imageUrl: body.image_url,
        customData: body.properties?.custom_data,
        ttl: body.properties?.ttl,
      });
      return reply.code(201).send(conversationResource(conversation, publicUrl()));
    });

    app.get<{ Params: Params }>('/:conversationId', { schema: { params } }, async (request) =>
      conversationResource(store.conversation(request.params.conversationId), publicUrl()),
    );

    app.put<{ Params: Params; Body: ConversationBody }>(
      '/:conversationId',
      { schema: { params, body: conversationBodySchema } },
      async (request) => {
        const body = request.body ?? {};
        const conversation = store.updateConversation(request.params.conversationId, {
          name: body.name,
          displayName: body.display_name,
          imageUrl: body.image_url,
          customData: body.properties?.custom_data,
        });
        return conversationResource(conversation, publicUrl());
      },
    );

    app.delete<{ Params: Params }>('/:conversationId', { schema: { params } }, async (request, reply) => {
      store.deleteConversation(request.params.conversationId);
      return reply.code(204).send();
    });

    // Members

    app.get<{ Params: Params; Querystring: { page_size?: number; order?: string; cursor?: string } }>(
      '/:conversationId/members',
      { schema: { params, querystring: pageQuerySchema } },
      async (request) => {
        const { conversationId } = request.params;
        const { page, pageSize, links } = paginate(
          store.listMembers(conversationId),
          request.query,
          selfUrl(`/${conversationId}/members`),
        );
        // Full members (with _embedded.user): the SDK maps every list item through apiToMember.
        return {
          page_size: pageSize,
          _embedded: { members: page.map((m) => memberResource(m, store, publicUrl())) },
          _links: links,
        };
      },
    );

    app.post<{
      Params: Params;
      Body: { state: string; user: { id?: string; name?: string }; channel?: Record<string, unknown> };
    }>('/:conversationId/members', { schema: { params, body: memberBodySchema } }, async (request, reply) => {
      const { state, user, channel } = request.body;
      const member = store.createMember(request.params.conversationId, {
        userId: user.id,
        userName: user.name,
        state: state.toUpperCase() as MemberState,
        channel,
      });
      return reply.code(201).send(memberResource(member, store, publicUrl()));
    });

    app.get<{ Params: Params }>('/:conversationId/members/:memberId', { schema: { params } }, async (request) => {
      const { conversationId, memberId } = request.params;
      if (memberId !== 'me') return memberResource(store.member(conversationId, memberId), store, publicUrl());
      const name = currentUserName(request);
      const user = name ? store.userByName(name) : undefined;
      const member = user && store.memberOfUser(conversationId, user.id);
      store.conversation(conversationId);
      if (!member)
        throw conversationError(
          404,
          'member:error:not-found',
          'Not found.',
          'You are not a member of this conversation.',
        );
      return memberResource(member, store, publicUrl());
    });

    app.patch<{ Params: Params; Body: { state: string } }>(
      '/:conversationId/members/:memberId',
      { schema: { params, body: memberUpdateSchema } },
      async (request) => {
        const { conversationId, memberId } = request.params;
        const member = store.updateMemberState(
          conversationId,
          memberId,
          request.body.state.toUpperCase() as MemberState,
        );
        return memberResource(member, store, publicUrl());
      },
    );

    // Events

    app.post<{ Params: Params; Body: { type: string; from?: string; body?: Record<string, unknown> } }>(
      '/:conversationId/events',
      { schema: { params, body: eventBodySchema } },
      async (request, reply) => {
        const { type, from, body } = request.body;
        if (type === 'message' && (typeof body?.text !== 'string' || body.message_type !== 'text')) {
          throw conversationError(
            400,
            'http:error:validation-fail',
            'Bad Request',
            'A message event needs body.message_type "text" and body.text.',
          );
        }
        const event = store.addEvent(request.params.conversationId, { type, from, body: body ?? {} });
        return reply.code(201).send(eventResource(event, store, publicUrl()));
      },
    );

    app.get<{
      Params: Params;
      Querystring: {
        page_size?: number;
        order?: string;
        cursor?: string;
        event_type?: string;
        start_id?: number;
        end_id?: number;
      };
    }>('/:conversationId/events', { schema: { params, querystring: eventsQuerySchema } }, async (request) => {
      const { conversationId } = request.params;
      const { event_type: eventType, start_id: startId, end_id: endId } = request.query;
      const events = store
        .listEvents(conversationId)
        .filter((e) => eventType === undefined || e.type === eventType)
        .filter((e) => (startId === undefined || e.id >= startId) && (endId === undefined || e.id <= endId));
      const { page, pageSize, links } = paginate(
        events,
        { page_size: 100, ...request.query },
        selfUrl(`/${conversationId}/events`, { event_type: eventType }),
      );
      // The SDK reads this list's `_embedded` as the array of events itself.
      return { page_size: pageSize, _embedded: page.map((e) => eventResource(e, store, publicUrl())), _links: links };
    });

    app.get<{ Params: Params }>('/:conversationId/events/:eventId', { schema: { params } }, async (request) =>
      eventResource(store.event(request.params.conversationId, request.params.eventId), store, publicUrl()),
    );

    app.delete<{ Params: Params }>(
      '/:conversationId/events/:eventId',
      { schema: { params } },
      async (request, reply) => {
        store.deleteEvent(request.params.conversationId, request.params.eventId);
        return reply.code(204).send();
      },
    );
  };
}
