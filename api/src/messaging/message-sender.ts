export type MessageChannel = 'sms' | 'whatsapp';

export interface OutgoingMessage {
  channel: MessageChannel;
  /** E.164, e.g. +447700900123. */
  to: string;
  text: string;
  /** Our reference, echoed in Vonage's status webhooks: how a receipt finds its notification. */
  clientRef: string;
  /**
   * WhatsApp outside the customer's 24-hour window: an approved template instead of free text
   * (`text` is then only what we record). Its parameters fill {{1}}, {{2}}… in order.
   */
  template?: { name: string; locale: string; parameters: string[] };
}

/**
 * Port: sends one text message. Bound to the Vonage Messages API adapter by VonageModule.
 * A provider failure is an UpstreamError (common/upstream): `answered` says whether the text
 * surely was not taken (safe to send again), `kind` 'rate-limited' carries Retry-After.
 */
export abstract class MessageSender {
  abstract send(message: OutgoingMessage): Promise<{ messageUuid: string }>;
}
