import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { UsersService } from '../users/users.service.js';
import { InboundMessageEvent, MESSAGING_INBOUND } from './messaging.events.js';
import { InboundMessage } from './schemas/inbound-message.schema.js';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';

/** Carrier-standard opt-out keywords (the whole message, any case). */
const OPT_OUT = /^\s*(stop|stopall|unsubscribe|end|quit)\s*[.!]*\s*$/i;

export type InboundOutcome = 'opted-out' | 'forwarded' | 'duplicate';

/**
 * A customer's text to us. STOP turns their notifications off here; anything else goes out as
 * the `messaging.inbound` application event (Orders answers STATUS, keeps the rest for staff).
 * Vonage redelivers webhooks, so each message_uuid is handled once.
 */
@Injectable()
export class InboundMessagesService {
  private readonly logger = new Logger(InboundMessagesService.name);

  constructor(
    @InjectModel(InboundMessage.name) private readonly inbound: Model<InboundMessage>,
    private readonly users: UsersService,
    private readonly events: EventEmitter2,
  ) {}

  async receive(message: InboundMessageEvent): Promise<InboundOutcome> {
    const optOut = OPT_OUT.test(message.text);
    try {
      await this.inbound.create({ ...message, kind: optOut ? 'opt-out' : 'message' });
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'duplicate';
      throw error;
    }
    try {
      if (optOut) {
        const changed = await this.users.setNotificationChannel(message.from, 'none');
        this.logger.log({ from: message.from, accounts: changed }, 'customer opted out of notifications');
        return 'opted-out';
      }
      await this.events.emitAsync(MESSAGING_INBOUND, message);
      return 'forwarded';
    } catch (error) {
      // Not handled after all: forget it, so Vonage's redelivery (we answer 5xx) gets another go.
      await this.inbound.deleteOne({ messageUuid: message.messageUuid }).exec();
      throw error;
    }
  }
}
