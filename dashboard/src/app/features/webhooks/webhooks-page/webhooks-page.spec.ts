import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../../api/api-configuration';
import type { WebhookDeliveryDto, WebhookEndpointDto } from '../../../api/models';
import { Session } from '../../../core/auth/session';
import { SESSION_STORAGE } from '../../../core/browser-storage';
import { ADMIN, authSession } from '../../../testing/fixtures';
import { MemoryStorage } from '../../../testing/memory-storage';
import WebhooksPage from './webhooks-page';

const ON: WebhookEndpointDto = {
  id: 'e-on',
  url: 'https://hooks.example.com/tt',
  events: ['order.created'],
  description: 'Delivery app',
  disabled: false,
  disabledReason: null,
  disabledAt: null,
  failureStreak: 0,
  createdAt: '2026-11-30T12:00:00.000Z',
};
const OFF: WebhookEndpointDto = {
  ...ON,
  id: 'e-off',
  url: 'https://down.example.com/tt',
  disabled: true,
  disabledReason:
    'Disabled automatically after 40 failed delivery attempts in a row; fix the receiver, then enable it again and replay what it missed.',
  disabledAt: '2026-11-30T13:00:00.000Z',
  failureStreak: 40,
};
const FAILED: WebhookDeliveryDto = {
  id: 'd-1',
  endpointId: 'e-on',
  messageId: 'msg_abc',
  eventType: 'order.created',
  eventSeq: 7,
  status: 'failed',
  attempts: 8,
  lastStatusCode: 500,
  lastLatencyMs: 42,
  lastError: 'HTTP 500',
  responseExcerpt: 'oops',
  nextAttemptAt: null,
  payload: '{}',
  attemptLog: [],
  createdAt: '2026-11-30T12:00:00.000Z',
};

describe('Webhooks page', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  async function open(items: WebhookEndpointDto[]) {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideApiConfiguration(''),
        { provide: SESSION_STORAGE, useValue: new MemoryStorage() },
      ],
    });
    TestBed.inject(Session).start(authSession(ADMIN));
    const fixture = TestBed.createComponent(WebhooksPage);
    const http = TestBed.inject(HttpTestingController);
    const element: HTMLElement = fixture.nativeElement;
    const settle = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
      fixture.detectChanges();
    };
    http
      .expectOne((req) => req.url === '/api/webhook-endpoints' && req.method === 'GET')
      .flush({ items, page: 1, limit: 20, total: items.length, nextCursor: null });
    await settle();
    const button = (label: string) => element.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`)!;
    return { http, element, settle, button };
  }

  it('lists endpoints and calls out one the API turned off after failures', async () => {
    const { element } = await open([ON, OFF]);
    expect([...element.querySelectorAll('.url')].map((el) => el.textContent?.trim())).toEqual([ON.url, OFF.url]);
    const alert = element.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain(OFF.url);
    expect(alert?.textContent).toContain('automatically');
  });

  it('shows the secret of a new endpoint once, with the chosen events', async () => {
    const { http, element, settle } = await open([]);
    (element.querySelector('#webhook-url') as HTMLInputElement).value = 'https://new.example.com/hook';
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    const create = http.expectOne((req) => req.url === '/api/webhook-endpoints' && req.method === 'POST');
    expect(create.request.body).toEqual({
      url: 'https://new.example.com/hook',
      events: ['order.created', 'order.status_changed'],
    });
    create.flush({ ...ON, url: 'https://new.example.com/hook', secret: 'whsec_c2VjcmV0' });
    await settle();
    http
      .expectOne((req) => req.url === '/api/webhook-endpoints' && req.method === 'GET')
      .flush({ items: [ON], page: 1, limit: 20, total: 1, nextCursor: null });
    await settle();
    expect(element.querySelector('.secret code')?.textContent).toBe('whsec_c2VjcmV0');
    (element.querySelector('.secret button') as HTMLButtonElement).click();
    await settle();
    expect(element.querySelector('.secret')).toBeNull();
  });

  it('opens the delivery log and replays a delivery', async () => {
    const { http, element, settle, button } = await open([ON]);
    button(`Deliveries of ${ON.url}`).click();
    http
      .expectOne((req) => req.url === `/api/webhook-endpoints/${ON.id}/deliveries`)
      .flush({ items: [FAILED], page: 1, limit: 20, total: 1, nextCursor: null });
    await settle();
    expect(element.textContent).toContain('HTTP 500');
    button('Send order.created msg_abc again').click();
    http
      .expectOne(
        (req) => req.url === `/api/webhook-endpoints/${ON.id}/deliveries/${FAILED.id}/replay` && req.method === 'POST',
      )
      .flush({ ...FAILED, status: 'pending' });
    await settle();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('msg_abc queued again');
    expect(element.querySelector('.status.pending')).not.toBeNull();
  });
});
