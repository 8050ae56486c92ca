import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { Api } from '../../api/api';
import { notificationsResend } from '../../api/fn/notifications/notifications-resend';
import { ordersChangeStatus } from '../../api/fn/orders/orders-change-status';
import { ordersList } from '../../api/fn/orders/orders-list';
import type { OrderDto, OrderStatus } from '../../api/models';
import { ApiProblem } from '../../core/http/api-problem';
import { Chime } from '../../core/live/chime';
import type { LiveEvent } from '../../core/live/live-event-stream';
import { LiveEvents } from '../../core/live/live-events';
import { ACTIVE_STATUSES, FINISHED_STATUSES, STATUS_LABELS } from './order-status';
import { pollWhileVisible } from './poll-while-visible';

/**
 * The board follows the live event stream (GET /api/events); polling is the fallback while the
 * stream is down (a restaurant's open orders fit in one small page, so asking every few seconds
 * costs next to nothing). Polling stops while the tab is hidden.
 */
export const ORDERS_POLL_INTERVAL_MS = 5_000;

/** The API's page limit: more open orders than this at once is far beyond one kitchen. */
const PAGE_LIMIT = 100;

/** `active`: the kitchen's open orders as columns. `finished`: completed and cancelled ones, newest first. */
export type BoardView = 'active' | 'finished';

export interface BoardNotice {
  tone: 'warning' | 'error';
  text: string;
}

export type MoveResult = { moved: true; order: OrderDto } | { moved: false; problem: ApiProblem };

/** The orders board's state: one per board, shared with the detail panel opened from it. */
@Injectable()
export class OrdersStore {
  private readonly api = inject(Api);
  private readonly live = inject(LiveEvents);
  private readonly chime = inject(Chime);

  readonly view = signal<BoardView>('active');
  readonly orders = signal<readonly OrderDto[]>([]);
  /** Orders matching the view on the server; more than `orders` when the page limit cut them off. */
  readonly total = signal(0);
  readonly loaded = signal(false);
  readonly loadError = signal<string | null>(null);
  readonly notice = signal<BoardNotice | null>(null);
  /** When the last answer arrived (also the clock the cards' ages are measured against). */
  readonly syncedAt = signal(Date.now());
  private readonly movingIds = signal<ReadonlySet<string>>(new Set());
  /** New orders seen on the stream: highlighted until someone opens or moves them. */
  private readonly freshIds = signal<ReadonlySet<string>>(new Set());
  /** The stream's state: `live` means the board is pushed to; otherwise it polls. */
  readonly liveStatus = this.live.status;

  readonly columns = computed(() =>
    ACTIVE_STATUSES.map((status) => ({
      status,
      label: STATUS_LABELS[status],
      orders: this.orders().filter((order) => order.status === status),
    })),
  );

  // While the stream is live the timer only ticks (the cards' ages); the list comes from events.
  private readonly poller = pollWhileVisible(() => {
    const forced = this.loadRequested;
    this.loadRequested = false;
    if (!forced && this.live.status() === 'live' && this.loaded() && !this.loadError()) {
      this.tick();
      return Promise.resolve();
    }
    return this.load();
  }, ORDERS_POLL_INTERVAL_MS);
  /** A read was asked for (not just the timer): it happens even while the stream is live. */
  private loadRequested = false;

  /** Reads the list now, whatever the stream's state. */
  private reload(): Promise<void> {
    this.loadRequested = true;
    return this.poller.refresh();
  }

  constructor() {
    const unsubscribe = this.live.on((event) => this.onEvent(event));
    inject(DestroyRef).onDestroy(unsubscribe);
    // A (re)connection with nothing to resume from, or a reset: re-read the list.
    effect(() => {
      if (this.live.resyncs() > 0) untracked(() => void this.reload());
    });
  }

  isFresh(order: OrderDto): boolean {
    return this.freshIds().has(order.id);
  }

  /** Opened (or moved) by a staff member: no longer new. */
  markSeen(id: string): void {
    if (!this.freshIds().has(id)) return;
    this.freshIds.update((ids) => {
      const rest = new Set(ids);
      rest.delete(id);
      return rest;
    });
  }

  private tick(): void {
    this.syncedAt.set(Date.now());
  }

  private onEvent(event: LiveEvent): void {
    const orderId = event.data['orderId'];
    if (typeof orderId !== 'string') return;
    if (event.type === 'order.created') {
      this.freshIds.update((ids) => new Set(ids).add(orderId));
      this.chime.play();
      // The card shows the items, which the event does not carry: one read of the list.
      if (this.view() === 'active') void this.reload();
      return;
    }
    if (event.type === 'notification.updated') {
      this.applyDelivery(orderId, event.data);
      return;
    }
    if (event.type !== 'order.status_changed') return;
    const status = event.data['status'] as OrderStatus;
    const nextStatuses = event.data['nextStatuses'] as OrderStatus[] | undefined;
    this.markSeen(orderId);
    const inView = (this.view() === 'active' ? ACTIVE_STATUSES : FINISHED_STATUSES).includes(status as never);
    const known = this.orders().some((order) => order.id === orderId);
    if (known && inView) {
      this.orders.update((orders) =>
        orders.map((order) =>
          order.id === orderId ? { ...order, status, nextStatuses: nextStatuses ?? order.nextStatuses } : order,
        ),
      );
    } else if (known) {
      this.orders.update((orders) => orders.filter((order) => order.id !== orderId));
      this.total.update((total) => Math.max(0, total - 1));
    } else if (inView) {
      void this.reload();
    }
    this.syncedAt.set(Date.now());
  }

