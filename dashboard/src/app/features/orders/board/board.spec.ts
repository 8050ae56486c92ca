import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../../api/api-configuration';
import type { OrderDto } from '../../../api/models';
import { problem } from '../../../testing/fixtures';
import { orderFixture, pageOf } from '../order.fixtures';
import { ORDERS_POLL_INTERVAL_MS } from '../orders-store';
import OrdersBoard from './board';

describe('Orders board', () => {
  let visibility: DocumentVisibilityState;

  beforeEach(() => {
    visibility = 'visible';
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });

  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  function open() {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), provideRouter([])],
    });
    const fixture = TestBed.createComponent(OrdersBoard);
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    const element: HTMLElement = fixture.nativeElement;
    const listRequest = () => http.expectOne((req) => req.method === 'GET' && req.url === '/api/orders');
    return {
      http,
      element,
      listRequest,
      /** Answers the pending list request and lets the page catch up. */
      async answerList(orders: OrderDto[]) {
        listRequest().flush(pageOf(orders));
        await settle();
      },
      async settle() {
        await settle();
      },
      column: (status: string) => element.querySelector(`section.column.${status}`)!,
      card: (number: number) => element.querySelector<HTMLElement>(`article[aria-label="Order #${number}"]`),
      setVisibility(state: DocumentVisibilityState) {
        visibility = state;
        document.dispatchEvent(new Event('visibilitychange'));
      },
    };

    async function settle() {
      // Lets promise chains run out (fake timers: advancing 0 ms only flushes microtasks).
      await vi.advanceTimersByTimeAsync(0);
      fixture.detectChanges();
    }
  }

  it('asks for the open orders oldest first and shows them in Placed, Preparing and Ready columns', async () => {
    const board = open();
    const request = board.listRequest();
    expect(request.request.params.getAll('status')).toEqual(['placed', 'preparing', 'ready']);
    expect(request.request.params.get('sort')).toBe('oldest');
    request.flush(
      pageOf([
        orderFixture({ id: 'a', number: 1001, status: 'placed' }),
        orderFixture({ id: 'b', number: 1002, status: 'preparing' }),
        orderFixture({ id: 'c', number: 1003, status: 'ready' }),
        orderFixture({ id: 'd', number: 1004, status: 'placed' }),
      ]),
    );
    await board.settle();

    expect(board.column('placed').querySelectorAll('article').length).toBe(2);
    expect(board.column('placed').querySelector('.count')?.textContent).toBe('2');
    expect(board.column('preparing').textContent).toContain('#1002');
    expect(board.column('ready').textContent).toContain('#1003');
    const card = board.card(1001)!;
    expect(card.textContent).toContain('Ada Lovelace');
    expect(card.textContent).toContain('2× Margherita pizza, 1× Tiramisu');
    expect(card.textContent).toContain('£29.50');
    expect(card.textContent).toContain('4 min ago');
    expect(card.querySelector('button')?.textContent).toContain('Start preparing');
    expect(board.card(1002)!.querySelector('button')?.textContent).toContain('Mark ready');
    expect(board.card(1003)!.querySelector('button')?.textContent).toContain('Complete');
  });

  it('asks again every few seconds while the tab is visible', async () => {
    const board = open();
    await board.answerList([]);

    await vi.advanceTimersByTimeAsync(ORDERS_POLL_INTERVAL_MS - 100);
    board.http.expectNone('/api/orders');
    await vi.advanceTimersByTimeAsync(100);
    await board.answerList([orderFixture({ number: 1005 })]);

    expect(board.card(1005)).not.toBeNull();
  });

  it('stops asking while the tab is hidden and catches up as soon as it is visible again', async () => {
    const board = open();
    await board.answerList([]);

    board.setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(ORDERS_POLL_INTERVAL_MS * 10);
    board.http.expectNone((req) => req.url === '/api/orders');

    board.setVisibility('visible');
    await board.answerList([orderFixture({ number: 1006 })]);
    expect(board.card(1006)).not.toBeNull();
  });

  it('moves an order on with its button and shows it in the next column', async () => {
    const board = open();
    await board.answerList([orderFixture({ id: 'order-1', number: 1001, status: 'placed' })]);

    board.card(1001)!.querySelector('button')!.click();
    const patch = board.http.expectOne('/api/orders/order-1/status');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toEqual({ status: 'preparing' });
    patch.flush(orderFixture({ id: 'order-1', number: 1001, status: 'preparing' }));
    await board.settle();

    expect(board.column('preparing').textContent).toContain('#1001');
    expect(board.column('placed').textContent).not.toContain('#1001');
    expect(board.card(1001)!.querySelector('button')?.textContent).toContain('Mark ready');
    // The board asks again at once, so other changes made meanwhile show up too.
    await board.answerList([orderFixture({ id: 'order-1', number: 1001, status: 'preparing' })]);
  });

  it('says so and shows the current state when someone else moved the order first (409)', async () => {
    const board = open();
    await board.answerList([orderFixture({ id: 'order-1', number: 1001, status: 'placed' })]);

    board.card(1001)!.querySelector('button')!.click();
    board.http
      .expectOne('/api/orders/order-1/status')
      .flush(problem(409, 'illegal-transition', 'Order #1001 is ready; it cannot become preparing (next: completed)'), {
        status: 409,
        statusText: 'Conflict',
      });
    await board.settle();
    await board.answerList([orderFixture({ id: 'order-1', number: 1001, status: 'ready' })]);

    const alert = board.element.querySelector('[role="alert"]')?.textContent;
    expect(alert).toContain('Order #1001 is ready; it cannot become preparing');
    expect(alert).toContain('Someone else moved it first');
    expect(board.column('ready').textContent).toContain('#1001');
    expect(board.column('placed').textContent).not.toContain('#1001');
  });

  it('lists completed and cancelled orders, newest first, on request', async () => {
    const board = open();
    await board.answerList([orderFixture()]);

    const toggle = [...board.element.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Completed & cancelled'),
    )!;
    toggle.click();
    await board.settle();
    const request = board.listRequest();
    expect(request.request.params.getAll('status')).toEqual(['completed', 'cancelled']);
    expect(request.request.params.get('sort')).toBe('newest');
    request.flush(pageOf([orderFixture({ number: 990, status: 'cancelled' })]));
    await board.settle();

    const row = board.element.querySelector('tbody tr')!;
    expect(row.textContent).toContain('#990');
    expect(row.textContent).toContain('Cancelled');
  });

  it("shows the last text's state on each card, an overdue badge and a cancel request, and resends a failed text", async () => {
    const page = open();
    const failed = orderFixture({
      status: 'preparing',
      id: 'o-failed',
      number: 1007,
      overdue: true,
      cancelRequest: { at: '2026-11-25T12:06:00.000Z', channel: 'sms' },
      lastNotification: {
        id: 'order:o-failed:1',
        event: 'preparing',
        state: 'failed',
        channel: 'sms',
        error: 'Vonage refused (422)',
        updatedAt: '2026-11-25T12:05:00.000Z',
      },
    });
    const fine = orderFixture({
      status: 'placed',
      id: 'o-fine',
      number: 1008,
      lastNotification: {
        id: 'order:o-fine:0',
        event: 'placed',
        state: 'delivered',
        channel: 'sms',
        updatedAt: '2026-11-25T12:05:00.000Z',
      },
    });
    await page.answerList([failed, fine]);

    const card = page.card(1007)!;
    expect(card.querySelector('.last-text')?.textContent).toContain('Failed');
    expect(card.textContent).toContain('Overdue');
    expect(card.textContent).toContain('Customer asks to cancel');
    expect(page.card(1008)!.querySelector('.last-text')?.textContent).toContain('Delivered');
    expect(page.card(1008)!.querySelector('button.resend')).toBeNull();

    const resend = card.querySelector<HTMLButtonElement>('button.resend')!;
    expect(resend.getAttribute('aria-label')).toBe('Resend the failed text for order #1007');
    resend.click();
    await page.settle();
    const post = page.http.expectOne(
      (req) => req.method === 'POST' && req.url === '/api/notifications/order%3Ao-failed%3A1/resend',
    );
    post.flush({ id: 'order:o-failed:1~r', state: 'queued' });
    await page.settle();
    await page.answerList([
      { ...failed, lastNotification: { ...failed.lastNotification!, id: 'order:o-failed:1~r', state: 'delivered' } },
      fine,
    ]);
    expect(page.card(1007)!.querySelector('.last-text')?.textContent).toContain('Delivered');
    expect(page.card(1007)!.querySelector('button.resend')).toBeNull();
  });
});
