import { inject, Injectable } from '@angular/core';
import { Api } from '../../api/api';
import { liveEventsIssueTicket } from '../../api/fn/live-events/live-events-issue-ticket';
import { menuList } from '../../api/fn/menu/menu-list';
import { ordersGet } from '../../api/fn/orders/orders-get';
import { ordersPlace } from '../../api/fn/orders/orders-place';
import { supportCallRequestCall } from '../../api/fn/support/support-call-request-call';
import type { MenuItemDto, OrderDto, OrderLineInputDto, SupportCallDto } from '../../api/models';
import { allPages, PAGE_LIMIT } from '../../core/http/all-pages';
import { ApiProblem } from '../../core/http/api-problem';

/** What a customer does at the kiosk once signed in. Every method @throws ApiProblem. */
@Injectable()
export class KioskOrders {
  private readonly api = inject(Api);

  /** The whole menu (it comes in pages; a restaurant's menu is one page of PAGE_LIMIT as a rule). */
  menu(): Promise<MenuItemDto[]> {
    return this.call(() => allPages((cursor) => this.api.invoke(menuList, { limit: PAGE_LIMIT, cursor })));
  }

  /** The idempotency key makes a retry after a network error return the same order. */
  /** `consentWording`: the exact words the customer ticked, recorded as their consent to texts. */
  place(items: OrderLineInputDto[], idempotencyKey: string, consentWording?: string): Promise<OrderDto> {
    const textConsent = consentWording ? { source: 'kiosk' as const, wording: consentWording } : undefined;
    return this.call(() =>
      this.api.invoke(ordersPlace, { body: { items, idempotencyKey, ...(textConsent && { textConsent }) } }),
    );
  }

  get(orderId: string): Promise<OrderDto> {
    return this.call(() => this.api.invoke(ordersGet, { id: orderId }));
  }

  /** A ticket for the customer's own live event stream (their orders only). */
  async streamTicket(): Promise<string> {
    return (await this.call(() => this.api.invoke(liveEventsIssueTicket))).ticket;
  }

  askForHelp(orderId: string): Promise<SupportCallDto> {
    return this.call(() => this.api.invoke(supportCallRequestCall, { id: orderId }));
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw ApiProblem.from(error);
    }
  }
}
