import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { MenuItemDto, OrderDto } from '../../api/models';
import { SESSION_STORAGE } from '../../core/browser-storage';
import { authSession, challenge, CUSTOMER, listPage, problem, STORAGE_KEY } from '../../testing/fixtures';
import { MemoryStorage } from '../../testing/memory-storage';
import Kiosk from './kiosk';
import { KioskAuth } from './kiosk-auth';
import { provideKioskHttp } from './kiosk-http';
import { KioskOrders } from './kiosk-orders';

const MENU: MenuItemDto[] = [
  {
    id: 'm1',
    name: 'Margherita pizza',
    description: 'Basil',
    priceCents: 1150,
    prepMinutes: 12,
    category: 'Pizza',
    available: true,
  },
  {
    id: 'm2',
    name: 'Off the menu',
    description: '',
    priceCents: 100,
    prepMinutes: 2,
    category: 'Pizza',
    available: false,
  },
];

function order(overrides: Partial<OrderDto> = {}): OrderDto {
  return {
    id: 'o1',
    number: 42,
    status: 'placed',
    items: [{ menuItemId: 'm1', name: 'Margherita pizza', quantity: 2, unitPriceCents: 1150 }],
    totalCents: 2300,
    customer: { id: CUSTOMER.id, name: CUSTOMER.name, email: CUSTOMER.email },
    customerReplies: [],
    history: [],
    nextStatuses: [],
    createdAt: '2026-11-25T12:00:00.000Z',
    updatedAt: '2026-11-25T12:00:00.000Z',
    ...overrides,
  } as OrderDto;
}

