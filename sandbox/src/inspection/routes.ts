import type { FastifyPluginAsync } from 'fastify';
import { conversationResource, eventResource, memberResource } from '../conversations/resources.js';
import type { Conversation } from '../conversations/store.js';
import { faultRoutes } from '../faults/routes.js';
import { roomResource } from '../meetings/store.js';
import { textMessageProblems } from '../messages/routes.js';
import type { MessagingService } from '../messages/service.js';
import { describeMessage, type MessageChannel } from '../messages/store.js';
import { ERROR_DOCS, invalidParams, ProblemError, useProblemErrors } from '../problem.js';
import { describeSession, type RtcGateway } from '../rtc/gateway.js';
import type { SandboxStores } from '../stores.js';
import { normaliseNumber } from '../validation.js';
import { describeVerifyRequest } from '../verify/store.js';
import { describeVideoSession } from '../video/store.js';

export interface InspectionContext {
  stores: SandboxStores;
  messaging: MessagingService;
  rtc: RtcGateway;
  reset(): void;
  publicUrl(): string;
  /** The virtual number the sandbox provides (E.164 without +). */
  virtualNumber: string;
}

interface InboundBody {
  channel: MessageChannel;
  from: string;
  to: string;
  text: string;
  profile_name?: string;
  context_message_uuid?: string;
  webhook_url?: string;
}

const inboundSchema = {
  type: 'object',
  required: ['channel', 'from', 'to', 'text'],
  properties: {
    channel: { type: 'string', enum: ['sms', 'whatsapp'] },
    from: { type: 'string' },
    to: { type: 'string' },
    text: { type: 'string' },
    profile_name: { type: 'string', minLength: 1 },
    context_message_uuid: { type: 'string', format: 'uuid' },
    webhook_url: { type: 'string', pattern: '^https?://' },
  },
} as const;

const number = (value: string | undefined) =>
  value === undefined || value.includes('@') ? value : normaliseNumber(value);

/**
 * Sandbox-only endpoints (not Vonage): read what the sandbox "sent", inject inbound traffic and
 * reset state between tests. No auth: the sandbox is a local development tool.
 */
export function inspectionRoutes(context: InspectionContext): FastifyPluginAsync {
  const { stores, messaging } = context;
  return async (app) => {
    useProblemErrors(app, 'application/json');

    app.get<{ Querystring: { to?: string } }>('/verify', async (request) => {
      const to = number(request.query.to);
      return stores.verify
        .all()
        .filter((r) => to === undefined || r.workflow.some((step) => step.to === to))
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((r) => describeVerifyRequest(r, stores.verify));
    });

    app.get<{ Querystring: { to?: string; from?: string; channel?: string } }>('/messages', async (request) => {
      const { to, from, channel } = request.query;
      return stores.messages.list({ to: number(to), from: number(from), channel }).map(describeMessage);
    });

    app.get('/webhooks', async () => stores.webhooks.list());

    // The number the sandbox "rents" to the application: texts from it can be answered.
    app.get('/numbers', async () => [{ msisdn: context.virtualNumber, features: ['SMS', 'WHATSAPP'] }]);

    app.get('/sessions', async () => context.rtc.list().map(describeSession));

    // Video API sessions with their browser connections (relay) and the signals sent to them.
    app.get('/video/sessions', async () => stores.video.list().map(describeVideoSession));
    app.get('/meetings', async () =>
      stores.rooms.list().map((room) => roomResource(room, stores.rooms.isAvailable(room), context.publicUrl())),
    );

    const conversationWithEvents = (conversation: Conversation) => {
      const base = context.publicUrl();
      return {
        ...conversationResource(conversation, base),
        members: stores.conversations
          .listMembers(conversation.id)
          .map((m) => memberResource(m, stores.conversations, base)),
        events: stores.conversations
          .listEvents(conversation.id)
          .map((e) => eventResource(e, stores.conversations, base)),
      };
    };

    app.get<{ Querystring: { name?: string } }>('/conversations', async (request) => {
      const { name } = request.query;
      if (name === undefined) return stores.conversations.listConversations().map(conversationWithEvents);
      const conversation = stores.conversations.conversationByName(name);
      if (!conversation)
        throw new ProblemError(404, {
          type: `${ERROR_DOCS}#not-found`,
          title: 'Not Found',
          detail: `No conversation is named '${name}'.`,
        });
      return conversationWithEvents(conversation);
    });

    app.post<{ Body: InboundBody }>('/inbound', { schema: { body: inboundSchema } }, async (request, reply) => {
      const body = request.body;
      const problems = textMessageProblems(body.channel, { to: body.to, from: body.from, text: body.text }, false);
      if (problems.length > 0) throw invalidParams(problems);
      const { message, payload, delivery } = await messaging.receive({
        channel: body.channel,
        to: normaliseNumber(body.to),
        from: normaliseNumber(body.from),
        text: body.text,
        profileName: body.profile_name,
        contextMessageUuid: body.context_message_uuid,
        webhookUrl: body.webhook_url,
      });
      return reply.code(201).send({ message_uuid: message.messageUuid, payload, webhook: delivery });
    });

    faultRoutes(app, stores.faults);

    app.delete('/', async (_request, reply) => {
      context.reset();
      return reply.code(204).send();
    });
  };
}
