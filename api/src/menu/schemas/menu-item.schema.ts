import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

@Schema({ collection: 'menu', timestamps: true })
export class MenuItem {
  @Prop({ required: true, trim: true, unique: true })
  name: string;

  @Prop({ trim: true, default: '' })
  description: string;

  /** Price in cents, so sums never meet floating point. */
  @Prop({ required: true, min: 0 })
  priceCents: number;

  @Prop({ required: true, default: true })
  available: boolean;

  /** How long the kitchen takes to prepare it: an order's ETA is its slowest item's. */
  @Prop({ required: true, default: 10, min: 0 })
  prepMinutes: number;

  @Prop({ trim: true, default: 'Mains' })
  category: string;

  createdAt: Date;
  updatedAt: Date;
}

export type MenuItemDocument = HydratedDocument<MenuItem>;
export const MenuItemSchema = SchemaFactory.createForClass(MenuItem);
