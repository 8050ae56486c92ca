import { HttpTestingController } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { provideAuthHttpTesting } from '../../../testing/auth-http';
import {
  ADMIN,
  authSession,
  expectRequest,
  problem,
  STORAGE_KEY,
  storedChallenge,
  VERIFICATION_STORAGE_KEY,
} from '../../../testing/fixtures';
import { MemoryStorage } from '../../../testing/memory-storage';
import { openRoutedPage } from '../../../testing/routed-page';
import Verify, { RESEND_COOLDOWN_MS } from './verify';

@Component({ template: 'another page' })
class Page {}

describe('Verify page', () => {
  let storage: MemoryStorage;

  async function open({ lifetimeMs = 10 * 60_000, url = '/verify?returnUrl=%2Forders' } = {}) {
    storage = new MemoryStorage();
    storage.setItem(VERIFICATION_STORAGE_KEY, storedChallenge(lifetimeMs, 'vt-1'));
    TestBed.configureTestingModule({
      providers: [
        ...provideAuthHttpTesting(storage),
        provideRouter(
          [
            { path: 'verify', component: Verify },
            { path: 'login', component: Page },
            { path: 'orders', component: Page },
            { path: '', component: Page },
          ],
          withComponentInputBinding(),
        ),
      ],
    });
    const { page, settle } = await openRoutedPage(url, Verify);
    const router = TestBed.inject(Router);
    const http = TestBed.inject(HttpTestingController);
    const text = (selector: string) => page.querySelector(selector)?.textContent?.trim() ?? null;
    const button = (label: RegExp) =>
      [...page.querySelectorAll<HTMLButtonElement>('button')].find((candidate) =>
        label.test(candidate.textContent ?? ''),
      );
    return {
      page,
      settle,
      router,
      http,
      text,
      button,
      type(value: string) {
        const input = page.querySelector<HTMLInputElement>('#code')!;
        input.value = value;
        input.dispatchEvent(new Event('input'));
      },
      async submit() {
        page.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
        await settle();
      },
      /** Waits until the page shows what the test expects (async flows re-render on their own). */
      async until(assertion: () => void) {
        await vi.waitFor(async () => {
          await settle();
          assertion();
        });
      },
    };
  }

  afterEach(() => {
    vi.useRealTimers();
    TestBed.inject(HttpTestingController).verify();
  });

  it('says where the code went and asks for it in a one-time-code field', async () => {
    const { page, text } = await open();

    expect(text('h1')).toBe('Check your phone');
    expect(text('.sent-to')).toBe('We sent a code by SMS to +15•••••0000');
    const input = page.querySelector<HTMLInputElement>('#code')!;
    expect(input.getAttribute('autocomplete')).toBe('one-time-code');
    expect(input.getAttribute('inputmode')).toBe('numeric');
    expect(page.querySelector('label[for="code"]')?.textContent).toContain('Sign-in code');
  });

  it('counts down to the moment the code expires', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const { settle, text } = await open({ lifetimeMs: 125_000 });

    expect(text('.countdown')).toBe('2:05');
    vi.advanceTimersByTime(3_000);
    await settle();
    expect(text('.countdown')).toBe('2:02');
  });

  it('asks for the code next to the field when submitted empty, without calling the API', async () => {
    const { submit, text } = await open();

    await submit();

    expect(text('#code-error')).toBe('Enter the code we sent you.');
  });

  it('keeps only digits, sends the code and continues to the page the user asked for', async () => {
    const { type, submit, http, router, page } = await open();

    type('123 456');
    expect(page.querySelector<HTMLInputElement>('#code')!.value).toBe('123456');
    await submit();
    const request = await expectRequest(http, '/api/auth/verify');
    expect(request.request.body).toEqual({ verifyToken: 'vt-1', code: '123456' });
    request.flush(authSession(ADMIN, 'signed-in-token'));

    await vi.waitFor(() => expect(router.url).toBe('/orders'));
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!).accessToken).toBe('signed-in-token');
    expect(storage.getItem(VERIFICATION_STORAGE_KEY)).toBeNull();
  });

  it('says in plain words that the code is wrong and how many attempts are left', async () => {
    const { type, submit, http, router, until, text, page } = await open();

    type('111111');
    await submit();
    (await expectRequest(http, '/api/auth/verify')).flush(
      problem(401, 'wrong-code', 'That code is not right; 2 attempts left', { attemptsLeft: 2 }),
      { status: 401, statusText: 'Unauthorized' },
    );

    await until(() => expect(text('#code-error')).toBe('That code is not right — 2 attempts left.'));
    expect(page.querySelector<HTMLInputElement>('#code')!.value).toBe('');
    expect(page.querySelector('#code')!.getAttribute('aria-invalid')).toBe('true');
    expect(router.url).toBe('/verify?returnUrl=%2Forders');
  });

  it('sends the user back to sign in, saying why, once the code can no longer be used', async () => {
    const { type, submit, http, router } = await open();

    type('111111');
    await submit();
    (await expectRequest(http, '/api/auth/verify')).flush(
      problem(401, 'too-many-attempts', 'Too many wrong codes; sign in again'),
      { status: 401, statusText: 'Unauthorized' },
    );

    await vi.waitFor(() => expect(router.url).toBe('/login?reason=too-many-attempts&returnUrl=%2Forders'));
    expect(storage.getItem(VERIFICATION_STORAGE_KEY)).toBeNull();
  });

  it('says how long to wait when the API is rate limiting', async () => {
    const { type, submit, http, until, text } = await open();

    type('111111');
    await submit();
    (await expectRequest(http, '/api/auth/verify')).flush(problem(429, 'too-many-requests', 'Too many requests'), {
      status: 429,
      statusText: 'Too Many Requests',
      headers: { 'Retry-After': '30' },
    });

    await until(() =>
      expect(text('#code-error')).toBe('Too many tries in a short time. Wait 30 seconds and try again.'),
    );
  });

  it('lets the user resend after a short cooldown and shows where the new code went', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const { settle, http, button, until, text } = await open();

    const resend = button(/Resend in|Send a new code/)!;
    expect(resend.disabled).toBe(true);
    expect(resend.textContent).toContain('Resend in 0:30');

    vi.advanceTimersByTime(RESEND_COOLDOWN_MS);
    await settle();
    expect(resend.disabled).toBe(false);
    resend.click();
    const request = await expectRequest(http, '/api/auth/verify/resend');
    expect(request.request.body).toEqual({ verifyToken: 'vt-1' });
    request.flush({
      channel: 'whatsapp',
      destination: '+15•••••0000',
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    });

    await until(() => expect(text('[role="status"]')).toBe('New code sent on WhatsApp to +15•••••0000.'));
    expect(text('h1')).toBe('Check WhatsApp');
    expect(button(/Resend in|Send a new code/)!.disabled).toBe(true);
  });

  it('stops offering a resend once every channel has been used, keeping the code step open', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const { settle, http, button, until, text, page } = await open();

    vi.advanceTimersByTime(RESEND_COOLDOWN_MS);
    await settle();
    button(/Send a new code/)!.click();
    (await expectRequest(http, '/api/auth/verify/resend')).flush(
      problem(409, 'no-other-channel', 'The code was already sent on every channel'),
      { status: 409, statusText: 'Conflict' },
    );

    await until(() => expect(text('[role="status"]')).toContain('sent the code every way we can'));
    expect(button(/Send a new code|Resend in/)).toBeUndefined();
    expect(page.querySelector('#code')).not.toBeNull();
  });

  it('cancels the sign-in and returns to the login page for a different account', async () => {
    const { http, router, button } = await open();

    button(/Use a different account/)!.click();
    const cancel = await expectRequest(http, '/api/auth/verify/cancel');
    expect(cancel.request.body).toEqual({ verifyToken: 'vt-1' });
    cancel.flush(null, { status: 204, statusText: 'No Content' });

    await vi.waitFor(() => expect(router.url).toBe('/login'));
    expect(storage.getItem(VERIFICATION_STORAGE_KEY)).toBeNull();
  });

  it('shows when the code has expired and offers to sign in again', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const { settle, http, router, button, text, page } = await open({ lifetimeMs: 2_000 });

    vi.advanceTimersByTime(3_000);
    await settle();
    expect(text('.expired-title')).toBe('This code has expired');
    expect(page.querySelector('#code')).toBeNull();

    button(/Sign in again/)!.click();
    (await expectRequest(http, '/api/auth/verify/cancel')).flush(null, {
      status: 204,
      statusText: '',
    });
    await vi.waitFor(() => expect(router.url).toBe('/login?reason=verification-expired&returnUrl=%2Forders'));
  });
});
