import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';
import { OutboxService } from '../common/outbox/outbox.service.js';
import { OrdersConfig, ordersConfig } from '../config/configuration.js';
import { UsersService } from '../users/users.service.js';
import { ConsentService } from './consent/consent.service.js';
import { KEYWORD_TEXTS } from './keyword-texts.js';
import { classifyKeyword } from './keywords.js';
import { InboundMessageEvent, MESSAGING_INBOUND, MESSAGING_SEND_TOPIC } from './messaging.events.js';
import { InboundMessage } from './schemas/inbound-message.schema.js';
import { WhatsAppWindowService } from './whatsapp-window.service.js';

export type InboundOutcome = 'opted-out' | 'opted-in' | 'help' | 'forwarded' | 'duplicate';

/**
 * A customer's text to us. Carrier keywords come first, whatever else the message might be:
 * STOP & co. opt the number out (one confirmation, then silence), START & co. opt it back in,
 * HELP/INFO say who we are. STATUS, CANCEL ORDER and anything else go out as the
 * `messaging.inbound` application event (Orders answers or keeps them for staff).
 * Vonage redelivers webhooks, so each message_uuid is handled once.
 */
@Injectable()
export class InboundMessagesService {
  private readonly logger = new Logger(InboundMessagesService.name);

  constructor(
    @InjectModel(InboundMessage.name) private readonly inbound: Model<InboundMessage>,
    private readonly consent: ConsentService,
    private readonly outbox: OutboxService,
    private readonly users: UsersService,
    private readonly window: WhatsAppWindowService,
    private readonly events: EventEmitter2,
    @Inject(ordersConfig.KEY) private readonly orders: OrdersConfig,
  ) {}

  async receive(message: InboundMessageEvent): Promise<InboundOutcome> {
    const match = classifyKeyword(message.text);
    try {
      await this.inbound.create({ ...message, kind: match?.keyword ?? 'message' });
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
    try {
      // Any WhatsApp message from the customer opens (or renews) their 24-hour service window.
      if (message.channel === 'whatsapp') await this.window.opened(message.from, message.receivedAt);
      switch (match?.keyword) {
        case 'opt-out':
          if (await this.consent.record(message.from, 'opt-out', 'keyword', match.word))
            await this.answer(message, 'optOut');
          return 'opted-out';
        case 'opt-in':
          await this.consent.record(message.from, 'opt-in', 'keyword', match.word);
          await this.answer(message, 'optIn');
          return 'opted-in';
        case 'help':
          await this.answer(message, 'help');
          return 'help';
        default:
          await this.events.emitAsync(MESSAGING_INBOUND, { ...message, keyword: match?.keyword });
          return 'forwarded';
      }
    } catch (error) {
      // Not handled after all: forget it, so Vonage's redelivery (we answer 5xx) gets another go.
      await this.inbound.deleteOne({ messageUuid: message.messageUuid }).exec();
      throw error;
    }
  }

  /** One answer per inbound message (keyed by its uuid), on the channel it came by, in the customer's language. */
  private async answer(message: InboundMessageEvent, text: keyof (typeof KEYWORD_TEXTS)['en']): Promise<void> {
    const customer = await this.users.findByPhone(message.from);
    const language = customer?.language === 'es' ? 'es' : 'en';
    await this.outbox.enqueue([
      {
        key: `kw:${message.messageUuid.replaceAll('-', '')}`,
        topic: MESSAGING_SEND_TOPIC,
        payload: {
          channel: message.channel,
          to: message.from,
          text: KEYWORD_TEXTS[language][text].replace('{restaurant}', this.orders.restaurant),
          orderId: '',
          customerId: customer ? String(customer.id) : '',
          event: 'keyword',
        },
      },
    ]);
    this.logger.log({ from: `…${message.from.slice(-4)}`, answer: text }, 'answered a keyword');
  }
}
