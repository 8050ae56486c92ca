import { Injectable, Logger } from '@nestjs/common';
import { InjectModel, Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Model, trusted, Types } from 'mongoose';
import { isFerretDb, objectIdFor } from '../common/database/by-id.js';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';
import { Notification } from './schemas/notification.schema.js';

/**
 * Which notification of an order is its latest (by `createdAt`), one document per order under an
 * `_id` derived from the order id: the order list's delivery state is read by `_id`.
 *
 * Why: FerretDB v1 (SQLite) answers only `{ _id: <value> }` without reading the whole collection,
 * so `find({ orderId: { $in: <page> } })` decoded every notification ever sent on every list
 * request (issue #15). MongoDB answers that query from its `orderId` index and keeps using it.
 */
@Schema({ collection: 'latest_notifications', timestamps: false, versionKey: false })
export class LatestNotification {
  @Prop({ type: String, required: true })
  orderId: string;

  @Prop({ type: Types.ObjectId, required: true })
  notificationId: Types.ObjectId;

  /** The notification's createdAt: a pointer moves only to a text created at or after it. */
  @Prop({ required: true })
  at: Date;
}
export const LatestNotificationSchema = SchemaFactory.createForClass(LatestNotification);

/** The pointer's `_id` for an order. */
export function latestNotificationIdFor(orderId: string): Types.ObjectId {
  return objectIdFor('latest-notification', orderId);
}

/**
 * Set once every notification recorded before the pointers existed has one (a database that ran
 * an older version): until then the list asks the notifications themselves, as before.
 */
export const POINTERS_COMPLETE_ID = objectIdFor('latest-notification', '\u0000complete');

/** What a pointer needs of a notification. */
export interface PointedNotification {
  _id: Types.ObjectId;
  orderId: string;
  createdAt: Date;
}

@Injectable()
export class LatestNotificationsService {
  private readonly logger = new Logger(LatestNotificationsService.name);
  private complete = false;
  private backfilling: Promise<void> | null = null;

  constructor(
    @InjectModel(LatestNotification.name) private readonly pointers: Model<LatestNotification>,
    @InjectModel(Notification.name) private readonly notifications: Model<Notification>,
  ) {}

  /**
   * Points the order at `n` unless a text created after it already holds the pointer. Safe to
   * repeat (every delivery attempt records its text again, so a pointer a crash left unwritten is
   * written by the retry). On MongoDB one atomic conditional upsert; on FerretDB read by `_id`,
   * compared here and written by `_id` (FerretDB's own conditional update is read-then-write too,
   * after a scan of the collection).
   */
  async point(n: PointedNotification): Promise<void> {
    if (!n.orderId) return; // a keyword's answer to a number without an order
    const _id = latestNotificationIdFor(n.orderId);
    const pointer = { orderId: n.orderId, notificationId: n._id, at: n.createdAt };
    if (!(await isFerretDb(this.pointers.db))) {
      try {
        await this.pointers
          .updateOne({ _id, at: trusted({ $lte: n.createdAt }) }, { $set: pointer }, { upsert: true })
          .exec();
      } catch (error) {
        // The filter missed an existing pointer: it holds a later text, and stays.
        if (!isDuplicateKeyError(error)) throw error;
      }
      return;
    }
    const current = await this.pointers.findById(_id).lean().exec();
    if (current && (current.at > n.createdAt || current.notificationId.equals(n._id))) return;
    await this.pointers.updateOne({ _id }, { $set: pointer }, { upsert: true }).exec();
  }

  /**
   * The latest notification's `_id` per order (orders without texts are absent), each read by
   * `_id`; null while pointers for texts recorded before them are still being written (the caller
   * then asks the notifications). The first call on such a database starts that backfill.
   */
  async latestIds(orderIds: string[]): Promise<Map<string, Types.ObjectId> | null> {
    if (!(await this.isComplete())) return null;
    const found = await Promise.all(
      orderIds.map((orderId) => this.pointers.findById(latestNotificationIdFor(orderId)).lean().exec()),
    );
    const ids = new Map<string, Types.ObjectId>();
    for (const pointer of found) if (pointer) ids.set(pointer.orderId, pointer.notificationId);
    return ids;
  }

  private async isComplete(): Promise<boolean> {
    if (this.complete) return true;
    if (await this.pointers.exists({ _id: POINTERS_COMPLETE_ID }).exec()) {
      this.complete = true;
      return true;
    }
    // In the background: the request answers the old way meanwhile, and so do all until it is done.
    this.backfilling ??= this.backfill()
      .catch((error: unknown) =>
        this.logger.warn(`latest-notification pointers not complete yet: ${(error as Error).message}`),
      )
      .finally(() => (this.backfilling = null));
    return false;
  }

  /**
   * One pass over the notifications (the only whole-collection read, once per database), then a
   * pointer per order, each written as a new text would (so texts recorded meanwhile win), then
   * the mark. Interrupted, it starts again on a later list; repeating it changes nothing.
   */
  async backfill(): Promise<void> {
    const all = await this.notifications
      .find({ orderId: trusted({ $ne: '' }) }, { _id: 1, orderId: 1, createdAt: 1 })
      .lean<PointedNotification[]>()
      .exec();
    const latest = new Map<string, PointedNotification>();
    for (const n of all) {
      const known = latest.get(n.orderId);
      if (!known || known.createdAt <= n.createdAt) latest.set(n.orderId, n);
    }
    for (const n of latest.values()) await this.point(n);
    await this.pointers
      .updateOne(
        { _id: POINTERS_COMPLETE_ID },
        { $set: { orderId: '', notificationId: POINTERS_COMPLETE_ID, at: new Date() } },
        { upsert: true },
      )
      .exec();
    this.complete = true;
    if (latest.size) this.logger.log(`latest-notification pointers written for ${latest.size} orders`);
  }
}
