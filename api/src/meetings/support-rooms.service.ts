import { ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types } from 'mongoose';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';
import { SupportConfig, supportConfig } from '../config/configuration.js';
import { MeetingAccess } from './meeting-access.js';
import { MeetingRooms, RoomJoin } from './meeting-rooms.js';
import { SupportRoom, SupportRoomDocument } from './schemas/support-room.schema.js';

/** A room the provider opened for a request that is about to be stored. */
export interface PlannedRoom {
  provider: 'video' | 'meetings';
  roomId: string;
  hostUrl: string;
  guestUrl: string;
  expiresAt: Date;
}

/**
 * The Meetings module: one video room per support request, stored in MongoDB with a unique index
 * on the request (so racing calls on several API instances end up with one room, no process lock),
 * its provider, and its lifetime (closed with the request, expired after SUPPORT_ROOM_TTL_MINUTES).
 */
@Injectable()
export class SupportRoomsService {
  private readonly logger = new Logger(SupportRoomsService.name);
  private access?: MeetingAccess;

  constructor(
    @InjectModel(SupportRoom.name) private readonly rooms: Model<SupportRoom>,
    private readonly provider: MeetingRooms,
    @Inject(supportConfig.KEY) private readonly config: SupportConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  /**
   * Ends every open room past its end (SUPPORT_ROOM_TTL_MINUTES): joining already answers 409, and
   * this ends calls still going on (SupportRoomsSweep runs it every SUPPORT_ROOM_SWEEP_MS). Several instances may sweep at once: close() flips each room once.
   * The request itself is closed when its order next asks for help (SupportRequestsService).
   */
  async closeExpired(): Promise<number> {
    const expired = await this.rooms
      .find({ state: 'open', expiresAt: trusted({ $lte: new Date() }) }, { requestId: 1 })
      .limit(100)
      .lean()
      .exec();
    for (const room of expired) await this.close(room.requestId.toString());
    return expired.length;
  }

  /** Asks the provider for a room for `requestId` (not stored yet: a provider failure stores nothing). */
  async open(requestId: string, displayName: string): Promise<PlannedRoom> {
    const ttlEnd = this.defaultExpiry();
    const room = await this.provider.createRoom({ displayName, expiresAt: ttlEnd });
    return {
      provider: this.provider.provider,
      roomId: room.roomId,
      // The Video API has no hosted pages: both sides use ours, joined with the request id.
      hostUrl: room.hostUrl ?? `${this.config.pagesOrigin}/support/${requestId}/call`,
      guestUrl: room.guestUrl ?? `${this.config.pagesOrigin}/kiosk/call/${requestId}`,
      expiresAt: room.expiresAt && room.expiresAt < ttlEnd ? room.expiresAt : ttlEnd,
    };
  }

  /**
   * Stores the room of a request. When another call stored one first (a race), that one is kept
   * and returned: the unique index on requestId decides, the same way on MongoDB and FerretDB.
   */
  async keep(requestId: string, room: PlannedRoom): Promise<SupportRoomDocument> {
    const stored = await this.forRequest(requestId);
    if (stored) return stored;
    try {
      return await this.rooms.create({ requestId: new Types.ObjectId(requestId), ...room, state: 'open' });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.forRequest(requestId);
      if (!existing) throw error;
      return existing;
    }
  }

  /** The end of a room opened now. */
  defaultExpiry(): Date {
    return new Date(Date.now() + this.config.roomTtlMinutes * 60_000);
  }

  forRequest(requestId: string): Promise<SupportRoomDocument | null> {
    return this.rooms.findOne({ requestId: new Types.ObjectId(requestId) }).exec();
  }

  /** Open and not past its end. */
  isUsable(room: SupportRoomDocument): boolean {
    return room.state === 'open' && room.expiresAt.getTime() > Date.now();
  }

  /**
   * How the caller joins the room of `requestId`: the owner of the request admits them (staff host,
   * its customer is the guest; anyone else 404); a closed or expired room is a 409. Credentials
   * expire with the room.
   */
  async join(caller: AuthenticatedUser, requestId: string): Promise<{ join: RoomJoin; expiresAt: Date }> {
    const who = await this.admission().admit(caller, requestId);
    const room = await this.usableRoom(requestId);
    return { join: await this.provider.join(room, who, room.expiresAt), expiresAt: room.expiresAt };
  }

  /** Remembers a Video API connection of a call page, to force-disconnect it when the room closes. */
  async addConnection(caller: AuthenticatedUser, requestId: string, connectionId: string): Promise<void> {
    await this.admission().admit(caller, requestId);
    const room = await this.usableRoom(requestId);
    await this.rooms.updateOne({ _id: room._id }, { $addToSet: { connectionIds: connectionId } }).exec();
  }

  private async usableRoom(requestId: string): Promise<SupportRoomDocument> {
    const room = await this.forRequest(requestId);
    if (!room || !this.isUsable(room)) {
      throw new ConflictException({
        type: 'support-call-ended',
        message: 'This support call has ended (the request is closed or its room expired)',
      });
    }
    return room;
  }

  /**
   * The rooms' owner provides MeetingAccess in its own module (it imports this one, so this one
   * cannot import it back): looked up app-wide once, on the first join.
   */
  private admission(): MeetingAccess {
    return (this.access ??= this.moduleRef.get(MeetingAccess, { strict: false }));
  }

  /**
   * Closes the room of a request and ends it at the provider for everyone still in it. Only the
   * call that flips the state ends it; a provider failure is logged (tokens still die with the room).
   */
  async close(requestId: string): Promise<void> {
    const closed = await this.rooms
      .findOneAndUpdate(
        { requestId: new Types.ObjectId(requestId), state: 'open' },
        { $set: { state: 'closed', closedAt: new Date() } },
        { returnDocument: 'after' },
      )
      .exec();
    if (!closed) return;
    try {
      await this.provider.close(closed);
    } catch (error) {
      this.logger.error(`support room ${closed.roomId}: not ended at ${closed.provider}: ${(error as Error).message}`);
    }
  }
}
