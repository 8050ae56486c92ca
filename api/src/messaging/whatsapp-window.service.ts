import { Injectable } from '@nestjs/common';
import { InjectModel, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Clock } from '../common/clock/clock.js';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';

/** WhatsApp lets a business send free text only within 24 hours of the customer's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The customer's last inbound WhatsApp message, per number: it opens the 24-hour service window. */
@Schema({ collection: 'whatsapp_windows', timestamps: true })
export class WhatsAppWindow {
  @Prop({ required: true, unique: true })
  phone: string;

  @Prop({ required: true })
  lastInboundAt: Date;
}
export const WhatsAppWindowSchema = SchemaFactory.createForClass(WhatsAppWindow);

@Injectable()
export class WhatsAppWindowService {
  constructor(
    @InjectModel(WhatsAppWindow.name) private readonly windows: Model<WhatsAppWindow>,
    private readonly clock: Clock,
  ) {}

  /** A message from the customer (re)opens the window; $max, so a late webhook cannot shorten it. */
  async opened(phone: string, at: Date): Promise<void> {
    try {
      await this.windows
        .updateOne({ phone }, { $max: { lastInboundAt: at }, $setOnInsert: { phone } }, { upsert: true })
        .exec();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await this.windows.updateOne({ phone }, { $max: { lastInboundAt: at } }).exec();
    }
  }

  async isOpen(phone: string): Promise<boolean> {
    const window = await this.windows.findOne({ phone }).lean().exec();
    return window !== null && this.clock.now().getTime() - window.lastInboundAt.getTime() < WHATSAPP_WINDOW_MS;
  }
}
