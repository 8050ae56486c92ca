import type { SandboxConfig } from '../config.js';
import { iso } from '../validation.js';
import type { MessageChannel, MessageRecord, MessageStore } from './store.js';
import type { WebhookDelivery, WebhookSender } from './webhooks.js';

const MESSAGES_ERRORS = 'https://developer.nexmo.com/api-errors/messages-olympus';

export interface OutboundMessage {
  channel: MessageChannel;
  to: string;
  from: string;
  text: string;
  clientRef?: string;
  webhookUrl?: string;
  messageType?: 'text' | 'template';
  templateName?: string;
}

/** WhatsApp's customer service window: free text only within 24 hours of the customer's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface InboundMessage {
  channel: MessageChannel;
  to: string;
  from: string;
  text: string;
  profileName?: string;
  /** Message being replied to (WhatsApp context). */
  contextMessageUuid?: string;
  webhookUrl?: string;
}

/**
 * What happens to a message after the API accepted it: Vonage posts a "submitted" status, then
 * "delivered" (or "rejected" for numbers configured as unreachable), each as a signed webhook.
 */
export class MessagingService {
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Last inbound WhatsApp message per customer number (opens the 24-hour window). */
  private readonly lastWhatsAppInbound = new Map<string, number>();

  constructor(
    private readonly config: SandboxConfig,
    private readonly store: MessageStore,
    private readonly webhooks: WebhookSender,
  ) {}

  /** Stops status updates still scheduled (reset between tests, shutdown). */
  cancelPending(): void {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    this.lastWhatsAppInbound.clear();
  }

  /** Why the carrier/WhatsApp will refuse this message, as Vonage's error code; undefined when it goes through. */
  private refusal(message: MessageRecord): '1240' | '1340' | '1320' | undefined {
    if (this.config.optedOutNumbers.has(message.to)) return '1240';
    if (message.channel === 'whatsapp' && message.messageType !== 'template') {
      const last = this.lastWhatsAppInbound.get(message.to);
      if (last === undefined || this.config.now() - last >= WHATSAPP_WINDOW_MS) return '1340';
    }
    if (this.config.rejectedNumbers.has(message.to)) return '1320';
    return undefined;
  }

  send(input: OutboundMessage): MessageRecord {
    const message = this.store.add({
      direction: 'outbound',
      channel: input.channel,
      to: input.to,
      from: input.from,
      text: input.text,
      clientRef: input.clientRef,
      status: 'submitted',
      statusUrl: input.webhookUrl ?? this.config.statusWebhookUrl,
      messageType: input.messageType ?? 'text',
      templateName: input.templateName,
    });
    const submitted = this.reportStatus(message);
    message.errorCode = this.refusal(message);
    const finalStatus = message.errorCode ? 'rejected' : 'delivered';
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.store.setStatus(message, finalStatus);
      // Webhooks of one message go out in order: the final status waits for "submitted".
      void submitted.then(() => this.reportStatus(message));
    }, this.config.messageDeliveryDelayMs);
    this.timers.add(timer);
    return message;
  }

  /** Records an inbound message and posts the signed inbound webhook; resolves once it was delivered (or failed). */
  async receive(
    input: InboundMessage,
  ): Promise<{ message: MessageRecord; payload: Record<string, unknown>; delivery: WebhookDelivery | null }> {
    const message = this.store.add({
      direction: 'inbound',
      channel: input.channel,
      to: input.to,
      from: input.from,
      text: input.text,
      status: 'received',
      profileName: input.profileName,
    });
    if (message.channel === 'whatsapp') this.lastWhatsAppInbound.set(message.from, message.createdAt);
    const payload = inboundPayload(message, input);
    const url = input.webhookUrl ?? this.config.inboundWebhookUrl;
    const delivery = url ? await this.webhooks.deliver('inbound-message', url, message.messageUuid, payload) : null;
    return { message, payload, delivery };
  }

  private async reportStatus(message: MessageRecord): Promise<void> {
    if (!message.statusUrl) return;
    await this.webhooks.deliver(
      'message-status',
      message.statusUrl,
      message.messageUuid,
      statusPayload(message, this.config.now()),
    );
  }
}

/** Vonage's words for the refusals the sandbox emulates (messages-olympus x-errors). */
const REFUSALS: Record<string, string> = {
  '1240':
    'Illegal Number - the recipient has sent a STOP opt-out message and no longer wishes to receive messages from you (sandbox: SANDBOX_OPTED_OUT_NUMBERS)',
  '1320': 'Message failed: the recipient is unreachable (sandbox: number listed in SANDBOX_REJECTED_NUMBERS)',
  '1340':
    'Outside of the allowed window - this message is sent outside of allowed response window (WhatsApp free text needs a customer message in the last 24 hours; use a template)',
};

/** Message status webhook body (spec: messageStatusSMS / messageStatusWhatsApp). */
export function statusPayload(message: MessageRecord, now: number): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    message_uuid: message.messageUuid,
    to: message.to,
    from: message.from,
    timestamp: iso(now),
    status: message.status,
    channel: message.channel,
  };
  if (message.clientRef !== undefined) payload.client_ref = message.clientRef;
  if (message.status === 'rejected') {
    const code = message.errorCode ?? '1320';
    payload.error = {
      type: `${MESSAGES_ERRORS}#${code}`,
      title: code,
      detail: REFUSALS[code] ?? REFUSALS['1320'],
      instance: message.messageUuid,
    };
  } else {
    payload.usage = { currency: 'EUR', price: message.channel === 'sms' ? '0.0057' : '0.0085' };
  }
  if (message.channel === 'whatsapp' && message.status === 'delivered') {
    payload.whatsapp = { conversation: { id: message.messageUuid.replace(/-/g, ''), origin: { type: 'utility' } } };
  }
  return payload;
}

/** Inbound message webhook body (spec: inboundMessageSMS / inboundWhatsAppMessageCommon + Text). */
function inboundPayload(message: MessageRecord, input: InboundMessage): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    channel: message.channel,
    message_uuid: message.messageUuid,
    to: message.to,
    from: message.from,
    timestamp: iso(message.createdAt),
    message_type: 'text',
    text: message.text,
  };
  if (message.channel === 'sms') {
    payload.sms = { num_messages: String(Math.max(1, Math.ceil(message.text.length / 160))) };
    payload.usage = { currency: 'EUR', price: '0.0057' };
  } else {
    payload.profile = { name: input.profileName ?? 'Sandbox Customer' };
    if (input.contextMessageUuid)
      payload.context = { message_uuid: input.contextMessageUuid, message_from: message.to };
  }
  return payload;
}
