import { PermanentError } from '../common/outbox/outbox.errors.js';
import type { MessageChannel } from './message-sender.js';
import { NOTIFICATION_EVENTS, type NotificationEvent } from './schemas/notification.schema.js';

/** The payload of a `messaging.send` outbox entry, as producers (Orders) write it. */
export interface SendRequest {
  channel: MessageChannel;
  to: string;
  text: string;
  orderId: string;
  customerId: string;
  event: NotificationEvent;
  /** Orders found the number opted out when it queued the text: recorded as suppressed, never sent. */
  suppressedAtQueue?: boolean;
  /** The failed notification (client_ref) this one sends again, on a staff member's request. */
  resendOf?: string;
  /** The failed WhatsApp notification this SMS stands in for (sent once, by the fallback). */
  fallbackOf?: string;
  /** The customer's language (picks the WhatsApp template's locale). */
  language?: 'en' | 'es';
}

/** Texts the customer asked for by a keyword (STOP's confirmation, HELP): sent even to an opted-out number. */
export const KEYWORD_EVENTS: readonly NotificationEvent[] = ['keyword'];

const E164 = /^\+[1-9]\d{6,14}$/;

/** Checks a payload read back from the outbox; a malformed one can never be sent, so it fails for good. */
export function parseSendRequest(stored: SendRequest | Record<string, unknown>): SendRequest {
  const payload = stored as Record<string, unknown>;
  const { channel, to, text, orderId, customerId, event } = payload;
  const problems: string[] = [];
  if (channel !== 'sms' && channel !== 'whatsapp') problems.push('channel must be sms or whatsapp');
  if (typeof to !== 'string' || !E164.test(to)) problems.push('to must be an E.164 number');
  if (typeof text !== 'string' || text.trim().length === 0) problems.push('text is required');
  // A keyword's answer (HELP, STOP's confirmation) may come from a number with no order or account.
  const needsOrder = event !== 'keyword';
  if (typeof orderId !== 'string' || (needsOrder && orderId.length === 0)) problems.push('orderId is required');
  if (typeof customerId !== 'string' || (needsOrder && customerId.length === 0))
    problems.push('customerId is required');
  if (!NOTIFICATION_EVENTS.includes(event as NotificationEvent))
    problems.push(`event must be one of ${NOTIFICATION_EVENTS.join(', ')}`);
  if (problems.length > 0) throw new PermanentError(`Invalid messaging.send payload: ${problems.join('; ')}`);
  return payload as unknown as SendRequest;
}

/** Vonage takes a client_ref of up to 40 characters; our keys fit, a longer one would be refused. */
export const MAX_CLIENT_REF = 40;
