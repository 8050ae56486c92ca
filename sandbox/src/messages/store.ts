import { randomUUID } from 'node:crypto';
import { iso } from '../validation.js';

export type MessageChannel = 'sms' | 'whatsapp';
export type MessageStatus = 'submitted' | 'delivered' | 'rejected' | 'received';

export interface MessageRecord {
  messageUuid: string;
  direction: 'outbound' | 'inbound';
  channel: MessageChannel;
  to: string;
  from: string;
  text: string;
  clientRef?: string;
  status: MessageStatus;
  createdAt: number;
  updatedAt: number;
  /** Where this message's status webhooks go (request webhook_url or the application's status URL). */
  statusUrl?: string;
  /** For inbound WhatsApp: the sender's profile name. */
  profileName?: string;
  /** Outbound: text, or a WhatsApp template (rendered into `text` for the inbox). */
  messageType?: 'text' | 'template';
  templateName?: string;
  /** Vonage's error code when the message ends rejected (1240 opted out, 1320 unreachable, 1340 outside the window). */
  errorCode?: string;
}

/** Messages sent through POST /v1/messages and inbound ones injected through the sandbox. */
export class MessageStore {
  private messages: MessageRecord[] = [];

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.messages = [];
  }

  add(message: Omit<MessageRecord, 'messageUuid' | 'createdAt' | 'updatedAt'>): MessageRecord {
    const now = this.now();
    const record: MessageRecord = { ...message, messageUuid: randomUUID(), createdAt: now, updatedAt: now };
    this.messages.push(record);
    return record;
  }

  setStatus(message: MessageRecord, status: MessageStatus): void {
    message.status = status;
    message.updatedAt = this.now();
  }

  list(filter: { to?: string; from?: string; channel?: string } = {}): MessageRecord[] {
    return this.messages.filter(
      (m) =>
        (filter.to === undefined || m.to === filter.to) &&
        (filter.from === undefined || m.from === filter.from) &&
        (filter.channel === undefined || m.channel === filter.channel),
    );
  }
}

/** The inspection view of a message (not a Vonage shape). */
export function describeMessage(message: MessageRecord) {
  return {
    message_uuid: message.messageUuid,
    direction: message.direction,
    channel: message.channel,
    message_type: message.messageType ?? 'text',
    template: message.templateName ?? null,
    error_code: message.errorCode ?? null,
    to: message.to,
    from: message.from,
    text: message.text,
    status: message.status,
    client_ref: message.clientRef ?? null,
    time: iso(message.createdAt),
    updated_at: iso(message.updatedAt),
  };
}
