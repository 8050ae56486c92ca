import { BadRequestException } from '@nestjs/common';
import type { InboundMessageEvent } from '../messaging.events.js';
import type { DeliveryReceipt } from '../messaging.service.js';
import { stateOfVonageStatus } from '../notification-state.js';

const str = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);

function malformed(message: string): BadRequestException {
  return new BadRequestException({ type: 'malformed-webhook', message });
}

function dateOr(value: unknown, fallback: Date): Date {
  const at = typeof value === 'string' ? new Date(value) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : fallback;
}

/** Reads a Messages v1 status webhook; undefined for statuses we do not track (acknowledged, ignored). */
export function readStatusWebhook(body: Record<string, unknown>): DeliveryReceipt | undefined {
  const messageUuid = str(body.message_uuid);
  const status = str(body.status);
  if (!messageUuid || !status) throw malformed('A status webhook needs message_uuid and status');
  const state = stateOfVonageStatus(status);
  if (!state) return undefined;
  const error = body.error as { title?: unknown; detail?: unknown } | undefined;
  const errorText = error
    ? [error.title, error.detail].filter((part) => part !== undefined && part !== '').join(': ')
    : undefined;
  const errorCode = error ? (str((error as { type?: unknown }).type) ?? str(error.title)) : undefined;
  return {
    messageUuid,
    state,
    clientRef: str(body.client_ref),
    at: dateOr(body.timestamp, new Date()),
    error: errorText || undefined,
    errorCode,
  };
}

/** Reads a Messages v1 inbound text webhook into our event (numbers as E.164 with +). */
export function readInboundWebhook(body: Record<string, unknown>): InboundMessageEvent | undefined {
  const messageUuid = str(body.message_uuid);
  const from = str(body.from);
  const channel = str(body.channel);
  if (!messageUuid || !from || !channel) throw malformed('An inbound webhook needs message_uuid, from and channel');
  if (channel !== 'sms' && channel !== 'whatsapp') return undefined;
  const text = typeof body.text === 'string' ? body.text : '';
  if (!/^\+?[1-9]\d{6,14}$/.test(from)) throw malformed('from must be a phone number');
  return {
    from: `+${from.replace(/^\+/, '')}`,
    channel,
    text,
    messageUuid,
    receivedAt: dateOr(body.timestamp, new Date()),
  };
}
