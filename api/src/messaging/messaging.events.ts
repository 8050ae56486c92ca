import type { OutboxTopic } from '../common/outbox/outbox-topics.js';
import type { MessageChannel } from './message-sender.js';
import type { SendRequest } from './send-request.js';

/** Application event: a customer wrote to us (anything but the opt-out/opt-in/help keywords, which Messaging answers itself). */
export const MESSAGING_INBOUND = 'messaging.inbound';

export interface InboundMessageEvent {
  /** E.164 with a leading +. */
  from: string;
  channel: MessageChannel;
  text: string;
  messageUuid: string;
  receivedAt: Date;
  /** A keyword Orders acts on: STATUS (answer with the latest order) or CANCEL ORDER (ask staff). */
  keyword?: 'status' | 'cancel-order';
}

declare module '../common/outbox/outbox-topics.js' {
  interface OutboxTopics {
    /** Customer notifications: sent by MessagingService.deliver. */
    'messaging.send': SendRequest;
  }
}

/** Outbox topic of customer notifications. */
export const MESSAGING_SEND_TOPIC = 'messaging.send' satisfies OutboxTopic;
