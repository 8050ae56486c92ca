import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { provideAuthHttpTesting } from '../../testing/auth-http';
import {
  ADMIN,
  authSession,
  expectRequest,
  INVALID_CREDENTIALS,
  STORAGE_KEY,
  storedToken,
} from '../../testing/fixtures';
import { MemoryStorage } from '../../testing/memory-storage';
import { REFRESH_MARGIN_MS, Session } from './session';
import { withoutSession } from './session-refresh';

describe('authInterceptor', () => {
  let storage: MemoryStorage;

  function setup() {
    TestBed.configureTestingModule({
      providers: [...provideAuthHttpTesting(storage), provideRouter([{ path: 'login', children: [] }])],
    });
    const router = TestBed.inject(Router);
    return {
      client: TestBed.inject(HttpClient),
      http: TestBed.inject(HttpTestingController),
      session: TestBed.inject(Session),
      navigate: vi.spyOn(router, 'navigate'),
    };
  }

  beforeEach(() => {
    storage = new MemoryStorage();
  });

  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('adds the bearer token to API calls when signed in', () => {
    storage.setItem(STORAGE_KEY, storedToken('abc'));
    const { client, http } = setup();

    client.get('/api/auth/me').subscribe();

    expect(http.expectOne('/api/auth/me').request.headers.get('Authorization')).toBe('Bearer abc');
  });

  it('sends API calls without Authorization when signed out', () => {
    const { client, http } = setup();

    client.post('/api/auth/login', {}).subscribe();

    expect(http.expectOne('/api/auth/login').request.headers.has('Authorization')).toBe(false);
  });

  it('never sends the token anywhere but our own API', () => {
    storage.setItem(STORAGE_KEY, storedToken('abc'));
    const { client, http } = setup();

    client.get('https://evil.example/api/steal').subscribe();
    client.get('/assets/menu.json').subscribe();

    expect(http.expectOne('https://evil.example/api/steal').request.headers.has('Authorization')).toBe(false);
    expect(http.expectOne('/assets/menu.json').request.headers.has('Authorization')).toBe(false);
  });

  it('drops the session and sends the user to /login when the API rejects the token', async () => {
    storage.setItem(STORAGE_KEY, storedToken('expired-on-server'));
    const { client, http, session, navigate } = setup();

    const response = firstValueFrom(client.get('/api/auth/me'));
    http.expectOne('/api/auth/me').flush(INVALID_CREDENTIALS, { status: 401, statusText: 'Unauthorized' });

    await expect(response).rejects.toBeInstanceOf(HttpErrorResponse);
    expect(session.accessToken()).toBeNull();
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/login'], {
      queryParams: { reason: 'session-expired' },
    });
  });

  it('leaves a 401 without a token (wrong password) to the caller', async () => {
    const { client, http, navigate } = setup();

    const response = firstValueFrom(client.post('/api/auth/login', {}));
    http.expectOne('/api/auth/login').flush(INVALID_CREDENTIALS, { status: 401, statusText: 'Unauthorized' });

    await expect(response).rejects.toMatchObject({ status: 401 });
    expect(navigate).not.toHaveBeenCalled();
  });

  it('keeps the session on other errors', async () => {
    storage.setItem(STORAGE_KEY, storedToken('abc'));
    const { client, http, session, navigate } = setup();

    const response = firstValueFrom(client.get('/api/orders'));
    http.expectOne('/api/orders').flush({}, { status: 403, statusText: 'Forbidden' });

    await expect(response).rejects.toMatchObject({ status: 403 });
    expect(session.accessToken()).toBe('abc');
    expect(navigate).not.toHaveBeenCalled();
  });

  describe('silent refresh', () => {
    const unauthorized = { status: 401, statusText: 'Unauthorized' };

    it('refreshes a rejected token once and retries the call with the new one', async () => {
      storage.setItem(STORAGE_KEY, storedToken('stale', 60_000, 'refresh-1'));
      const { client, http, session, navigate } = setup();

      const response = firstValueFrom(client.get('/api/orders'));
      http.expectOne('/api/orders').flush(INVALID_CREDENTIALS, unauthorized);
      const refresh = await expectRequest(http, '/api/auth/refresh');
      expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
      expect(refresh.request.headers.has('Authorization')).toBe(false);
      refresh.flush(authSession(ADMIN, 'fresh', 'refresh-2'));
      const retry = await expectRequest(http, '/api/orders');
      expect(retry.request.headers.get('Authorization')).toBe('Bearer fresh');
      retry.flush([{ id: 'o1' }]);

      expect(await response).toEqual([{ id: 'o1' }]);
      expect(session.refreshToken()).toBe('refresh-2');
      expect(JSON.parse(storage.getItem(STORAGE_KEY)!).refreshToken).toBe('refresh-2');
      expect(navigate).not.toHaveBeenCalled();
    });

    it('shares one refresh between calls rejected at the same time', async () => {
      storage.setItem(STORAGE_KEY, storedToken('stale', 60_000, 'refresh-1'));
      const { client, http } = setup();

      const orders = firstValueFrom(client.get('/api/orders'));
      const me = firstValueFrom(client.get('/api/auth/me'));
      http.expectOne('/api/orders').flush(INVALID_CREDENTIALS, unauthorized);
      http.expectOne('/api/auth/me').flush(INVALID_CREDENTIALS, unauthorized);
      // expectOne fails if a second refresh went out: a refresh token only works once.
      (await expectRequest(http, '/api/auth/refresh')).flush(authSession(ADMIN, 'fresh'));
      const retries = await vi.waitFor(() => {
        const pending = http.match((request) => request.headers.get('Authorization') === 'Bearer fresh');
        expect(pending).toHaveLength(2);
        return pending;
      });
      for (const retry of retries) retry.flush({ ok: retry.request.url });

      expect(await orders).toEqual({ ok: '/api/orders' });
      expect(await me).toEqual({ ok: '/api/auth/me' });
    });

    it('refreshes a token about to expire before sending the call', async () => {
      storage.setItem(STORAGE_KEY, storedToken('nearly-gone', REFRESH_MARGIN_MS - 1_000, 'r1'));
      const { client, http } = setup();

      const response = firstValueFrom(client.get('/api/orders'));
      http.expectNone('/api/orders');
      (await expectRequest(http, '/api/auth/refresh')).flush(authSession(ADMIN, 'fresh'));
      const sent = await expectRequest(http, '/api/orders');
      expect(sent.request.headers.get('Authorization')).toBe('Bearer fresh');
      sent.flush([]);

      expect(await response).toEqual([]);
    });

    it('ends the session and sends the user to /login when the refresh token is refused', async () => {
      storage.setItem(STORAGE_KEY, storedToken('stale', 60_000, 'reused-refresh'));
      const { client, http, session, navigate } = setup();

      const response = firstValueFrom(client.get('/api/orders'));
      http.expectOne('/api/orders').flush(INVALID_CREDENTIALS, unauthorized);
      (await expectRequest(http, '/api/auth/refresh')).flush(INVALID_CREDENTIALS, unauthorized);

      await expect(response).rejects.toMatchObject({ status: 401 });
      expect(session.isActive()).toBe(false);
      expect(storage.getItem(STORAGE_KEY)).toBeNull();
      expect(navigate).toHaveBeenCalledWith(['/login'], {
        queryParams: { reason: 'session-expired' },
      });
    });

    it('keeps the session when the refresh fails for lack of a connection', async () => {
      storage.setItem(STORAGE_KEY, storedToken('stale', 60_000, 'refresh-1'));
      const { client, http, session, navigate } = setup();

      const response = firstValueFrom(client.get('/api/orders'));
      http.expectOne('/api/orders').flush(INVALID_CREDENTIALS, unauthorized);
      (await expectRequest(http, '/api/auth/refresh')).error(new ProgressEvent('error'));

      await expect(response).rejects.toMatchObject({ status: 401 });
      expect(session.refreshToken()).toBe('refresh-1');
      expect(navigate).not.toHaveBeenCalled();
    });

    it('retries only once: a second 401 goes to the caller', async () => {
      storage.setItem(STORAGE_KEY, storedToken('stale', 60_000, 'refresh-1'));
      const { client, http } = setup();

      const response = firstValueFrom(client.get('/api/orders'));
      http.expectOne('/api/orders').flush(INVALID_CREDENTIALS, unauthorized);
      (await expectRequest(http, '/api/auth/refresh')).flush(authSession(ADMIN, 'fresh'));
      (await expectRequest(http, '/api/orders')).flush(INVALID_CREDENTIALS, unauthorized);

      await expect(response).rejects.toMatchObject({ status: 401 });
      http.expectNone('/api/auth/refresh');
    });

    it('leaves calls marked as session-less alone', async () => {
      storage.setItem(STORAGE_KEY, storedToken('stale', 60_000, 'refresh-1'));
      const { client, http, navigate } = setup();

      const response = firstValueFrom(client.post('/api/auth/logout', {}, { context: withoutSession() }));
      const logout = http.expectOne('/api/auth/logout');
      expect(logout.request.headers.has('Authorization')).toBe(false);
      logout.flush(INVALID_CREDENTIALS, unauthorized);

      await expect(response).rejects.toMatchObject({ status: 401 });
      http.expectNone('/api/auth/refresh');
      expect(navigate).not.toHaveBeenCalled();
    });
  });
});
