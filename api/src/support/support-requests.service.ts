import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types } from 'mongoose';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';
import { keysetPage } from '../common/validation/cursor-page.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { LiveEventsService } from '../live-events/live-events.service.js';
import { MeetingAccess } from '../meetings/meeting-access.js';
import { RoomParticipant } from '../meetings/meeting-rooms.js';
import { SupportRoomsService } from '../meetings/support-rooms.service.js';
import { OrdersService } from '../orders/orders.service.js';
import { UsersService } from '../users/users.service.js';
import { ListSupportRequestsQueryDto } from './dto/list-support-requests-query.dto.js';
import { SupportCallDto, SupportRequestDto, SupportRequestPageDto } from './dto/support-request.dto.js';
import { activeKeyFor, SupportRequest, SupportRequestDocument } from './schemas/support-request.schema.js';
import { canMoveSupportRequest, SupportRequestState } from './support-request-state.js';

export const SUPPORT_REQUEST_EVENT = 'custom:support_request';

/**
 * Support calls: a customer asks for help on their order, we open a video room, keep the host
 * link on the order and a support request for staff, and tell the staff channel. The room is the
 * only step that must succeed now; the staff event goes through the outbox and is retried.
 */
@Injectable()
export class SupportRequestsService implements MeetingAccess {
  private readonly logger = new Logger(SupportRequestsService.name);

  constructor(
    @InjectModel(SupportRequest.name) private readonly requests: Model<SupportRequest>,
    private readonly orders: OrdersService,
    private readonly rooms: SupportRoomsService,
    private readonly conversations: ConversationsService,
    private readonly users: UsersService,
    private readonly live: LiveEventsService,
  ) {}

  /** Opens (or, while one is still active, returns) the support call of an order. */
  async requestCall(caller: AuthenticatedUser, orderId: string): Promise<{ call: SupportCallDto; created: boolean }> {
    const order = await this.orders.get(caller, orderId);
    let request = await this.activeFor(orderId);
    let created = false;
    if (!request) {
      // The id is chosen first so the room's pages can name it. Vonage failing here is a 502/504
      // for the customer, and nothing is stored.
      const id = new Types.ObjectId();
      const room = await this.rooms.open(id.toString(), `Order #${order.number} support`);
      try {
        request = await this.requests.create({
          _id: id,
          orderId: new Types.ObjectId(orderId),
          orderNumber: order.number,
          customerId: new Types.ObjectId(order.customer.id),
          customerName: order.customer.name,
          customerEmail: order.customer.email,
          roomProvider: room.provider,
          roomId: room.roomId,
          hostUrl: room.hostUrl,
          guestUrl: room.guestUrl,
          roomExpiresAt: room.expiresAt,
          state: 'open',
          activeKey: activeKeyFor(orderId),
        });
        created = true;
      } catch (error) {
        // A concurrent call for the same order won: use its room (ours is never handed out and expires unused).
        if (!isDuplicateKeyError(error)) throw error;
        request = await this.requests.findOne({ activeKey: activeKeyFor(orderId) }).exec();
        if (!request) throw error;
      }
    }
    // The room record, from the request's own values: every racer writes the same one, the unique index keeps one.
    await this.rooms.keep(request.id, {
      provider: request.roomProvider,
      roomId: request.roomId,
      hostUrl: request.hostUrl,
      guestUrl: request.guestUrl,
      expiresAt: request.roomExpiresAt ?? this.rooms.defaultExpiry(),
    });
    // Both steps are idempotent, so a repeated call also repairs a request whose first call broke off.
    if (order.meetingUrl !== request.hostUrl) await this.orders.attachMeetingUrl(orderId, request.hostUrl);
    await this.publishLive(request, 'support_request.created');
    await this.announce(request);
    return { call: this.toCall(request), created };
  }

  async list(query: ListSupportRequestsQueryDto): Promise<SupportRequestPageDto> {
    const filter = query.state?.length ? { state: trusted({ $in: query.state }) } : {};
    const page = await keysetPage(this.requests, filter, query);
    return { ...page, items: page.items.map((request) => this.toDto(request)) };
  }

  /** Staff mark a request joined (they took the call) or closed. Repeating the current state is a no-op. */
  async changeState(caller: AuthenticatedUser, id: string, to: 'joined' | 'closed'): Promise<SupportRequestDto> {
    const request = await this.requests.findById(id).exec();
    if (!request)
      throw new NotFoundException({ type: 'support-request-not-found', message: 'No support request with this id' });
    if (request.state === to) return this.toDto(request);
    if (!canMoveSupportRequest(request.state, to)) throw this.illegal(request.state, to);
    const by = new Types.ObjectId(caller.id);
    const now = new Date();
    const changes =
      to === 'joined'
        ? { state: to, joinedAt: now, joinedBy: by }
        : { state: to, closedAt: now, closedBy: by, activeKey: `closed:${request.id}` };
    // Conditional on the state we checked, so two staff members racing cannot both apply.
    const updated = await this.requests
      .findOneAndUpdate({ _id: request._id, state: request.state }, { $set: changes }, { returnDocument: 'after' })
      .exec();
    if (updated) {
      // A closed call's host link would only lead staff into an empty room.
      if (to === 'closed') {
        await this.orders.detachMeetingUrl(updated.orderId.toString(), updated.hostUrl);
        // The call ends for everyone still in it.
        await this.rooms.close(id);
      }
      await this.publishLive(updated, 'support_request.updated');
      return this.toDto(updated);
    }
    const current = await this.requests.findById(id).exec();
    if (current?.state === to) return this.toDto(current);
    throw this.illegal(current?.state ?? request.state, to);
  }

