import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../../api/api-configuration';
import { Chime } from '../../../core/live/chime';
import type { LiveEvent, StreamStatus } from '../../../core/live/live-event-stream';
import { LiveEvents } from '../../../core/live/live-events';
import { orderFixture, pageOf } from '../order.fixtures';
import { ORDERS_POLL_INTERVAL_MS } from '../orders-store';
import OrdersBoard from './board';

/** Stands in for the dashboard's stream: the test sets its status and pushes events. */
class FakeLiveEvents {
  readonly status = signal<StreamStatus>('live');
  readonly resyncs = signal(0);
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  on(listener: (event: LiveEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  push(type: LiveEvent['type'], data: Record<string, unknown>) {
    for (const listener of this.listeners) listener({ id: '1', type, data });
  }
}

describe('Orders board on the live stream', () => {
  let live: FakeLiveEvents;
  const chime = { play: vi.fn(), muted: signal(false), toggleMuted: vi.fn() };

  beforeEach(() => {
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    live = new FakeLiveEvents();
    chime.play.mockClear();
  });
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  async function open() {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideApiConfiguration(''),
        provideRouter([]),
        { provide: LiveEvents, useValue: live },
        { provide: Chime, useValue: chime },
      ],
    });
    const fixture = TestBed.createComponent(OrdersBoard);
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    const element: HTMLElement = fixture.nativeElement;
    const settle = async () => {
      await vi.advanceTimersByTimeAsync(0);
      fixture.detectChanges();
    };
    const answerList = async (orders = [orderFixture({ id: 'a', number: 1001, status: 'placed' })]) => {
      http.expectOne((r) => r.method === 'GET' && r.url === '/api/orders').flush(pageOf(orders));
      await settle();
    };
    const column = (status: string) => element.querySelector(`section.column.${status}`)!;
    return { http, element, settle, answerList, column };
  }

  it('does not poll while the stream is live, and says Live', async () => {
    const board = await open();
    await board.answerList();
    await vi.advanceTimersByTimeAsync(ORDERS_POLL_INTERVAL_MS * 3);
    board.http.expectNone((r) => r.url === '/api/orders');
    expect(board.element.querySelector('.live')?.textContent?.trim()).toBe('Live');
  });

  it('polls again while the stream is down, and says it is reconnecting', async () => {
    const board = await open();
    await board.answerList();
    live.status.set('reconnecting');
    await vi.advanceTimersByTimeAsync(ORDERS_POLL_INTERVAL_MS);
    await board.answerList();
    expect(board.element.querySelector('.live')?.textContent).toContain('Reconnecting');
  });

  it('moves a card when the stream says its status changed, without asking the API', async () => {
    const board = await open();
    await board.answerList();
    live.push('order.status_changed', {
      orderId: 'a',
      status: 'preparing',
      previousStatus: 'placed',
      nextStatuses: ['ready', 'cancelled'],
    });
    await board.settle();
    board.http.expectNone((r) => r.url === '/api/orders');
    expect(board.column('preparing').textContent).toContain('#1001');
    expect(board.column('placed').textContent).not.toContain('#1001');
    expect(board.column('preparing').querySelector('button')?.textContent).toContain('Mark ready');
  });

  it('reads the list once for a new order, chimes, and highlights it until it is moved', async () => {
    const board = await open();
    await board.answerList([]);
    live.push('order.created', { orderId: 'n', number: 1007, status: 'placed' });
    await board.answerList([orderFixture({ id: 'n', number: 1007, status: 'placed' })]);
    expect(chime.play).toHaveBeenCalledTimes(1);
    const card = board.element.querySelector('article.order-card')!;
    expect(card.classList).toContain('fresh');
    expect(card.textContent).toContain('New');

    live.push('order.status_changed', { orderId: 'n', status: 'preparing', nextStatuses: ['ready', 'cancelled'] });
    await board.settle();
    expect(board.element.querySelector('article.order-card')!.classList).not.toContain('fresh');
  });

  it('re-reads the list when the stream asks for it (reset, or connected with nothing to resume from)', async () => {
    const board = await open();
    await board.answerList();
    live.resyncs.set(1);
    await board.settle();
    await board.answerList();
  });
});
