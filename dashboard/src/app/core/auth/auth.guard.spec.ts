import { HttpTestingController } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideAuthHttpTesting } from '../../testing/auth-http';
import {
  ADMIN,
  CUSTOMER,
  expectRequest,
  STORAGE_KEY,
  storedChallenge,
  storedToken,
  VERIFICATION_STORAGE_KEY,
} from '../../testing/fixtures';
import { MemoryStorage } from '../../testing/memory-storage';
import { pendingVerificationGuard, signedInGuard, signedOutGuard } from './auth.guard';

@Component({ template: 'page' })
class Page {}

describe('auth guards', () => {
  let storage: MemoryStorage;

  async function setup() {
    TestBed.configureTestingModule({
      providers: [
        ...provideAuthHttpTesting(storage),
        provideRouter([
          { path: 'login', canActivate: [signedOutGuard], component: Page },
          {
            path: 'verify',
            canActivate: [signedOutGuard, pendingVerificationGuard],
            component: Page,
          },
          {
            path: '',
            canActivate: [signedInGuard],
            children: [{ path: 'orders', component: Page }],
          },
        ]),
      ],
    });
    const harness = await RouterTestingHarness.create();
    return { harness, router: TestBed.inject(Router), http: TestBed.inject(HttpTestingController) };
  }

  beforeEach(() => {
    storage = new MemoryStorage();
  });

  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('sends a signed-out visitor to /login, remembering the page they asked for', async () => {
    const { harness, router } = await setup();

    await harness.navigateByUrl('/orders');

    expect(router.url).toBe('/login?returnUrl=%2Forders');
  });

  it('lets staff with a stored token in once /api/auth/me confirms who they are', async () => {
    storage.setItem(STORAGE_KEY, storedToken('stored-token'));
    const { harness, router, http } = await setup();

    const navigation = harness.navigateByUrl('/orders');
    (await expectRequest(http, '/api/auth/me')).flush(ADMIN);
    await navigation;

    expect(router.url).toBe('/orders');
  });

  it('keeps customer accounts out of the dashboard and drops their token', async () => {
    storage.setItem(STORAGE_KEY, storedToken('customer-token'));
    const { harness, router, http } = await setup();

    const navigation = harness.navigateByUrl('/orders');
    (await expectRequest(http, '/api/auth/me')).flush(CUSTOMER);
    await navigation;

    expect(router.url).toBe('/login?reason=not-staff');
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('sends a signed-in user away from the login page to the overview', async () => {
    storage.setItem(STORAGE_KEY, storedToken('stored-token'));
    const { harness, router, http } = await setup();

    const navigation = harness.navigateByUrl('/login');
    (await expectRequest(http, '/api/auth/me')).flush(ADMIN);
    await navigation;

    expect(router.url).toBe('/');
  });

  it('opens the code page while a sign-in waits for its code', async () => {
    storage.setItem(VERIFICATION_STORAGE_KEY, storedChallenge());
    const { harness, router } = await setup();

    await harness.navigateByUrl('/verify');

    expect(router.url).toBe('/verify');
  });

  it('sends a visitor without a pending sign-in from the code page to /login', async () => {
    const { harness, router } = await setup();

    await harness.navigateByUrl('/verify');

    expect(router.url).toBe('/login');
  });

  it('drops an expired challenge and says the code expired', async () => {
    storage.setItem(VERIFICATION_STORAGE_KEY, storedChallenge(-1));
    const { harness, router } = await setup();

    await harness.navigateByUrl('/verify');

    expect(router.url).toBe('/login?reason=verification-expired');
    expect(storage.getItem(VERIFICATION_STORAGE_KEY)).toBeNull();
  });
});
