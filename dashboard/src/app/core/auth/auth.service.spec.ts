import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import { SESSION_STORAGE } from '../browser-storage';
import { ApiProblem } from '../http/api-problem';
import { MemoryStorage } from '../../testing/memory-storage';
import {
  ADMIN,
  CUSTOMER,
  INVALID_CREDENTIALS,
  STORAGE_KEY,
  authSession,
  expectRequest,
  storedToken,
} from '../../testing/fixtures';
import { authInterceptor } from './auth.interceptor';
import { Auth } from './auth.service';
import { Session } from './session';

describe('Auth', () => {
  let storage: MemoryStorage;

  function setup() {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        // The interceptor sends a rejected session to /login.
        provideRouter([{ path: 'login', children: [] }]),
        provideApiConfiguration(''),
        { provide: SESSION_STORAGE, useValue: storage },
      ],
    });
    return {
      auth: TestBed.inject(Auth),
      session: TestBed.inject(Session),
      http: TestBed.inject(HttpTestingController),
    };
  }

  beforeEach(() => {
    storage = new MemoryStorage();
  });

  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('signs in by posting the credentials, then keeps the token in session storage and exposes the user', async () => {
    const { auth, session, http } = setup();

    const outcome = auth.signIn({ email: 'admin@tabletalk.local', password: 'TableTalk!2026' });
    const request = await expectRequest(http, '/api/auth/login');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      email: 'admin@tabletalk.local',
      password: 'TableTalk!2026',
    });
    request.flush(authSession(ADMIN, 'fresh-token'));

    expect(await outcome).toEqual({ kind: 'signed-in', user: ADMIN });
    expect(auth.user()).toEqual(ADMIN);
    expect(session.accessToken()).toBe('fresh-token');
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!).accessToken).toBe('fresh-token');
  });

  it('computes the token expiry from expiresIn', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T12:00:00Z'), toFake: ['Date'] });
    try {
      const { auth, session, http } = setup();
      const outcome = auth.signIn({ email: ADMIN.email, password: 'pw' });
      const request = await expectRequest(http, '/api/auth/login');
      vi.setSystemTime(new Date('2026-11-25T12:00:00Z'));
      request.flush({ ...authSession(), expiresIn: 900 });
      await outcome;

      expect(session.expiresAt()).toEqual(new Date('2026-11-25T12:15:00Z'));
      vi.setSystemTime(new Date('2026-11-25T12:15:01Z'));
      expect(session.accessToken()).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects with the problem the API sent and stores nothing when the credentials are wrong', async () => {
    const { auth, http } = setup();

    const outcome = auth.signIn({ email: ADMIN.email, password: 'wrong' });
    (await expectRequest(http, '/api/auth/login')).flush(INVALID_CREDENTIALS, {
      status: 401,
      statusText: 'Unauthorized',
      headers: { 'Content-Type': 'application/problem+json' },
    });

    const problem = await outcome.catch((error: unknown) => error);
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem).toMatchObject({ status: 401, detail: 'Invalid email or password' });
    expect(auth.user()).toBeNull();
    expect(storage.length).toBe(0);
  });

  it('turns away customer accounts without keeping their token', async () => {
    const { auth, session, http } = setup();

    const outcome = auth.signIn({ email: CUSTOMER.email, password: 'pw' });
    (await expectRequest(http, '/api/auth/login')).flush(authSession(CUSTOMER));

    expect(await outcome).toEqual({ kind: 'not-staff' });
    expect(session.accessToken()).toBeNull();
    expect(storage.length).toBe(0);
  });

  it('restores the user after a reload by calling /api/auth/me with the stored bearer token', async () => {
    storage.setItem(STORAGE_KEY, storedToken('stored-token'));
    const { auth, http } = setup();

    const restored = auth.restore();
    const request = await expectRequest(http, '/api/auth/me');
    expect(request.request.headers.get('Authorization')).toBe('Bearer stored-token');
    request.flush(ADMIN);

    expect(await restored).toEqual(ADMIN);
    expect(auth.user()).toEqual(ADMIN);
  });

  it('treats an expired stored token as signed out without calling the API', async () => {
    storage.setItem(STORAGE_KEY, storedToken('old-token', -1));
    const { auth } = setup();

    expect(await auth.restore()).toBeNull();
  });

  it('forgets a stored token the API no longer accepts', async () => {
    storage.setItem(STORAGE_KEY, storedToken('revoked-token'));
    const { auth, session, http } = setup();

    const restored = auth.restore();
    (await expectRequest(http, '/api/auth/me')).flush(
      { ...INVALID_CREDENTIALS, detail: 'Token expired' },
      { status: 401, statusText: 'Unauthorized' },
    );

    expect(await restored).toBeNull();
    expect(session.accessToken()).toBeNull();
    expect(storage.length).toBe(0);
  });

  it('signs out by clearing the stored token and the user', async () => {
    const { auth, session, http } = setup();
    const outcome = auth.signIn({ email: ADMIN.email, password: 'pw' });
    (await expectRequest(http, '/api/auth/login')).flush(authSession());
    await outcome;

    auth.signOut();

    expect(auth.user()).toBeNull();
    expect(session.accessToken()).toBeNull();
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
  });
});
