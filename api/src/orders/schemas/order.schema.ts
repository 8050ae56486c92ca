import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';
import type { Role } from '../../common/auth/role.js';
import { ORDER_STATUSES, OrderStatus } from '../order-status.js';

@Schema({ _id: false })
export class OrderLine {
  @Prop({ type: Types.ObjectId, required: true })
  menuItemId: Types.ObjectId;

  /** Name and price as they were when ordered: later menu changes do not rewrite history. */
  @Prop({ required: true })
  name: string;

  @Prop({ required: true })
  unitPriceCents: number;

  @Prop({ required: true })
  quantity: number;

  @Prop({ default: '' })
  note: string;

  /** The menu item's preparation time when ordered (the ETA is the slowest line's). */
  @Prop({ type: Number, default: null })
  prepMinutes: number | null;
}

@Schema({ _id: false })
export class StatusChange {
  @Prop({ type: String, required: true, enum: ORDER_STATUSES })
  status: OrderStatus;

  @Prop({ type: Types.ObjectId, required: true })
  by: Types.ObjectId;

  @Prop({ type: String, required: true })
  byRole: Role;

  @Prop({ required: true })
  at: Date;
}

/**
 * Work for the outbox written in the same document update as the change that caused it, so the
 * two can never part (no multi-document transactions needed). The relay moves it to the outbox.
 */
@Schema({ _id: false })
export class PendingOutboxEntry {
  @Prop({ required: true })
  key: string;

  @Prop({ required: true })
  topic: string;

  @Prop({ type: Object, required: true })
  payload: Record<string, unknown>;
}

@Schema({ _id: false })
export class CustomerReply {
  /** Staff mark a reply handled by it (replies from before it existed get their index as id). */
  @Prop({ type: String, default: null })
  id: string | null;

  @Prop({ type: Date, default: null })
  handledAt: Date | null;

  @Prop({ required: true })
  text: string;

  @Prop({ required: true })
  channel: string;

  @Prop({ required: true })
  at: Date;
}

@Schema({ collection: 'orders', timestamps: true })
export class Order {
  /** Human-friendly, increasing order number (#1042). */
  @Prop({ required: true, unique: true })
  number: number;

  @Prop({ type: Types.ObjectId, required: true, index: true })
  customerId: Types.ObjectId;

  @Prop({ required: true })
  customerName: string;

  @Prop({ required: true })
  customerEmail: string;

  @Prop({ required: true })
  customerPhone: string;

  @Prop({ type: [OrderLine], required: true })
  items: OrderLine[];

  @Prop({ required: true })
  totalCents: number;

  @Prop({ type: String, required: true, enum: ORDER_STATUSES, default: 'placed', index: true })
  status: OrderStatus;

  @Prop({ type: [StatusChange], default: [] })
  history: StatusChange[];

  /** Always set (a random one when the client sent none), so one unique index serves MongoDB and FerretDB alike. */
  @Prop({ required: true })
  idempotencyKey: string;

  @Prop({ type: [PendingOutboxEntry], default: [] })
  outboxPending: PendingOutboxEntry[];

  @Prop({ default: false, index: true })
  hasOutboxPending: boolean;

  @Prop({ type: [CustomerReply], default: [] })
  customerReplies: CustomerReply[];

  /** The customer texted CANCEL ORDER: shown to staff, who decide; never a silent cancellation. */
  @Prop({ type: Object, default: null })
  cancelRequest: { at: Date; channel: string } | null;

  /** When it should be ready: set as preparation starts, from the slowest item. */
  @Prop({ type: Date, default: null })
  etaAt: Date | null;

  /** When the one running-late text was queued (at most one per order). */
  @Prop({ type: Date, default: null })
  lateNotifiedAt: Date | null;

  /** Host link of the support video room, once the customer asked for help. */
  @Prop({ type: String, default: null })
  meetingUrl: string | null;

  createdAt: Date;
  updatedAt: Date;
}

export type OrderDocument = HydratedDocument<Order>;
export const OrderSchema = SchemaFactory.createForClass(Order);
OrderSchema.index({ customerId: 1, idempotencyKey: 1 }, { unique: true });
OrderSchema.index({ createdAt: -1 });
// The late sweep: orders still preparing past their ETA.
OrderSchema.index({ status: 1, etaAt: 1 });

@Schema({ collection: 'counters' })
export class Counter {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ required: true, default: 0 })
  value: number;
}
export const CounterSchema = SchemaFactory.createForClass(Counter);
