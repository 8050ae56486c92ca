import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import type { OrderDto, OrderStatus } from '../../../api/models';
import { Chime } from '../../../core/live/chime';
import { DatePipe } from '../../../shared/date/date.pipe';
import { Icon } from '../../../shared/icon/icon';
import { MoneyPipe } from '../../../shared/money/money.pipe';
import { DeliveryChip } from '../detail/delivery-chip';
import { forwardMove, itemsSummary, MOVE_LABELS, STATUS_LABELS } from '../order-status';
import { type BoardView, OrdersStore } from '../orders-store';
import { minutesSince, timeAgo } from '../time-ago';

/** Placed or preparing for longer than this and the card asks for attention. */
const LATE_AFTER_MINUTES = 15;

/** The staff's live view of the kitchen: open orders in columns by status, one click to move each on. */
@Component({
  selector: 'tt-orders-board',
  imports: [DatePipe, RouterLink, RouterLinkActive, RouterOutlet, Icon, MoneyPipe, DeliveryChip],
  templateUrl: './board.html',
  styleUrl: './board.scss',
  providers: [OrdersStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class OrdersBoard {
  protected readonly store = inject(OrdersStore);
  protected readonly chime = inject(Chime);

  protected readonly statusLabels = STATUS_LABELS;
  protected readonly moveLabels = MOVE_LABELS;
  protected readonly forwardMove = forwardMove;
  protected readonly itemsSummary = itemsSummary;

  protected age(order: OrderDto): string {
    return timeAgo(order.createdAt, this.store.syncedAt());
  }

  protected isLate(order: OrderDto): boolean {
    return (
      (order.status === 'placed' || order.status === 'preparing') &&
      minutesSince(order.createdAt, this.store.syncedAt()) >= LATE_AFTER_MINUTES
    );
  }

  protected show(view: BoardView): void {
    this.store.showView(view);
  }

  protected resend(order: OrderDto): void {
    if (order.lastNotification) void this.store.resend(order.lastNotification.id, order.number);
  }

  protected move(order: OrderDto, status: OrderStatus): void {
    void this.store.move(order, status);
  }
}