describe('Kiosk', () => {
  let storage: MemoryStorage;

  async function open(signedIn = false) {
    storage = new MemoryStorage();
    // A staff session in the same tab must never be used for the customer's calls.
    storage.setItem(STORAGE_KEY, JSON.stringify({ accessToken: 'staff-token', expiresAt: Date.now() + 60_000 }));
    if (signedIn) {
      storage.setItem(
        'tabletalk.kiosk.session',
        JSON.stringify({
          accessToken: 'customer-token',
          expiresAt: Date.now() + 60_000,
          user: CUSTOMER,
        }),
      );
    }
    TestBed.configureTestingModule({
      providers: [
        provideApiConfiguration(''),
        { provide: SESSION_STORAGE, useValue: storage },
        provideKioskHttp(),
        provideHttpClientTesting(),
        KioskAuth,
        KioskOrders,
      ],
    });
    const fixture = TestBed.createComponent(Kiosk);
    fixture.detectChanges();
    const element: HTMLElement = fixture.nativeElement;
    const http = TestBed.inject(HttpTestingController);
    const settle = async () => {
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
      fixture.detectChanges();
    };
    const type = (selector: string, value: string) => {
      const input = element.querySelector<HTMLInputElement>(selector)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    const press = (label: string) =>
      [...element.querySelectorAll<HTMLButtonElement>('button')]
        .find((button) => button.textContent?.trim().includes(label))!
        .click();
    return { element, http, settle, type, press };
  }

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('keeps the language chosen for texts with the new account', async () => {
    const { element, http, type, press } = await open();
    type('#kiosk-name', 'Ana García');
    type('#kiosk-email', 'ana@example.com');
    type('#kiosk-phone', '+34600100001');
    type('#kiosk-password', 'long-enough-pw');
    const language = element.querySelector<HTMLSelectElement>('#kiosk-language')!;
    expect(element.querySelector('label[for="kiosk-language"]')?.textContent).toContain('Texts in');
    language.value = 'es';
    language.dispatchEvent(new Event('change'));
    press('Create account');

    expect(http.expectOne('/api/auth/register').request.body).toMatchObject({
      email: 'ana@example.com',
      language: 'es',
    });
  });

  it('signs a new customer up, shows where the code went, and signs in with it', async () => {
    const { element, http, settle, type, press } = await open();
    type('#kiosk-name', 'Ada Lovelace');
    type('#kiosk-email', 'ada@example.com');
    type('#kiosk-phone', '+15550100001');
    type('#kiosk-password', 'long-enough-pw');
    press('Create account');

    const register = http.expectOne('/api/auth/register');
    expect(register.request.body).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+15550100001',
      password: 'long-enough-pw',
      language: 'en',
    });
    register.flush(CUSTOMER, { status: 201, statusText: 'Created' });
    await settle();
    http.expectOne('/api/auth/login').flush(challenge({ destination: '+15•••••0001', verifyToken: 'vt-9' }));
    await settle();

    expect(element.textContent).toContain('We sent a code by SMS to +15•••••0001');
    type('#kiosk-code', '123456');
    press('Continue');
    const verify = http.expectOne('/api/auth/verify');
    expect(verify.request.body).toEqual({ verifyToken: 'vt-9', code: '123456' });
    verify.flush(authSession(CUSTOMER, 'customer-token'));
    await settle();

    // Signed in: the menu is asked for with the customer's token.
    const menu = http.expectOne((req) => req.url === '/api/menu');
    expect(menu.request.headers.get('Authorization')).toBe('Bearer customer-token');
    expect(JSON.parse(storage.getItem('tabletalk.kiosk.session')!).accessToken).toBe('customer-token');
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!).accessToken).toBe('staff-token');
    menu.flush(listPage(MENU));
    await settle();
    expect(element.textContent).toContain('Hi Grace Hopper');
  });

  it('turns away a staff account: the kiosk is for customers', async () => {
    const { element, http, settle, type, press } = await open();
    press('I have an account');
    await settle();
    type('#kiosk-signin-email', 'admin@tabletalk.local');
    type('#kiosk-signin-password', 'whatever');
    press('Sign in');
    http.expectOne('/api/auth/login').flush(challenge());
    await settle();
    type('#kiosk-code', '123456');
    press('Continue');
    http.expectOne('/api/auth/verify').flush(authSession());
    await settle();

    expect(element.querySelector('[role=alert]')?.textContent).toContain('This is a staff account');
    expect(storage.getItem('tabletalk.kiosk.session')).toBeNull();
  });

  it('shows the API’s field messages when sign-up is refused', async () => {
    const { element, http, settle, type, press } = await open();
    type('#kiosk-name', 'Ada');
    type('#kiosk-email', 'ada@example.com');
    type('#kiosk-phone', '+15550100001');
    type('#kiosk-password', 'long-enough-pw');
    press('Create account');
    http
      .expectOne('/api/auth/register')
      .flush(problem(409, 'email-taken', 'An account with this email already exists'), {
        status: 409,
        statusText: 'Conflict',
      });
    await settle();
    expect(element.querySelector('[role=alert]')?.textContent).toContain('An account with this email already exists');
  });

  it('orders the picked dishes, then “Need help?” opens the guest link in a new tab', async () => {
    const tab = { opener: {} as unknown, location: { href: '' }, close: vi.fn() };
    const openTab = vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
    const { element, http, settle, press } = await open(true);
    http.expectOne((req) => req.url === '/api/menu').flush(listPage(MENU));
    await settle();

    expect(element.textContent).not.toContain('Off the menu');
    press('+');
    press('+');
    await settle();
    press('Place order');
    const placed = http.expectOne('/api/orders');
    expect(placed.request.headers.get('Authorization')).toBe('Bearer customer-token');
    expect(placed.request.body.items).toEqual([{ menuItemId: 'm1', quantity: 2 }]);
    expect(placed.request.body.idempotencyKey).toEqual(expect.any(String));
    placed.flush(order(), { status: 201, statusText: 'Created' });
    await settle();
    expect(element.textContent).toContain('Order #42 is in');

    press('Need help?');
    expect(openTab).toHaveBeenCalledWith('', '_blank');
    http
      .expectOne('/api/orders/o1/support-call')
      .flush(
        { id: 'sr1', guestUrl: 'https://meet.example.com/guest/1', state: 'open', expiresAt: null },
        { status: 201, statusText: 'Created' },
      );
    await settle();

    expect(tab.location.href).toBe('https://meet.example.com/guest/1');
    expect(tab.opener).toBeNull();
    expect(element.querySelector<HTMLAnchorElement>('[role=status] a')?.href).toBe('https://meet.example.com/guest/1');
    openTab.mockRestore();
  });

  it('“Need help?” joins our own call page in this tab (its sign-in) when the guest link is the kiosk call page', async () => {
    const tab = { opener: {} as unknown, location: { href: '' }, close: vi.fn() };
    const openTab = vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
    const { http, settle, press } = await open(true);
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    http.expectOne((req) => req.url === '/api/menu').flush(listPage(MENU));
    await settle();
    press('+');
    await settle();
    press('Place order');
    http.expectOne('/api/orders').flush(order(), { status: 201, statusText: 'Created' });
    await settle();
    press('Need help?');
    const guestUrl = 'http://localhost:4200/kiosk/call/0123456789abcdef01234567';
    http
      .expectOne('/api/orders/o1/support-call')
      .flush(
        { id: '0123456789abcdef01234567', guestUrl, state: 'open', expiresAt: null },
        { status: 201, statusText: 'Created' },
      );
    await settle();
    expect(navigate).toHaveBeenCalledWith('/kiosk/call/0123456789abcdef01234567');
    expect(tab.close).toHaveBeenCalled();
    expect(tab.location.href).toBe('');
    openTab.mockRestore();
  });

  it('closes the blank tab and says why when the call cannot be opened', async () => {
    const tab = { opener: null, location: { href: '' }, close: vi.fn() };
    const openTab = vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
    const { element, http, settle, press } = await open(true);
    http.expectOne((req) => req.url === '/api/menu').flush(listPage(MENU));
    await settle();
    press('+');
    await settle();
    press('Place order');
    http.expectOne('/api/orders').flush(order(), { status: 201, statusText: 'Created' });
    await settle();

    press('Need help?');
    http.expectOne('/api/orders/o1/support-call').flush(problem(502, 'vonage-failed', 'Vonage could not open a room'), {
      status: 502,
      statusText: 'Bad Gateway',
    });
    await settle();

    expect(tab.close).toHaveBeenCalled();
    expect(element.querySelector('[role=alert]')?.textContent).toContain('Vonage could not open a room');
    openTab.mockRestore();
  });

  it('sends the customer back to sign in when the API refuses their token', async () => {
    const { element, http, settle } = await open(true);
    http
      .expectOne((req) => req.url === '/api/menu')
      .flush(problem(401, 'unauthorized', 'Sign in again'), {
        status: 401,
        statusText: 'Unauthorized',
      });
    await settle();
    expect(storage.getItem('tabletalk.kiosk.session')).toBeNull();
    expect(element.textContent).toContain('Create account');
  });
});
