import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { SupportRequestDto } from '../../api/models';
import { LiveAlerts } from '../../core/live/live-alerts';
import { SupportRequests } from '../../core/notifications/support-requests';
import { problem } from '../../testing/fixtures';
import SupportRequestsPanel from './support-requests-panel';

function request(overrides: Partial<SupportRequestDto> = {}): SupportRequestDto {
  return {
    id: 'sr1',
    orderId: 'o1',
    orderNumber: 42,
    customer: { id: 'c1', name: 'Ada Lovelace', email: 'ada@example.com' },
    hostUrl: 'https://meetings.example.com/host/abc',
    guestUrl: 'https://meetings.example.com/guest/abc',
    state: 'open',
    createdAt: '2026-11-25T12:00:00.000Z',
    updatedAt: '2026-11-25T12:00:00.000Z',
    joinedAt: null,
    joinedBy: null,
    closedAt: null,
    closedBy: null,
    roomExpiresAt: null,
    ...overrides,
  };
}

describe('Support requests panel', () => {
  const changeCount = signal(0);

  async function open() {
    changeCount.set(0);
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'support/:id/call', children: [] }]),
        provideApiConfiguration(''),
        {
          provide: LiveAlerts,
          useValue: { status: signal('live'), changeCount },
        },
      ],
    });
    const fixture = TestBed.createComponent(SupportRequestsPanel);
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    const element: HTMLElement = fixture.nativeElement;
    const settle = async () => {
      // The API answer travels through a few promises before it reaches the signals.
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
      fixture.detectChanges();
    };
    const answerList = async (items: SupportRequestDto[]) => {
      const call = http.expectOne((r) => r.url === '/api/support-requests');
      expect(call.request.params.getAll('state')).toEqual(['open', 'joined']);
      call.flush({ items, page: 1, limit: 100, total: items.length });
      await settle();
    };
    return { http, element, settle, answerList };
  }

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('lists the open requests from the API with the customer and a Join link to the staff call page', async () => {
    const { element, answerList } = await open();
    await answerList([request(), request({ id: 'sr2', orderNumber: 43, state: 'joined' })]);

    const rows = element.querySelectorAll('li.request');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Order #42');
    expect(rows[0].textContent).toContain('ada@example.com');
    expect(rows[1].textContent).toContain('Joined');
    const join = rows[0].querySelector<HTMLAnchorElement>('a')!;
    // Our own call page, in this tab: the host link never leaves the API for the Video API.
    expect(join.getAttribute('href')).toBe('/support/sr1/call');
    expect(join.target).toBe('');
  });

  it('says so when nobody is waiting', async () => {
    const { element, answerList } = await open();
    await answerList([]);
    expect(element.textContent).toContain('No one is waiting for help right now.');
  });

  it('Join records that staff joined; Close removes the request', async () => {
    const { element, http, settle, answerList } = await open();
    await answerList([request(), request({ id: 'sr2', orderNumber: 43 })]);

    const join = element.querySelector<HTMLAnchorElement>('li.request a')!;
    join.addEventListener('click', (event) => event.preventDefault());
    join.click();
    const joined = http.expectOne('/api/support-requests/sr1');
    expect(joined.request.method).toBe('PATCH');
    expect(joined.request.body).toEqual({ state: 'joined' });
    joined.flush(request({ state: 'joined' }));
    await settle();
    expect(element.querySelector('li.request')?.textContent).toContain('Joined');
    // After each change the list is read again, so changes made elsewhere (a toast) show too.
    await answerList([request({ state: 'joined' }), request({ id: 'sr2', orderNumber: 43 })]);

    element.querySelectorAll<HTMLButtonElement>('li.request button')[1].click();
    const closed = http.expectOne('/api/support-requests/sr2');
    expect(closed.request.body).toEqual({ state: 'closed' });
    closed.flush(request({ id: 'sr2', orderNumber: 43, state: 'closed' }));
    await settle();
    expect(element.querySelectorAll('li.request')).toHaveLength(1);
    await answerList([request({ state: 'joined' })]);
  });

  it('shows the API’s reason when a change is refused, and keeps the request', async () => {
    const { element, http, settle, answerList } = await open();
    await answerList([request()]);

    element.querySelector<HTMLButtonElement>('li.request button')!.click();
    http.expectOne('/api/support-requests/sr1').flush(problem(409, 'conflict', 'This request is already closed'), {
      status: 409,
      statusText: 'Conflict',
    });
    await settle();

    expect(element.querySelector('[role=alert]')?.textContent).toContain('Order #42: This request is already closed');
    expect(element.querySelectorAll('li.request')).toHaveLength(1);
  });

  it('re-reads the list when a toast elsewhere marks a request joined', async () => {
    const { element, http, settle, answerList } = await open();
    await answerList([request()]);

    void TestBed.inject(SupportRequests).markJoined('sr1');
    http.expectOne('/api/support-requests/sr1').flush(request({ state: 'joined' }));
    await settle();
    await answerList([request({ state: 'joined' })]);

    expect(element.querySelector('li.request')?.textContent).toContain('Joined');
  });

  it('re-reads the list whenever the live channel reports a change', async () => {
    const { element, answerList, settle } = await open();
    await answerList([]);

    changeCount.set(1);
    await settle();
    await answerList([request({ orderNumber: 77 })]);

    expect(element.textContent).toContain('Order #77');
  });
});
