import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../../api/api-configuration';
import type { NotificationDto, OrderDto } from '../../../api/models';
import { listPage, problem } from '../../../testing/fixtures';
import { notificationFixture, orderFixture, pageOf } from '../order.fixtures';
import { OrdersStore } from '../orders-store';
import OrderDetail from './order-detail';

describe('Order detail panel', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  async function open(order: OrderDto, notifications: NotificationDto[]) {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideApiConfiguration(''),
        provideRouter([]),
        OrdersStore,
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    // The board's store asks for the board when it is created; the panel only borrows it.
    TestBed.inject(OrdersStore);
    http.expectOne((req) => req.url === '/api/orders').flush(pageOf([order]));

    const fixture = TestBed.createComponent(OrderDetail);
    fixture.componentRef.setInput('id', order.id);
    fixture.detectChanges();
    const settle = async () => {
      // The API calls are awaited promises: let them finish before looking.
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
      fixture.detectChanges();
    };
    await answer(order, notifications);
    const element: HTMLElement = fixture.nativeElement;
    const button = (label: string) =>
      [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === label);
    return { http, element, settle, answer, button };

    async function answer(current: OrderDto, texts: NotificationDto[]) {
      (await vi.waitFor(() => http.expectOne(`/api/orders/${current.id}`))).flush(current);
      http.expectOne(`/api/notifications?limit=100&orderId=${current.id}`).flush(listPage(texts));
      await settle();
    }
  }

  it('shows the customer, the items, the history and how far each text got', async () => {
    const order = orderFixture({
      status: 'preparing',
      history: [
        { status: 'placed', by: 'c1', byRole: 'customer', at: '2026-11-25T12:00:00.000Z' },
        { status: 'preparing', by: 's1', byRole: 'staff', at: '2026-11-25T12:03:00.000Z' },
      ],
    });
    const { element } = await open(order, [
      notificationFixture({ id: 'n1', event: 'placed', state: 'delivered' }),
      notificationFixture({
        id: 'n2',
        event: 'preparing',
        state: 'failed',
        error: 'Invalid destination number',
      }),
    ]);

    expect(element.querySelector('h2')?.textContent).toContain('Order #1001');
    expect(element.textContent).toContain('+447700900123');
    expect(element.querySelector('.lines')?.textContent).toContain('no cocoa');
    expect(element.querySelector('.lines')?.textContent).toContain('£23.00');
    const steps = [...element.querySelectorAll('.timeline li')].map((li) => li.textContent);
    expect(steps[0]).toContain('by customer');
    expect(steps[1]).toContain('Preparing');
    const chips = [...element.querySelectorAll('tt-delivery-chip')].map((chip) => chip.textContent?.trim());
    expect(chips[0]).toBe('Delivered ✓');
    expect(chips[1]).toContain('Failed');
    expect(chips[1]).toContain('Invalid destination number');
  });

  it('opens our own staff call page in this tab, and a Meetings host link in a new one', async () => {
    const own = await open(
      orderFixture({ meetingUrl: 'http://localhost:4200/support/0123456789abcdef01234567/call' }),
      [],
    );
    const inApp = [...own.element.querySelectorAll('a')].find(
      (a) => a.textContent?.trim() === 'Join the support call',
    )!;
    expect(inApp.getAttribute('href')).toBe('/support/0123456789abcdef01234567/call');
    expect(inApp.target).toBe('');
    TestBed.inject(HttpTestingController).verify();
    TestBed.resetTestingModule();
    const hosted = await open(orderFixture({ meetingUrl: 'https://meetings.example/host?participant_token=x' }), []);
    const external = [...hosted.element.querySelectorAll('a')].find(
      (a) => a.textContent?.trim() === 'Join the support call',
    )!;
    expect(external.getAttribute('href')).toBe('https://meetings.example/host?participant_token=x');
    expect(external.target).toBe('_blank');
  });

  it('offers exactly the legal next statuses as buttons', async () => {
    const { button } = await open(orderFixture({ status: 'preparing' }), []);

    expect(button('Mark ready')).toBeDefined();
    expect(button('Cancel order')).toBeDefined();
    expect(button('Start preparing')).toBeUndefined();
    expect(button('Complete')).toBeUndefined();
  });

  it('explains a 409 and shows where someone else moved the order', async () => {
    const placed = orderFixture({ status: 'placed' });
    const { http, element, settle, answer, button } = await open(placed, []);

    button('Cancel order')!.click();
    const patch = http.expectOne(`/api/orders/${placed.id}/status`);
    expect(patch.request.body).toEqual({ status: 'cancelled' });
    patch.flush(problem(409, 'illegal-transition', 'Order #1001 is ready; it cannot become cancelled'), {
      status: 409,
      statusText: 'Conflict',
    });
    await settle();
    // The board and the panel both ask again.
    (await vi.waitFor(() => http.expectOne((req) => req.url === '/api/orders'))).flush(pageOf([]));
    await answer(orderFixture({ status: 'ready' }), []);

    const alert = element.querySelector('[role="alert"]')?.textContent;
    expect(alert).toContain('Order #1001 is ready; it cannot become cancelled');
    expect(alert).toContain('Someone else moved it first');
    expect(element.querySelector('.badge')?.textContent).toContain('Ready');
    expect(button('Complete')).toBeDefined();
  });
});