  /** The active request of an order; one whose room has expired is closed on the way. */
  private async activeFor(orderId: string): Promise<SupportRequestDocument | null> {
    const request = await this.requests.findOne({ activeKey: activeKeyFor(orderId) }).exec();
    if (!request?.roomExpiresAt || request.roomExpiresAt.getTime() > Date.now()) return request;
    await this.requests
      .updateOne(
        { _id: request._id, state: request.state },
        { $set: { state: 'closed', closedAt: new Date(), activeKey: `closed:${request.id}` } },
      )
      .exec();
    await this.orders.detachMeetingUrl(orderId, request.hostUrl);
    await this.rooms.close(request.id);
    const closed = await this.requests.findById(request._id).exec();
    if (closed?.state === 'closed') await this.publishLive(closed, 'support_request.updated');
    return null;
  }

  /**
   * Who joins a request's call (MeetingAccess, asked by Meetings): staff and admins host it (Video
   * API moderator, or the Meetings host link), the request's own customer is the guest. Anyone else
   * is told nothing exists (404); a closed request's call has ended (409, as an expired room's).
   */
  async admit(caller: AuthenticatedUser, id: string): Promise<RoomParticipant> {
    const request = await this.requests.findById(id).exec();
    const mine = caller.role !== 'customer' || request?.customerId.toString() === caller.id;
    if (!request || !mine)
      throw new NotFoundException({ type: 'support-request-not-found', message: 'No support request with this id' });
    if (request.state === 'closed') {
      throw new ConflictException({
        type: 'support-call-ended',
        message: 'This support call has ended (the request is closed or its room expired)',
      });
    }
    const staff = caller.role !== 'customer';
    const name = staff ? ((await this.users.findByEmail(caller.email))?.name ?? 'Staff') : request.customerName;
    return { side: staff ? 'staff' : 'customer', name, userId: caller.id };
  }

  /**
   * The stream's event for a request (keyed by request and state, so a repeated call repairs a
   * missing one and never doubles it). Queued in the outbox before the caller gets the answer.
   * The host link and email are staff-only fields.
   */
  private async publishLive(
    request: SupportRequestDocument,
    type: 'support_request.created' | 'support_request.updated',
  ): Promise<void> {
    const iso = (date: Date | null) => date?.toISOString() ?? null;
    const customerId = request.customerId.toString();
    try {
      await this.live.publish([
        {
          key: `support:${request.id}:${type === 'support_request.created' ? 'created' : request.state}`,
          input: {
            type,
            customerId,
            data: {
              id: request.id,
              orderId: request.orderId.toString(),
              orderNumber: request.orderNumber,
              customerId,
              customerName: request.customerName,
              state: request.state,
              createdAt: request.createdAt.toISOString(),
              joinedAt: iso(request.joinedAt),
              closedAt: iso(request.closedAt),
              roomExpiresAt: iso(request.roomExpiresAt),
              at: new Date().toISOString(),
            },
            staffData: { hostUrl: request.hostUrl, customerEmail: request.customerEmail },
          },
        },
      ]);
    } catch (error) {
      this.logger.error(`support request ${request.id}: live event not queued: ${(error as Error).message}`);
    }
  }

  /** Queues the staff event; if even queueing fails the customer still gets the room. */
  private async announce(request: SupportRequestDocument): Promise<void> {
    try {
      await this.conversations.publish(`support:${request.id}`, {
        conversation: this.conversations.notificationsConversationName,
        type: SUPPORT_REQUEST_EVENT,
        body: {
          host_url: request.hostUrl,
          email: request.customerEmail,
          order_id: request.orderId.toString(),
          order_number: request.orderNumber,
          support_request_id: request.id,
        },
        from: { id: request.customerId.toString(), name: request.customerName },
      });
    } catch (error) {
      this.logger.error(`support request ${request.id}: staff event not queued: ${(error as Error).message}`);
    }
  }

  private illegal(from: SupportRequestState, to: SupportRequestState): ConflictException {
    return new ConflictException({
      type: 'illegal-transition',
      message: `The support request is ${from}; it cannot become ${to}`,
    });
  }

  private toCall(request: SupportRequestDocument): SupportCallDto {
    return {
      id: request.id,
      guestUrl: request.guestUrl,
      state: request.state,
      expiresAt: request.roomExpiresAt?.toISOString() ?? null,
    };
  }

  toDto(request: SupportRequestDocument): SupportRequestDto {
    const iso = (date: Date | null) => date?.toISOString() ?? null;
    return {
      id: request.id,
      orderId: request.orderId.toString(),
      orderNumber: request.orderNumber,
      customer: { id: request.customerId.toString(), name: request.customerName, email: request.customerEmail },
      hostUrl: request.hostUrl,
      guestUrl: request.guestUrl,
      roomExpiresAt: iso(request.roomExpiresAt),
      state: request.state,
      joinedAt: iso(request.joinedAt),
      joinedBy: request.joinedBy?.toString() ?? null,
      closedAt: iso(request.closedAt),
      closedBy: request.closedBy?.toString() ?? null,
      createdAt: request.createdAt.toISOString(),
      updatedAt: request.updatedAt.toISOString(),
    };
  }
}
