import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../../api/api-configuration';
import type { LiveEvent, StreamStatus } from '../../../core/live/live-event-stream';
import { LiveEvents } from '../../../core/live/live-events';
import { listPage } from '../../../testing/fixtures';
import { notificationFixture, orderFixture, pageOf } from '../order.fixtures';
import { OrdersStore } from '../orders-store';
import OrderDetail from './order-detail';

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

describe('Order detail on the live stream', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('updates the delivery state of a text from the stream without asking the API', async () => {
    const live = new FakeLiveEvents();
    const order = orderFixture({ id: 'o1', status: 'placed' });
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideApiConfiguration(''),
        provideRouter([]),
        OrdersStore,
        { provide: LiveEvents, useValue: live },
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    TestBed.inject(OrdersStore);
    http.expectOne((req) => req.url === '/api/orders').flush(pageOf([order]));
    const fixture = TestBed.createComponent(OrderDetail);
    fixture.componentRef.setInput('id', 'o1');
    fixture.detectChanges();
    const settle = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
      fixture.detectChanges();
    };
    (await vi.waitFor(() => http.expectOne('/api/orders/o1'))).flush(order);
    http
      .expectOne('/api/notifications?limit=100&orderId=o1')
      .flush(listPage([notificationFixture({ id: 'order:o1:0', state: 'sent' })]));
    await settle();
    const chip = () => fixture.nativeElement.querySelector('tt-delivery-chip')?.textContent?.trim();
    expect(chip()).not.toContain('Delivered');

    live.push('notification.updated', {
      notificationId: 'order:o1:0',
      orderId: 'o1',
      state: 'delivered',
      at: '2026-11-25T12:01:00.000Z',
    });
    await settle();
    expect(chip()).toBe('Delivered ✓');
    http.expectNone((req) => req.url.startsWith('/api/'));

    // Another order's events are not this panel's business.
    live.push('notification.updated', { notificationId: 'order:o2:0', orderId: 'o2', state: 'failed' });
    await settle();
    http.expectNone((req) => req.url.startsWith('/api/'));
  });
});
