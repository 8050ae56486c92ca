import {
  HttpClient,
  HttpErrorResponse,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { SESSION_STORAGE } from '../browser-storage';
import { INVALID_CREDENTIALS, STORAGE_KEY, storedToken } from '../../testing/fixtures';
import { MemoryStorage } from '../../testing/memory-storage';
import { authInterceptor } from './auth.interceptor';
import { Session } from './session';

describe('authInterceptor', () => {
  let storage: MemoryStorage;

  function setup() {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: 'login', children: [] }]),
        { provide: SESSION_STORAGE, useValue: storage },
      ],
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

    expect(
      http.expectOne('https://evil.example/api/steal').request.headers.has('Authorization'),
    ).toBe(false);
    expect(http.expectOne('/assets/menu.json').request.headers.has('Authorization')).toBe(false);
  });

  it('drops the session and sends the user to /login when the API rejects the token', async () => {
    storage.setItem(STORAGE_KEY, storedToken('expired-on-server'));
    const { client, http, session, navigate } = setup();

    const response = firstValueFrom(client.get('/api/auth/me'));
    http
      .expectOne('/api/auth/me')
      .flush(INVALID_CREDENTIALS, { status: 401, statusText: 'Unauthorized' });

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
    http
      .expectOne('/api/auth/login')
      .flush(INVALID_CREDENTIALS, { status: 401, statusText: 'Unauthorized' });

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
});
