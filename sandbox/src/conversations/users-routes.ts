import type { FastifyPluginAsync } from 'fastify';
import type { SandboxConfig } from '../config.js';
import { conversationResource, paginate, userResource, userSummary } from './resources.js';
import { conversationApiScope, customDataSchema, pageQuerySchema } from './scope.js';
import type { ConversationStore } from './store.js';

interface UserBody {
  name?: string;
  display_name?: string;
  image_url?: string;
  properties?: { custom_data?: Record<string, unknown> };
}

const userBodySchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\s]+$' },
    display_name: { type: 'string', maxLength: 200 },
    image_url: { type: 'string', maxLength: 2000 },
    properties: { type: 'object', properties: { custom_data: customDataSchema } },
  },
} as const;

const userIdParams = { type: 'object', properties: { userId: { type: 'string' } } } as const;

const changes = (body: UserBody) => ({
  name: body.name,
  displayName: body.display_name,
  imageUrl: body.image_url,
  customData: body.properties?.custom_data,
});

/** Users API v1: /v1/users (list with ?name=, create) and /v1/users/{id} (get, update, delete). */
export function usersRoutes(
  config: SandboxConfig,
  store: ConversationStore,
  publicUrl: () => string,
): FastifyPluginAsync {
  return async (app) => {
    conversationApiScope(app, config);

    app.get<{ Querystring: { name?: string; page_size?: number; order?: string; cursor?: string } }>(
      '/',
      {
        schema: {
          querystring: { ...pageQuerySchema, properties: { ...pageQuerySchema.properties, name: { type: 'string' } } },
        },
      },
      async (request) => {
        const base = publicUrl();
        const url = new URL(`${base}/v1/users`);
        if (request.query.name !== undefined) url.searchParams.set('name', request.query.name);
        const { page, pageSize, links } = paginate(store.listUsers(request.query.name), request.query, url.toString());
        // Always an _embedded.users array, even when empty: the SDK's listAllUsers reads it unguarded.
        return { page_size: pageSize, _embedded: { users: page.map((u) => userSummary(u, base)) }, _links: links };
      },
    );

    app.post<{ Body: UserBody }>('/', { schema: { body: userBodySchema } }, async (request, reply) => {
      const user = store.createUser(changes(request.body ?? {}));
      return reply.code(201).send(userResource(user, publicUrl()));
    });

    app.get<{ Params: { userId: string } }>('/:userId', { schema: { params: userIdParams } }, async (request) =>
      userResource(store.user(request.params.userId), publicUrl()),
    );

    app.patch<{ Params: { userId: string }; Body: UserBody }>(
      '/:userId',
      { schema: { params: userIdParams, body: userBodySchema } },
      async (request) =>
        userResource(store.updateUser(request.params.userId, changes(request.body ?? {})), publicUrl()),
    );

    app.get<{ Params: { userId: string }; Querystring: { page_size?: number; order?: string; cursor?: string } }>(
      '/:userId/conversations',
      { schema: { params: userIdParams, querystring: pageQuerySchema } },
      async (request) => {
        const user = store.user(request.params.userId);
        const base = publicUrl();
        const { page, pageSize, links } = paginate(
          store.listConversations({ userId: user.id }),
          request.query,
          `${base}/v1/users/${user.id}/conversations`,
        );
        return {
          page_size: pageSize,
          _embedded: { conversations: page.map((c) => conversationResource(c, base)) },
          _links: links,
        };
      },
    );

    app.delete<{ Params: { userId: string } }>(
      '/:userId',
      { schema: { params: userIdParams } },
      async (request, reply) => {
        store.deleteUser(request.params.userId);
        return reply.code(204).send();
      },
    );
  };
}
