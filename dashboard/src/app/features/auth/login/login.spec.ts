import { HttpTestingController } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { provideAuthHttpTesting } from '../../../testing/auth-http';
import {
  ADMIN,
  authSession,
  challenge,
  CUSTOMER,
  expectRequest,
  INVALID_CREDENTIALS,
  STORAGE_KEY,
  VERIFICATION_STORAGE_KEY,
} from '../../../testing/fixtures';
import { MemoryStorage } from '../../../testing/memory-storage';
import { openRoutedPage } from '../../../testing/routed-page';
import Login from './login';

@Component({ template: 'signed-in page' })
class Page {}

describe('Login page', () => {
  let storage: MemoryStorage;

  async function open(url = '/login') {
    storage = new MemoryStorage();
    TestBed.configureTestingModule({
      providers: [
        ...provideAuthHttpTesting(storage),
        provideRouter(
          [
            { path: 'login', component: Login },
            { path: '', component: Page },
            { path: 'orders', component: Page },
            { path: 'verify', component: Page },
          ],
          withComponentInputBinding(),
        ),
      ],
    });
    const { page, settle } = await openRoutedPage(url, Login);
    return {
      page,
      settle,
      router: TestBed.inject(Router),
      http: TestBed.inject(HttpTestingController),
      type(selector: string, value: string) {
        const input = page.querySelector<HTMLInputElement>(selector)!;
        input.value = value;
        input.dispatchEvent(new Event('input'));
        input.dispatchEvent(new Event('blur'));
      },
      async submit() {
        page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
        await settle();
      },
      text: (selector: string) => page.querySelector(selector)?.textContent?.trim() ?? null,
    };
  }

  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('explains what is missing next to each field and sends nothing when submitted empty', async () => {
    const { page, submit, text } = await open();
    const passwordInput = page.querySelector('#password')!;
    expect(passwordInput.hasAttribute('aria-invalid')).toBe(false);

    await submit();

    expect(text('#email-error')).toBe('Enter your email address.');
    expect(text('#password-error')).toBe('Enter your password.');
    // Screen readers announce each message with its own input.
    expect(passwordInput.getAttribute('aria-invalid')).toBe('true');
    expect(passwordInput.getAttribute('aria-describedby')).toBe('password-error');
  });

  it('rejects a malformed email before calling the API', async () => {
    const { type, submit, text } = await open();

    type('#email', 'grace@');
    type('#password', 'secret');
    await submit();

    expect(text('#email-error')).toContain('Enter a valid email address');
  });

  it('signs in with the typed credentials and continues to the page the user asked for', async () => {
    const { type, submit, http, router } = await open('/login?returnUrl=%2Forders');

    type('#email', 'admin@tabletalk.local');
    type('#password', 'TableTalk!2026');
    await submit();
    const request = await expectRequest(http, '/api/auth/login');
    expect(request.request.body).toEqual({
      email: 'admin@tabletalk.local',
      password: 'TableTalk!2026',
    });
    request.flush(authSession(ADMIN, 'fresh-token'));

    await vi.waitFor(() => expect(router.url).toBe('/orders'));
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!).accessToken).toBe('fresh-token');
  });

  it('goes on to the code step when the API asks for a one-time code, keeping the return page', async () => {
    const { type, submit, http, router } = await open('/login?returnUrl=%2Forders');

    type('#email', 'admin@tabletalk.local');
    type('#password', 'TableTalk!2026');
    await submit();
    (await expectRequest(http, '/api/auth/login')).flush(challenge({ verifyToken: 'vt-9' }));

    await vi.waitFor(() => expect(router.url).toBe('/verify?returnUrl=%2Forders'));
    expect(JSON.parse(storage.getItem(VERIFICATION_STORAGE_KEY)!).verifyToken).toBe('vt-9');
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('ignores a returnUrl that points off the site', async () => {
    const { type, submit, http, router } = await open('/login?returnUrl=https:%2F%2Fevil.example');

    type('#email', 'admin@tabletalk.local');
    type('#password', 'TableTalk!2026');
    await submit();
    (await expectRequest(http, '/api/auth/login')).flush(authSession());

    await vi.waitFor(() => expect(router.url).toBe('/'));
  });

  it('shows the API’s problem detail when the credentials are wrong and stays on the page', async () => {
    const { type, submit, http, router, settle, text } = await open();

    type('#email', 'admin@tabletalk.local');
    type('#password', 'wrong-password');
    await submit();
    (await expectRequest(http, '/api/auth/login')).flush(INVALID_CREDENTIALS, {
      status: 401,
      statusText: 'Unauthorized',
    });
    await vi.waitFor(async () => {
      await settle();
      expect(text('[role="alert"]')).toBe('Invalid email or password');
    });

    expect(router.url).toBe('/login');
    expect(storage.length).toBe(0);
  });

  it('puts field errors from a validation problem next to the matching field', async () => {
    const { type, submit, http, settle, text } = await open();

    type('#email', 'admin@tabletalk.local');
    type('#password', 'x');
    await submit();
    (await expectRequest(http, '/api/auth/login')).flush(
      {
        type: 'https://tabletalk.dev/problems/validation-error',
        title: 'Validation failed',
        status: 400,
        detail: 'The request body has 1 invalid field',
        errors: [{ field: 'password', message: 'password is too long' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await vi.waitFor(async () => {
      await settle();
      expect(text('#password-error')).toBe('password is too long');
    });

    expect(text('[role="alert"]')).toBe('The request body has 1 invalid field');
    expect(text('#email-error')).toBeNull();
  });

  it('tells a customer that the dashboard is for staff', async () => {
    const { type, submit, http, settle, text } = await open();

    type('#email', CUSTOMER.email);
    type('#password', 'customer-password');
    await submit();
    (await expectRequest(http, '/api/auth/login')).flush(authSession(CUSTOMER));
    (await expectRequest(http, '/api/auth/logout')).flush(null, { status: 204, statusText: '' });
    await vi.waitFor(async () => {
      await settle();
      expect(text('[role="alert"]')).toContain('This dashboard is for restaurant staff');
    });

    expect(storage.length).toBe(0);
  });

  it('explains why the user is back on the login page after the session ended', async () => {
    const { text } = await open('/login?reason=session-expired');

    expect(text('[role="status"]')).toBe('Your session has ended. Please sign in again.');
  });

  it('explains in plain words why a code can no longer be used', async () => {
    const { text } = await open('/login?reason=too-many-attempts');

    expect(text('[role="status"]')).toBe('That was too many wrong codes. Sign in again to get a new one.');
  });

  it('says so when the API cannot be reached', async () => {
    const { type, submit, http, settle, text } = await open();

    type('#email', 'admin@tabletalk.local');
    type('#password', 'TableTalk!2026');
    await submit();
    (await expectRequest(http, '/api/auth/login')).error(new ProgressEvent('error'));
    await vi.waitFor(async () => {
      await settle();
      expect(text('[role="alert"]')).toContain('Can’t reach TableTalk');
    });
  });
});
