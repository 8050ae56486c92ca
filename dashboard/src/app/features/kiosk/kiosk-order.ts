import { DOCUMENT } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { Router } from '@angular/router';
import type { MenuItemDto, OrderDto } from '../../api/models';
import { ApiProblem } from '../../core/http/api-problem';
import { LiveEventStream } from '../../core/live/live-event-stream';
import { isWebUrl } from '../../core/notifications/support-request-alert';
import { Icon } from '../../shared/icon/icon';
import { CurrencyPipe } from '../../shared/money/currency.pipe';
import { customerCallPage } from '../call/call-links';
import { KioskOrders } from './kiosk-orders';

/** Pick dishes, order, and ask for help on the order with one big button. */
@Component({
  selector: 'tt-kiosk-order',
  imports: [CurrencyPipe, Icon],
  templateUrl: './kiosk-order.html',
  styleUrl: './kiosk.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KioskOrder {
  private readonly orders = inject(KioskOrders);
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly router = inject(Router);

  protected readonly menu = signal<MenuItemDto[]>([]);
  protected readonly quantities = signal<Readonly<Record<string, number>>>({});
  protected readonly order = signal<OrderDto | null>(null);
  protected readonly guestUrl = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly itemCount = computed(() =>
    Object.values(this.quantities()).reduce((sum, quantity) => sum + quantity, 0),
  );
  protected readonly totalCents = computed(() =>
    this.menu().reduce((sum, item) => sum + item.priceCents * (this.quantities()[item.id] ?? 0), 0),
  );

  /** One key per order being put together: a retried "Place order" never orders twice. */
  private idempotencyKey = crypto.randomUUID();

  /** Shown next to the checkbox and sent as is: the consent record keeps the exact words. */
  protected readonly consentWording =
    'Text me updates about this order. Msg & data rates may apply. Reply STOP to opt out, HELP for help.';
  protected readonly textConsent = signal(true);
  /** The customer's own events (their orders only), to show the order's status as it moves. */
  private readonly stream = new LiveEventStream({
    ticket: () => this.orders.streamTicket(),
  });
  protected readonly streamStatus = this.stream.status;
  protected readonly statusCopy = computed(() => STATUS_COPY[this.order()?.status ?? 'placed']);

  constructor() {
    void this.loadMenu();
    this.stream.on((event) => {
      const order = this.order();
      if (!order || event.data['orderId'] !== order.id || event.type !== 'order.status_changed') return;
      this.order.set({ ...order, status: event.data['status'] as OrderDto['status'] });
    });
    // Connected without anything to resume from (or told to reset): read the order once.
    effect(() => {
      if (this.stream.resyncs() > 0) untracked(() => void this.reloadOrder());
    });
    inject(DestroyRef).onDestroy(() => this.stream.stop());
  }

  private async reloadOrder(): Promise<void> {
    const order = this.order();
    if (!order) return;
    try {
      const fresh = await this.orders.get(order.id);
      if (this.order()?.id === fresh.id) this.order.set(fresh);
    } catch {
      // The stream brings the next change anyway.
    }
  }

  protected quantity(id: string): number {
    return this.quantities()[id] ?? 0;
  }

  protected change(id: string, by: number): void {
    this.quantities.update((current) => {
      const next = { ...current, [id]: Math.max(0, Math.min(20, (current[id] ?? 0) + by)) };
      if (next[id] === 0) delete next[id];
      return next;
    });
  }

  protected async place(): Promise<void> {
    const items = Object.entries(this.quantities()).map(([menuItemId, quantity]) => ({
      menuItemId,
      quantity,
    }));
    if (!items.length || this.busy()) return;
    await this.attempt(async () => {
      this.order.set(
        await this.orders.place(items, this.idempotencyKey, this.textConsent() ? this.consentWording : undefined),
      );
      this.stream.start();
      this.quantities.set({});
      this.idempotencyKey = crypto.randomUUID();
    });
  }

  /**
   * Opens the video call in a new tab. The tab is opened on the click itself (a tab opened after an
   * await is a popup browsers may block) and pointed at the guest link once the API answers.
   */
  protected async needHelp(): Promise<void> {
    const order = this.order();
    if (!order || this.busy()) return;
    const tab = this.window?.open('', '_blank');
    await this.attempt(async () => {
      const call = await this.orders.askForHelp(order.id);
      if (!isWebUrl(call.guestUrl)) throw new ApiProblem(502, 'Bad link', 'The call link is not valid.');
      // Our own call page (Video API): join right here, in this tab and its sign-in.
      const own = customerCallPage(call.guestUrl);
      if (own) {
        tab?.close();
        await this.router.navigateByUrl(own);
        return;
      }
      this.guestUrl.set(call.guestUrl);
      if (tab) {
        tab.opener = null;
        tab.location.href = call.guestUrl;
      }
    });
    if (!this.guestUrl()) tab?.close();
  }

  protected newOrder(): void {
    this.stream.stop();
    this.order.set(null);
    this.guestUrl.set(null);
    this.error.set(null);
  }

  private async loadMenu(): Promise<void> {
    await this.attempt(async () => this.menu.set((await this.orders.menu()).filter((item) => item.available)));
  }

  private async attempt(step: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await step();
    } catch (error) {
      this.error.set(ApiProblem.from(error).detail);
    } finally {
      this.busy.set(false);
    }
  }
}

const STATUS_COPY: Record<OrderDto['status'], string> = {
  placed: 'Received — the kitchen will start soon',
  preparing: 'Being prepared',
  ready: 'Ready — please collect it at the counter',
  completed: 'Collected — enjoy your meal',
  cancelled: 'Cancelled',
};
