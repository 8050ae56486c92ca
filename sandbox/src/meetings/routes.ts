import type { FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../auth/hook.js';
import type { SandboxConfig } from '../config.js';
import { ERROR_DOCS, type InvalidParameter, invalidParams, ProblemError, useProblemErrors } from '../problem.js';
import { type RoomInput, roomResource, type RoomStore } from './store.js';

const httpUrl = { type: 'string', pattern: '^https?://' } as const;

const roomProperties = {
  display_name: { type: 'string', minLength: 1, maxLength: 200 },
  metadata: { type: 'string', maxLength: 500 },
  type: { type: 'string', enum: ['instant', 'long_term'] },
  expires_at: { type: 'string', format: 'date-time' },
  recording_options: {
    type: 'object',
    properties: { auto_record: { type: 'boolean' }, record_only_owner: { type: 'boolean' } },
  },
  expire_after_use: { type: 'boolean' },
  theme_id: { type: 'string', format: 'uuid' },
  join_approval_level: { type: 'string', enum: ['none', 'after_owner_only', 'explicit_approval'] },
  initial_join_options: {
    type: 'object',
    properties: { microphone_state: { type: 'string', enum: ['on', 'off', 'default'] } },
  },
  callback_urls: {
    type: 'object',
    properties: { rooms_callback_url: httpUrl, sessions_callback_url: httpUrl, recordings_callback_url: httpUrl },
  },
  available_features: {
    type: 'object',
    properties: {
      is_recording_available: { type: 'boolean' },
      is_chat_available: { type: 'boolean' },
      is_whiteboard_available: { type: 'boolean' },
    },
  },
  ui_settings: { type: 'object', properties: { language: { type: 'string' } } },
} as const;

const createRoomSchema = { type: 'object', required: ['display_name'], properties: roomProperties } as const;
const updateRoomSchema = {
  type: 'object',
  required: ['update_options'],
  properties: { update_options: { type: 'object', properties: roomProperties } },
} as const;
const roomIdParams = { type: 'object', properties: { roomId: { type: 'string' } } } as const;
const pageQuery = {
  type: 'object',
  properties: {
    page_size: { type: 'integer', minimum: 1, maximum: 100 },
    start_id: { type: 'string' },
    end_id: { type: 'string' },
  },
} as const;

/** Long-term rooms need an expiry in the future, at most a year ahead (Vonage's limit). */
function expiryProblems(input: Partial<RoomInput>, now: number): InvalidParameter[] {
  if (input.type === 'long_term' && !input.expires_at)
    return [{ name: 'expires_at', reason: 'is required for long_term rooms' }];
  if (input.expires_at === undefined) return [];
  const expiresAt = Date.parse(input.expires_at);
  if (expiresAt <= now) return [{ name: 'expires_at', reason: 'must be in the future' }];
  if (expiresAt > now + 366 * 24 * 3600 * 1000) return [{ name: 'expires_at', reason: 'must be within a year' }];
  return [];
}

function roomNotFound(roomId: string): ProblemError {
  return new ProblemError(404, {
    type: `${ERROR_DOCS}#not-found`,
    title: 'Not Found',
    detail: `Room ${roomId} was not found`,
  });
}

/** Meetings v1: POST/GET /v1/meetings/rooms, GET/PATCH /v1/meetings/rooms/{room_id}. */
export function meetingsRoutes(config: SandboxConfig, rooms: RoomStore, publicUrl: () => string): FastifyPluginAsync {
  return async (app) => {
    useProblemErrors(app, 'application/problem+json');
    app.addHook('onRequest', requireAuth(config, ['jwt']));
    const resource = (room: Parameters<typeof roomResource>[0]) =>
      roomResource(room, rooms.isAvailable(room), publicUrl());

    app.post<{ Body: RoomInput }>('/rooms', { schema: { body: createRoomSchema } }, async (request, reply) => {
      const problems = expiryProblems(request.body, config.now());
      if (problems.length > 0) throw invalidParams(problems);
      const room = rooms.create(request.body);
      request.log.info({ roomId: room.id, meetingCode: room.meetingCode }, 'sandbox: meeting room created');
      return reply.code(201).send(resource(room));
    });

    app.get<{ Querystring: { page_size?: number; start_id?: string; end_id?: string } }>(
      '/rooms',
      { schema: { querystring: pageQuery } },
      async (request) => {
        const pageSize = request.query.page_size ?? 20;
        const all = rooms.list();
        const start = request.query.start_id
          ? Math.max(
              0,
              all.findIndex((r) => r.id === request.query.start_id),
            )
          : 0;
        const page = all.slice(start, start + pageSize);
        const base = `${publicUrl()}/v1/meetings/rooms?page_size=${pageSize}`;
        const next = all[start + pageSize];
        return {
          page_size: page.length,
          _embedded: page.map(resource),
          _links: {
            first: { href: base },
            self: { href: start > 0 ? `${base}&start_id=${all[start].id}` : base },
            ...(next && { next: { href: `${base}&start_id=${next.id}` } }),
          },
          total_items: all.length,
        };
      },
    );

    app.get<{ Params: { roomId: string } }>('/rooms/:roomId', { schema: { params: roomIdParams } }, async (request) => {
      const room = rooms.get(request.params.roomId);
      if (!room) throw roomNotFound(request.params.roomId);
      return resource(room);
    });

    app.patch<{ Params: { roomId: string }; Body: { update_options: Partial<RoomInput> } }>(
      '/rooms/:roomId',
      { schema: { params: roomIdParams, body: updateRoomSchema } },
      async (request) => {
        const room = rooms.get(request.params.roomId);
        if (!room) throw roomNotFound(request.params.roomId);
        // A room's type is fixed at creation; only its other settings change.
        const { type: _type, ...changes } = request.body.update_options;
        const problems =
          changes.expires_at === undefined ? [] : expiryProblems({ expires_at: changes.expires_at }, config.now());
        if (problems.length > 0) throw invalidParams(problems);
        rooms.update(room, changes);
        return resource(room);
      },
    );
  };
}
