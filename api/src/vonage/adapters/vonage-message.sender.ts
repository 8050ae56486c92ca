import { Inject, Injectable } from '@nestjs/common';
import { MessagingConfig, messagingConfig } from '../../config/configuration.js';
import { MessageSender, OutgoingMessage } from '../../messaging/message-sender.js';
import { VONAGE_CLIENT } from '../vonage.tokens.js';
import { callVonage } from '../vonage-call.js';
import type { VonageClients } from '../vonage-clients.js';

/** Messages API v1 text over SMS or WhatsApp through @vonage/messages (loaded with the first text). */
@Injectable()
export class VonageMessageSender extends MessageSender {
  constructor(
    @Inject(VONAGE_CLIENT) private readonly vonage: VonageClients,
    @Inject(messagingConfig.KEY) private readonly config: MessagingConfig,
  ) {
    super();
  }

  async send({ channel, to, text, clientRef, template }: OutgoingMessage): Promise<{ messageUuid: string }> {
    // Loaded on first use (see VonageClients); already loaded from the second text on.
    const { Channels, SMS, WhatsAppTemplate, WhatsAppText } = await import('@vonage/messages');
    // Vonage wants E.164 without the +.
    const common = { to: to.replace(/^\+/, ''), text, clientRef, webhookUrl: this.config.statusWebhookUrl };
    const whatsappFrom = this.config.whatsappFrom.replace(/^\+/, '');
    const message =
      channel === 'whatsapp' && template
        ? new WhatsAppTemplate({
            to: common.to,
            from: whatsappFrom,
            clientRef,
            webhookUrl: common.webhookUrl,
            whatsapp: { policy: 'deterministic', locale: template.locale as never },
            template: { name: template.name, parameters: template.parameters },
          })
        : channel === 'whatsapp'
          ? new WhatsAppText({ ...common, from: whatsappFrom })
          : new SMS({
              ...common,
              channel: Channels.SMS,
              messageType: 'text',
              from: this.config.smsFrom.replace(/^\+/, ''),
            });
    const { messageUUID } = await callVonage(`messages.send.${channel}`, async () =>
      (await this.vonage.messages()).send(message),
    );
    return { messageUuid: messageUUID };
  }
}
