export type MessageChannel = 'sms' | 'whatsapp';

export interface OutgoingMessage {
  channel: MessageChannel;
  /** E.164, e.g. +447700900123. */
  to: string;
  text: string;
  /** Our reference, echoed in Vonage's status webhooks: how a receipt finds its notification. */
  clientRef: string;
}

/** Port: sends one text message. Bound to the Vonage Messages API adapter by VonageModule. */
export abstract class MessageSender {
  abstract send(message: OutgoingMessage): Promise<{ messageUuid: string }>;
}
