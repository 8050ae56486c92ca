import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import { LiveEventsConfig, liveEventsConfig } from '../config/configuration.js';
import { UsersService } from '../users/users.service.js';
import { RESET_EVENT, SESSION_ENDED_EVENT } from './live-event-types.js';
import { LiveEventsService, StoredLiveEvent } from './live-events.service.js';

const REPLAY_BATCH = 200;
/** Live events held for a connection while it replays; more means it is far behind: it resumes by id. */
const MAX_QUEUED_DURING_REPLAY = 1000;

interface Connection {
  user: AuthenticatedUser;
  res: ServerResponse;
  /** The last seq written (or skipped as not visible) to this client. */
  cursor: number;
  /** Replaying from the database: live events wait in `queue`. */
  queue: StoredLiveEvent[] | null;
  closed: boolean;
  /** The account's token version when the stream opened; undefined when it could not be read. */
  tokenVersion?: number;
}

const isStaff = (user: AuthenticatedUser) => user.role === 'staff' || user.role === 'admin';

/** The SSE frame of an event for one audience (staff see staff-only fields). */
function frame(event: StoredLiveEvent, staff: boolean): string {
  const data = { ...event.data, ...(staff && event.staffData ? event.staffData : {}) };
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The open `GET /api/events` streams of this instance: replays from the database on connect
 * (resume by id), then writes each tailed event to every connection allowed to see it. A
 * connection whose unsent bytes pass EVENTS_MAX_BUFFER_BYTES is closed (it resumes by id) so a
 * slow client cannot grow memory without bound.
 */
@Injectable()
export class EventStreamHub implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EventStreamHub.name);
  private readonly connections = new Set<Connection>();
  private heartbeat?: NodeJS.Timeout;
  private unsubscribe?: () => void;

  constructor(
    private readonly events: LiveEventsService,
    @Inject(liveEventsConfig.KEY) private readonly config: LiveEventsConfig,
    private readonly users: UsersService,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.events.subscribe((event) => this.broadcast(event));
    // One timer for all connections; a comment line keeps proxies and browsers from timing out.
    this.heartbeat = setInterval(() => {
      for (const connection of this.connections) if (!connection.queue) this.write(connection, ': keep-alive\n\n');
    }, this.config.heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * Ends the streams of accounts that may no longer listen: gone, disabled, another role, or a
   * new token version (signed out, password changed) — as access tokens stop working at once.
   * One read per account with open streams. StreamAccountCheck runs it; tests call it directly.
   */
  async checkAccounts(): Promise<void> {
    const byUser = new Map<string, Connection[]>();
    for (const connection of this.connections)
      byUser.set(connection.user.id, [...(byUser.get(connection.user.id) ?? []), connection]);
    for (const [userId, connections] of byUser) {
      let account;
      try {
        account = await this.users.accountState(userId);
      } catch {
        return; // the database is away: check again next time rather than cut everyone off
      }
      for (const connection of connections) {
        const ended =
          !account ||
          account.disabled ||
          account.role !== connection.user.role ||
          (connection.tokenVersion !== undefined && account.tokenVersion !== connection.tokenVersion);
        if (ended)
          this.close(
            connection,
            `event: ${SESSION_ENDED_EVENT}\ndata: {"reason":"This session has ended; sign in again"}\n\n`,
          );
      }
    }
  }

  /** Ends every stream cleanly (a final comment, then the end of the response) so shutdown is not held open. */
  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe?.();
    for (const connection of this.connections) this.close(connection, ': server shutting down\n\n');
  }

  get size(): number {
    return this.connections.size;
  }

  /**
   * Streams to an already-open response: replays what the caller may see after `lastEventId`
   * (or a `reset` when that id is no longer kept), then goes live.
   */
  async attach(user: AuthenticatedUser, res: ServerResponse, lastEventId?: number): Promise<void> {
    const connection: Connection = { user, res, cursor: 0, queue: [], closed: false };
    this.connections.add(connection);
    res.on('close', () => this.forget(connection));
    try {
      connection.tokenVersion = (await this.users.accountState(user.id))?.tokenVersion;
      const latest = await this.events.latestSeq();
      if (lastEventId === undefined) {
        connection.cursor = latest;
      } else {
        const oldest = await this.events.oldestSeq();
        // Events after the id were pruned, or the id is from another database: the client reloads.
        const gone = lastEventId > latest || (oldest !== undefined && lastEventId < oldest - 1);
        if (gone) {
          connection.cursor = latest;
          this.write(
            connection,
            `id: ${latest}\nevent: ${RESET_EVENT}\ndata: ${JSON.stringify({ reason: 'The requested event is no longer kept' })}\n\n`,
          );
        } else {
          connection.cursor = lastEventId;
        }
      }
      const customerId = isStaff(user) ? undefined : user.id;
      for (;;) {
        if (connection.closed) return;
        const batch = await this.events.after(connection.cursor, REPLAY_BATCH, customerId);
        for (const event of batch) {
          this.write(connection, frame(event, !customerId));
          connection.cursor = event.seq;
        }
        if (batch.length < REPLAY_BATCH) break;
      }
      // Live events that arrived while replaying, minus those the replay already sent.
      const queued = connection.queue ?? [];
      connection.queue = null;
      for (const event of queued) this.deliver(connection, event);
    } catch (error) {
      this.logger.warn(`event stream replay failed: ${(error as Error).message}`);
      this.close(connection);
    }
  }

  private broadcast(event: StoredLiveEvent): void {
    let staffFrame: string | undefined;
    let customerFrame: string | undefined;
    for (const connection of this.connections) {
      if (connection.queue) {
        if (this.visible(connection, event)) {
          connection.queue.push(event);
          if (connection.queue.length > MAX_QUEUED_DURING_REPLAY) this.close(connection);
        }
        continue;
      }
      if (event.seq <= connection.cursor || !this.visible(connection, event)) continue;
      connection.cursor = event.seq;
      // Serialised once per audience, not once per connection (1,000 staff screens share one string).
      const text = isStaff(connection.user)
        ? (staffFrame ??= frame(event, true))
        : (customerFrame ??= frame(event, false));
      this.write(connection, text);
    }
  }

  private deliver(connection: Connection, event: StoredLiveEvent): void {
    if (event.seq <= connection.cursor) return;
    connection.cursor = event.seq;
    this.write(connection, frame(event, isStaff(connection.user)));
  }

  private visible(connection: Connection, event: StoredLiveEvent): boolean {
    return isStaff(connection.user) || (event.customerId !== null && event.customerId === connection.user.id);
  }

  private write(connection: Connection, text: string): void {
    if (connection.closed) return;
    if (connection.res.writableLength > this.config.maxBufferBytes) {
      this.logger.warn(
        `event stream of ${connection.user.id} fell behind (${connection.res.writableLength} bytes unsent): disconnected`,
      );
      this.close(connection);
      return;
    }
    connection.res.write(text);
  }

  private close(connection: Connection, last?: string): void {
    if (connection.closed) return;
    if (last && connection.res.writable) connection.res.write(last);
    this.forget(connection);
    // A client that is behind has a full socket: end() would wait for it, so cut it off.
    if (connection.res.writableLength > this.config.maxBufferBytes) connection.res.destroy();
    else connection.res.end();
  }

  private forget(connection: Connection): void {
    connection.closed = true;
    connection.queue = null;
    this.connections.delete(connection);
  }
}
