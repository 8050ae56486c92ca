import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { Clock } from '../../common/clock/clock.js';
import { isDuplicateKeyError } from '../../common/database/duplicate-key.js';
import { Consent, ConsentAction, ConsentSource } from './consent.schema.js';
import { csvRow } from './csv.js';

/**
 * Who agreed to texts, who opted out, and when. Every change is appended to the number's
 * history; `optedOut` is flipped with a conditional update so that of two concurrent STOPs only
 * one reports a change (and only one confirmation text goes out).
 */
@Injectable()
export class ConsentService {
  private readonly logger = new Logger(ConsentService.name);

  constructor(
    @InjectModel(Consent.name) private readonly consents: Model<Consent>,
    private readonly clock: Clock,
  ) {}

  /** Records an opt-in or opt-out; true when it changed the number's state. */
  async record(phone: string, action: ConsentAction, source: ConsentSource, detail = ''): Promise<boolean> {
    await this.ensure(phone);
    const optedOut = action === 'opt-out';
    const event = { action, source, detail: detail.slice(0, 1000), at: this.clock.now() };
    const changed = await this.consents
      .updateOne({ phone, optedOut: trusted({ $ne: optedOut }) }, { $set: { optedOut }, $push: { events: event } })
      .exec();
    if (changed.modifiedCount > 0) {
      this.logger.log({ phone: mask(phone), action, source }, 'text consent changed');
      return true;
    }
    // Already in that state: still part of the record (a second STOP, a repeated checkbox).
    await this.consents.updateOne({ phone }, { $push: { events: event } }).exec();
    return false;
  }

  async isSuppressed(phone: string): Promise<boolean> {
    const consent = await this.consents.findOne({ phone }, { optedOut: 1 }).lean().exec();
    return consent?.optedOut === true;
  }

  /**
   * True for exactly one caller per number: the first text to a number ends with the opt-out
   * line. A conditional update, so concurrent first texts cannot both claim it.
   */
  async claimFirstText(phone: string): Promise<boolean> {
    await this.ensure(phone);
    const result = await this.consents
      .updateOne({ phone, firstTextAt: null }, { $set: { firstTextAt: this.clock.now() } })
      .exec();
    return result.modifiedCount > 0;
  }

  /** The whole record as CSV, one row per event, oldest number first. */
  async exportCsv(): Promise<string> {
    const rows = [csvRow(['phone', 'opted_out_now', 'first_text_at', 'event_at', 'action', 'source', 'detail'])];
    for await (const consent of this.consents.find().sort({ createdAt: 1 }).lean().cursor()) {
      const base = [consent.phone, consent.optedOut, consent.firstTextAt?.toISOString() ?? ''];
      // A record whose first write was a concurrent upsert may lack the (empty) history field.
      const events = consent.events ?? [];
      if (events.length === 0) rows.push(csvRow([...base, '', '', '', '']));
      for (const event of events)
        rows.push(csvRow([...base, event.at.toISOString(), event.action, event.source, event.detail]));
    }
    return `${rows.join('\r\n')}\r\n`;
  }

  private async ensure(phone: string): Promise<void> {
    try {
      await this.consents
        .updateOne(
          { phone },
          { $setOnInsert: { phone, optedOut: false, firstTextAt: null, events: [] } },
          { upsert: true },
        )
        .exec();
    } catch (error) {
      // Two first writes for one number at once: the other one created it.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}

function mask(phone: string): string {
  return `…${phone.slice(-4)}`;
}
