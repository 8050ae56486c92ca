import type { FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../auth/hook.js';
import type { SandboxConfig } from '../config.js';
import { type InvalidParameter, invalidParams, ProblemError, useProblemErrors } from '../problem.js';
import { isE164, isSenderId, normaliseNumber } from '../validation.js';
import type { MessagingService } from './service.js';
import type { MessageChannel } from './store.js';

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
  template?: { name?: unknown; parameters?: unknown };
  whatsapp?: { policy?: unknown; locale?: unknown };
}

/**
 * WhatsApp message templates the sandbox's business account has "approved": name → locales and
 * body ({{1}}… are the parameters). A business may send them outside the 24-hour window.
 */
export const WHATSAPP_TEMPLATES: Record<string, { locales: string[]; body: string }> = {
  tabletalk_order_update: { locales: ['en', 'en_GB', 'en_US', 'es', 'es_ES', 'es_MX'], body: 'Order update: {{1}}' },
};

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
    template: { type: 'object' },
    whatsapp: { type: 'object' },
  },
} as const;

/** Checks a WhatsApp template message like Vonage does; answers its rendered text. */
function templateText(body: SendBody): string {
  const problems: InvalidParameter[] = [];
  const name = body.template?.name;
  const parameters = body.template?.parameters ?? [];
  if (typeof name !== 'string' || name.length === 0) problems.push({ name: 'template.name', reason: 'is required.' });
  if (!Array.isArray(parameters) || parameters.some((p) => typeof p !== 'string'))
    problems.push({ name: 'template.parameters', reason: 'Must be an array of strings' });
  // The spec: locale required; policy optional, and `deterministic` is its only value.
  if (body.whatsapp?.policy !== undefined && body.whatsapp.policy !== 'deterministic')
    problems.push({ name: 'whatsapp.policy', reason: 'Must be deterministic' });
  if (typeof body.whatsapp?.locale !== 'string' || body.whatsapp.locale.length === 0)
    problems.push({ name: 'whatsapp.locale', reason: 'is required.' });
  if (problems.length > 0) throw invalidParams(problems, `${MESSAGES_ERRORS}#1150`);
  const templateName = name as string; // checked above
  const template = WHATSAPP_TEMPLATES[templateName];
  const locale = body.whatsapp!.locale as string;
  const params = parameters as string[];
  const expected = template ? (template.body.match(/\{\{\d+\}\}/g) ?? []).length : 0;
  if (!template || !template.locales.includes(locale) || params.length !== expected) {
    throw new ProblemError(422, {
      type: `${MESSAGES_ERRORS}#1022`,
      title: 'Invalid template',
      detail: !template
        ? `No approved template is named "${templateName}".`
        : !template.locales.includes(locale)
          ? `Template "${templateName}" is not approved in locale ${locale}.`
          : `Template "${templateName}" takes ${expected} parameters, got ${params.length}.`,
    });
  }
  return template.body.replace(/\{\{(\d+)\}\}/g, (_, n: string) => params[Number(n) - 1]);
}

/** Field rules of a text message on sms or whatsapp, reported all at once like Vonage's invalid_parameters. */
export function textMessageProblems(
  channel: MessageChannel,
  body: { to: string; from: string; text?: string },
  /** Inbound messages come from a phone, never from an alphanumeric sender ID. */
  senderIdAllowed = channel === 'sms',
): InvalidParameter[] {
  const problems: InvalidParameter[] = [];
  if (!isE164(body.to))
    problems.push({ name: 'to', reason: 'Invalid phone number: use E.164 without leading 00, e.g. 447700900000' });
  const validFrom = senderIdAllowed ? isSenderId(body.from) : isE164(body.from);
  if (!validFrom) {
    problems.push({
      name: 'from',
      reason: senderIdAllowed
        ? 'Must be an E.164 number or an alphanumeric sender ID of up to 11 characters'
        : 'Must be an E.164 number',
    });
  }
  if (body.text === undefined || body.text.length === 0) problems.push({ name: 'text', reason: 'is required.' });
  else if (body.text.length > MAX_TEXT[channel])
    problems.push({ name: 'text', reason: `Must be at most ${MAX_TEXT[channel]} characters` });
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
      const isTemplate = channel === 'whatsapp' && body.message_type === 'template';
      if (body.message_type !== 'text' && !isTemplate) {
        throw new ProblemError(422, {
          type: `${MESSAGES_ERRORS}#1140`,
          title: 'Invalid message type',
          detail: `The sandbox emulates message_type "text" (sms, whatsapp) and "template" (whatsapp) only, not "${body.message_type}".`,
        });
      }
      if (isTemplate) body.text = templateText(body);
      if (body.client_ref !== undefined && body.client_ref.length > 40) {
        throw new ProblemError(422, {
          type: `${MESSAGES_ERRORS}#1060`,
          title: 'Invalid client reference',
          detail: 'The client reference can be a string of up to 40 characters.',
        });
      }
      const problems = textMessageProblems(channel, body);
      if (body.webhook_url !== undefined && !/^https?:\/\/\S+$/.test(body.webhook_url))
        problems.push({ name: 'webhook_url', reason: 'Must be an http(s) URL' });
      if (problems.length > 0) throw invalidParams(problems, `${MESSAGES_ERRORS}#1150`);

      const message = service.send({
        channel,
        to: normaliseNumber(body.to),
        from: normaliseNumber(body.from),
        text: body.text as string,
        clientRef: body.client_ref,
        webhookUrl: body.webhook_url,
        messageType: isTemplate ? 'template' : 'text',
        templateName: isTemplate ? (body.template!.name as string) : undefined,
      });
      request.log.info({ messageUuid: message.messageUuid, to: message.to, channel }, 'sandbox: message sent');
      return reply.code(202).send({ message_uuid: message.messageUuid });
    });
  };
}
