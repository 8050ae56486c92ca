import { Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted } from 'mongoose';
import { createHash, randomBytes } from 'node:crypto';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';
import { LiveEventsConfig, liveEventsConfig } from '../config/configuration.js';
import { UsersService } from '../users/users.service.js';
import { EventTicketDto } from './dto/event-ticket.dto.js';
import { EventTicket, TicketRedemption } from './schemas/event-ticket.schema.js';

const hash = (ticket: string) => createHash('sha256').update(ticket).digest('hex');
/** Redemptions outlive their ticket a while, so a late replay of a used ticket still finds it used. */
const KEEP_AFTER_EXPIRY_MS = 10 * 60_000;

/**
 * Stream tickets: a browser EventSource cannot send an Authorization header, so it trades its
 * access token for a ticket (≤ 60 s, single use) and puts that in the URL. Stored in the
 * database, so any API instance can redeem it, and redeemed by inserting a redemption document
 * under a unique id (atomic on MongoDB and FerretDB alike): of two redemptions, one wins.
 */
@Injectable()
export class EventTicketsService {
  private readonly logger = new Logger(EventTicketsService.name);
  private lastPrune = 0;

  constructor(
    @InjectModel(EventTicket.name) private readonly tickets: Model<EventTicket>,
    @InjectModel(TicketRedemption.name) private readonly redemptions: Model<TicketRedemption>,
    @Inject(liveEventsConfig.KEY) private readonly config: LiveEventsConfig,
    private readonly users: UsersService,
  ) {}

  async issue(user: AuthenticatedUser): Promise<EventTicketDto> {
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.ticketTtlMs);
    const account = await this.users.accountState(user.id);
    await this.tickets.create({
      _id: hash(ticket),
      userId: user.id,
      email: user.email,
      role: user.role,
      tokenVersion: account?.tokenVersion ?? 0,
      expiresAt,
    });
    if (Date.now() - this.lastPrune > 60_000) void this.prune();
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  /** The user a ticket was issued to; 401 when it is unknown, expired or used. */
  async redeem(ticket: string): Promise<AuthenticatedUser> {
    const id = hash(ticket);
    const stored = await this.tickets.findById(id).lean().exec();
    if (!stored || stored.expiresAt.getTime() <= Date.now()) throw invalid();
    // The same checks as an access token: the account still exists, is enabled, has the role and the sign-in.
    const account = await this.users.accountState(stored.userId);
    if (
      !account ||
      account.disabled ||
      account.role !== stored.role ||
      account.tokenVersion !== (stored.tokenVersion ?? 0)
    )
      throw invalid();
    try {
      await this.redemptions.create({ _id: id });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw invalid();
      throw error;
    }
    return { id: stored.userId, email: stored.email, role: stored.role };
  }

  async prune(now = Date.now()): Promise<void> {
    this.lastPrune = now;
    try {
      const before = new Date(now - KEEP_AFTER_EXPIRY_MS);
      await this.tickets.deleteMany({ expiresAt: trusted({ $lt: before }) }).exec();
      await this.redemptions
        .deleteMany({ createdAt: trusted({ $lt: new Date(before.getTime() - this.config.ticketTtlMs) }) })
        .exec();
    } catch (error) {
      this.logger.warn(`ticket cleanup failed: ${(error as Error).message}`);
    }
  }
}

function invalid(): UnauthorizedException {
  return new UnauthorizedException({
    type: 'invalid-ticket',
    message: 'The stream ticket is unknown, expired or already used',
  });
}
