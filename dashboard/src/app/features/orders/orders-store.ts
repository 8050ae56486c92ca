import { Injectable, computed, inject, signal } from '@angular/core';
import { Api } from '../../api/api';
import { notificationsResend } from '../../api/fn/notifications/notifications-resend';
import { ordersChangeStatus } from '../../api/fn/orders/orders-change-status';
import { ordersList } from '../../api/fn/orders/orders-list';
import { OrderDto, OrderStatus } from '../../api/models';
import { ApiProblem } from '../../core/http/api-problem';
import { ACTIVE_STATUSES, FINISHED_STATUSES, STATUS_LABELS } from './order-status';
import { pollWhileVisible } from './poll-while-visible';

/**
 * Why polling and not a stream: the database (FerretDB) has no change streams to push from, and a
 * restaurant's open orders fit in one small page, so asking every few seconds costs next to nothing.
 * Polling stops while the tab is hidden.
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

  readonly columns = computed(() =>
    ACTIVE_STATUSES.map((status) => ({
      status,
      label: STATUS_LABELS[status],
      orders: this.orders().filter((order) => order.status === status),
    })),
  );

  private readonly poller = pollWhileVisible(() => this.load(), ORDERS_POLL_INTERVAL_MS);

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
      this.notice.set({ tone: problem.status === 409 ? 'warning' : 'error', text: `The text for order #${orderNumber} was not resent: ${problem.detail}` });
      return false;
    } finally {
      this.resendingIds.update((ids) => {
        const rest = new Set(ids);
        rest.delete(notificationId);
        return rest;
      });
      void this.poller.refresh();
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
    void this.poller.refresh();
  }

  refresh(): Promise<void> {
    return this.poller.refresh();
  }

  /** Moves an order on. If someone else moved it first (409), says so and shows the board as it is now. */
  async move(order: OrderDto, status: OrderStatus): Promise<MoveResult> {
    this.notice.set(null);
    this.movingIds.update((ids) => new Set(ids).add(order.id));
    try {
      const updated = await this.api.invoke(ordersChangeStatus, { id: order.id, body: { status } });
      this.orders.update((orders) =>
        orders.map((each) => (each.id === updated.id ? updated : each)),
      );
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
      void this.poller.refresh();
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