  /**
   * A text's delivery state moved (live): the card shows the order's latest text, so the event
   * applies when it is about that text, or about a newer one (a resend, an SMS fallback). A late
   * receipt for an older text never replaces the latest one.
   */
  private applyDelivery(orderId: string, data: Record<string, unknown>): void {
    const id = data['notificationId'];
    const at = typeof data['at'] === 'string' ? data['at'] : new Date().toISOString();
    if (typeof id !== 'string') return;
    this.orders.update((orders) =>
      orders.map((order) => {
        if (order.id !== orderId) return order;
        const last = order.lastNotification;
        if (last && last.id !== id && last.updatedAt > at) return order;
        return {
          ...order,
          lastNotification: {
            id,
            event: typeof data['event'] === 'string' ? data['event'] : (last?.event ?? ''),
            channel: data['channel'] === 'whatsapp' ? 'whatsapp' : 'sms',
            state: String(data['state']) as NonNullable<OrderDto['lastNotification']>['state'],
            error: (data['error'] as string | null) ?? undefined,
            updatedAt: at,
          },
        };
      }),
    );
    this.syncedAt.set(Date.now());
  }

  private readonly resendingIds = signal<ReadonlySet<string>>(new Set());

  isResending(notificationId: string): boolean {
    return this.resendingIds().has(notificationId);
  }

  /**
   * Sends a failed text again. The API makes it idempotent (a second click returns the same
   * resend) and rate-limits it; the card shows the new text's state from the next refresh on.
   */
  async resend(notificationId: string, orderNumber: number): Promise<boolean> {
    this.notice.set(null);
    this.resendingIds.update((ids) => new Set(ids).add(notificationId));
    try {
      await this.api.invoke(notificationsResend, { id: notificationId });
      return true;
    } catch (error) {
      const problem = ApiProblem.from(error);
      this.notice.set({
        tone: problem.status === 409 ? 'warning' : 'error',
        text: `The text for order #${orderNumber} was not resent: ${problem.detail}`,
      });
      return false;
    } finally {
      this.resendingIds.update((ids) => {
        const rest = new Set(ids);
        rest.delete(notificationId);
        return rest;
      });
      void this.reload();
    }
  }

  isMoving(order: OrderDto): boolean {
    return this.movingIds().has(order.id);
  }

  showView(view: BoardView): void {
    if (view === this.view()) return;
    this.view.set(view);
    this.orders.set([]);
    this.loaded.set(false);
    void this.reload();
  }

  refresh(): Promise<void> {
    return this.reload();
  }

  /** Moves an order on. If someone else moved it first (409), says so and shows the board as it is now. */
  async move(order: OrderDto, status: OrderStatus): Promise<MoveResult> {
    this.notice.set(null);
    this.markSeen(order.id);
    this.movingIds.update((ids) => new Set(ids).add(order.id));
    try {
      const updated = await this.api.invoke(ordersChangeStatus, { id: order.id, body: { status } });
      this.orders.update((orders) => orders.map((each) => (each.id === updated.id ? updated : each)));
      return { moved: true, order: updated };
    } catch (error) {
      const problem = ApiProblem.from(error);
      this.notice.set(
        problem.status === 409
          ? {
              tone: 'warning',
              text: `${problem.detail}. Someone else moved it first; the board is up to date again.`,
            }
          : { tone: 'error', text: `Order #${order.number} was not moved: ${problem.detail}` },
      );
      return { moved: false, problem };
    } finally {
      this.movingIds.update((ids) => {
        const rest = new Set(ids);
        rest.delete(order.id);
        return rest;
      });
      void this.reload();
    }
  }

  private async load(): Promise<void> {
    const view = this.view();
    try {
      const page = await this.api.invoke(ordersList, {
        status: [...(view === 'active' ? ACTIVE_STATUSES : FINISHED_STATUSES)],
        sort: view === 'active' ? 'oldest' : 'newest',
        limit: PAGE_LIMIT,
      });
      if (view !== this.view()) return;
      this.orders.set(page.items);
      this.total.set(page.total);
      this.loadError.set(null);
    } catch (error) {
      if (view === this.view()) this.loadError.set(ApiProblem.from(error).detail);
    } finally {
      if (view === this.view()) this.loaded.set(true);
      this.syncedAt.set(Date.now());
    }
  }
}
