import type { MessageChannel } from './message-sender.js';

/** Application event: a customer wrote to us (anything but STOP, which Messaging handles itself). */
export const MESSAGING_INBOUND = 'messaging.inbound';

export interface InboundMessageEvent {
  /** E.164 with a leading +. */
  from: string;
  channel: MessageChannel;
  text: string;
  messageUuid: string;
  receivedAt: Date;
}

/** Outbox topic of customer notifications. */
export const MESSAGING_SEND_TOPIC = 'messaging.send';
