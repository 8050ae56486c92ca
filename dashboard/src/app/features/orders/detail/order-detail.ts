import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { Api } from '../../../api/api';
import { notificationsList } from '../../../api/fn/notifications/notifications-list';
import { ordersGet } from '../../../api/fn/orders/orders-get';
import { ordersMarkReplyHandled } from '../../../api/fn/orders/orders-mark-reply-handled';
import type { NotificationDto, NotificationEvent, OrderDto, OrderStatus } from '../../../api/models';
import { allPages, PAGE_LIMIT } from '../../../core/http/all-pages';
import { ApiProblem } from '../../../core/http/api-problem';
import { LiveEvents } from '../../../core/live/live-events';
import { DatePipe } from '../../../shared/date/date.pipe';
import { Icon } from '../../../shared/icon/icon';
import { MoneyPipe } from '../../../shared/money/money.pipe';
import { staffCallPage } from '../../call/call-links';
import { MOVE_LABELS, STATUS_LABELS } from '../order-status';
import { ORDERS_POLL_INTERVAL_MS, OrdersStore } from '../orders-store';
import { pollWhileVisible } from '../poll-while-visible';
import { DeliveryChip } from './delivery-chip';

const EVENT_LABELS: Record<NotificationEvent, string> = {
  placed: 'Order confirmed',
  preparing: 'Being prepared',
  ready: 'Ready',
  completed: 'Completed',
  cancelled: 'Cancelled',
  late: 'Running late',
  reply: 'Reply to the customer',
  keyword: 'Answer to a keyword',
};

/** One order in a side panel over the board: what was ordered, by whom, its history and its texts. */
@Component({
  selector: 'tt-order-detail',
  imports: [DatePipe, RouterLink, Icon, MoneyPipe, DeliveryChip],
  templateUrl: './order-detail.html',
  styleUrl: './order-detail.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown.escape)': 'close()' },
})
export default class OrderDetail {
  protected readonly ownCallPage = staffCallPage;
  private readonly api = inject(Api);
  private readonly router = inject(Router);
  private readonly store = inject(OrdersStore);
  private readonly live = inject(LiveEvents);

  /** Route parameter, bound by the router. */
  readonly id = input.required<string>();

  protected readonly order = signal<OrderDto | null>(null);
  protected readonly notifications = signal<readonly NotificationDto[]>([]);
  protected readonly loadError = signal<string | null>(null);
  protected readonly moveError = signal<string | null>(null);
  protected readonly moving = signal(false);
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly moveLabels = MOVE_LABELS;
  protected readonly eventLabels = EVENT_LABELS;

  // Polls only while the live stream is down; otherwise events say when to read again.
  private readonly poller = pollWhileVisible(
    () => (this.live.status() === 'live' && this.order()?.id === this.id() ? Promise.resolve() : this.load()),
    ORDERS_POLL_INTERVAL_MS,
    { immediately: false },
  );

  constructor() {
    const unsubscribe = this.live.on((event) => {
      if (event.data['orderId'] !== this.id()) return;
      if (event.type === 'notification.updated') this.applyDelivery(event.data);
      else if (event.type === 'order.status_changed') void this.load();
    });
    inject(DestroyRef).onDestroy(unsubscribe);
    effect(() => {
      this.id();
      untracked(() => {
        // Opening an order is what "seen" means for the board's highlight.
        this.store.markSeen(this.id());
        this.order.set(null);
        this.notifications.set([]);
        this.loadError.set(null);
        this.moveError.set(null);
        void this.poller.refresh();
      });
    });
  }

  protected async move(order: OrderDto, status: OrderStatus): Promise<void> {
    this.moving.set(true);
    this.moveError.set(null);
    const result = await this.store.move(order, status);
    if (result.moved) this.order.set(result.order);
    else
      this.moveError.set(
        result.problem.status === 409
          ? `${result.problem.detail}. Someone else moved it first; this is where it is now.`
          : `Not moved: ${result.problem.detail}`,
      );
    this.moving.set(false);
    // Either way the panel catches up: the new status's text, or where someone else moved it.
    await this.poller.refresh();
  }

  protected async resend(notification: NotificationDto, order: OrderDto): Promise<void> {
    await this.store.resend(notification.id, order.number);
    await this.poller.refresh();
  }

  protected isResending(notification: NotificationDto): boolean {
    return this.store.isResending(notification.id);
  }

  protected async markHandled(order: OrderDto, replyId: string): Promise<void> {
    try {
      this.order.set(await this.api.invoke(ordersMarkReplyHandled, { id: order.id, replyId }));
    } catch (error) {
      this.moveError.set(`Not marked handled: ${ApiProblem.from(error).detail}`);
    }
  }

  /** A text's delivery state moved: update it in place (a text not listed yet means one read). */
  private applyDelivery(data: Record<string, unknown>): void {
    const id = data['notificationId'];
    const state = data['state'] as NotificationDto['state'];
    const at = typeof data['at'] === 'string' ? data['at'] : new Date().toISOString();
    if (!this.notifications().some((n) => n.id === id)) {
      void this.load();
      return;
    }
    this.notifications.update((list) =>
      list.map((n) =>
        n.id === id && n.state !== state
          ? {
              ...n,
              state,
              error: (data['error'] as string | null) ?? n.error,
              history: [...n.history, { state, at }],
              updatedAt: at,
            }
          : n,
      ),
    );
  }

  protected close(): void {
    void this.router.navigate(['/orders']);
  }

  private async load(): Promise<void> {
    const id = this.id();
    try {
      const [order, notifications] = await Promise.all([
        this.api.invoke(ordersGet, { id }),
        allPages((cursor) => this.api.invoke(notificationsList, { orderId: id, limit: PAGE_LIMIT, cursor })),
      ]);
      if (id !== this.id()) return;
      this.order.set(order);
      this.notifications.set(notifications);
      this.loadError.set(null);
    } catch (error) {
      if (id !== this.id()) return;
      const problem = ApiProblem.from(error);
      this.loadError.set(problem.status === 404 ? 'This order does not exist.' : problem.detail);
    }
  }
}
