import type { FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../auth/hook.js';
import type { SandboxConfig } from '../config.js';
import { invalidParams, ProblemError, useProblemErrors, type InvalidParameter } from '../problem.js';
import { isE164, isSenderId, normaliseNumber } from '../validation.js';
import type { MessageChannel } from './store.js';
import type { MessagingService } from './service.js';

export const MESSAGES_ERRORS = 'https://developer.nexmo.com/api-errors/messages-olympus';
const SUPPORTED_CHANNELS: MessageChannel[] = ['sms', 'whatsapp'];
const VONAGE_CHANNELS = ['sms', 'mms', 'rcs', 'whatsapp', 'messenger', 'viber_service'];
/** Longest text Vonage takes per channel. */
const MAX_TEXT: Record<MessageChannel, number> = { sms: 1000, whatsapp: 4096 };

interface SendBody {
  channel: string;
  message_type: string;
  to: string;
  from: string;
  text?: string;
  client_ref?: string;
  webhook_url?: string;
}

const sendSchema = {
  type: 'object',
  required: ['channel', 'message_type', 'to', 'from'],
  properties: {
    channel: { type: 'string' },
    message_type: { type: 'string' },
    to: { type: 'string' },
    from: { type: 'string' },
    text: { type: 'string' },
    client_ref: { type: 'string' },
    webhook_url: { type: 'string' },
  },
} as const;

/** Field rules of a text message on sms or whatsapp, reported all at once like Vonage's invalid_parameters. */
export function textMessageProblems(
  channel: MessageChannel,
  body: { to: string; from: string; text?: string },
  /** Inbound messages come from a phone, never from an alphanumeric sender ID. */
  senderIdAllowed = channel === 'sms',
): InvalidParameter[] {
  const problems: InvalidParameter[] = [];
  if (!isE164(body.to)) problems.push({ name: 'to', reason: 'Invalid phone number: use E.164 without leading 00, e.g. 447700900000' });
  const validFrom = senderIdAllowed ? isSenderId(body.from) : isE164(body.from);
  if (!validFrom) {
    problems.push({ name: 'from', reason: senderIdAllowed ? 'Must be an E.164 number or an alphanumeric sender ID of up to 11 characters' : 'Must be an E.164 number' });
  }
  if (body.text === undefined || body.text.length === 0) problems.push({ name: 'text', reason: 'is required.' });
  else if (body.text.length > MAX_TEXT[channel]) problems.push({ name: 'text', reason: `Must be at most ${MAX_TEXT[channel]} characters` });
  return problems;
}

/** Messages v1: POST /v1/messages for sms and whatsapp text. */
export function messagesRoutes(config: SandboxConfig, service: MessagingService): FastifyPluginAsync {
  return async (app) => {
    useProblemErrors(app, 'application/problem+json', `${MESSAGES_ERRORS}#1150`);
    app.addHook('onRequest', requireAuth(config, ['jwt', 'basic']));

    app.post<{ Body: SendBody }>('/', { schema: { body: sendSchema } }, async (request, reply) => {
      const body = request.body;
      if (!SUPPORTED_CHANNELS.includes(body.channel as MessageChannel)) {
        const known = VONAGE_CHANNELS.includes(body.channel);
        throw new ProblemError(422, {
          type: `${MESSAGES_ERRORS}#1100`,
          title: 'Unsupported channel',
          detail: known
            ? `The sandbox emulates the sms and whatsapp channels only, not ${body.channel}.`
            : 'The specified channel is not supported.',
        });
      }
      const channel = body.channel as MessageChannel;
      if (body.message_type !== 'text') {
        throw new ProblemError(422, {
          type: `${MESSAGES_ERRORS}#1140`,
          title: 'Invalid message type',
          detail: `The sandbox emulates message_type "text" only, not "${body.message_type}".`,
        });
      }
      if (body.client_ref !== undefined && body.client_ref.length > 40) {
        throw new ProblemError(422, {
          type: `${MESSAGES_ERRORS}#1060`,
          title: 'Invalid client reference',
          detail: 'The client reference can be a string of up to 40 characters.',
        });
      }
      const problems = textMessageProblems(channel, body);
      if (body.webhook_url !== undefined && !/^https?:\/\/\S+$/.test(body.webhook_url)) problems.push({ name: 'webhook_url', reason: 'Must be an http(s) URL' });
      if (problems.length > 0) throw invalidParams(problems, `${MESSAGES_ERRORS}#1150`);

      const message = service.send({
        channel,
        to: normaliseNumber(body.to),
        from: normaliseNumber(body.from),
        text: body.text as string,
        clientRef: body.client_ref,
        webhookUrl: body.webhook_url,
      });
      request.log.info({ messageUuid: message.messageUuid, to: message.to, channel }, 'sandbox: message sent');
      return reply.code(202).send({ message_uuid: message.messageUuid });
    });
  };
}
