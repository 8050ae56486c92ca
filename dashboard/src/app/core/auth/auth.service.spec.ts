import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideAuthHttpTesting } from '../../testing/auth-http';
import {
  ADMIN,
  authSession,
  challenge,
  CUSTOMER,
  expectRequest,
  INVALID_CREDENTIALS,
  problem,
  STORAGE_KEY,
  storedChallenge,
  storedToken,
  VERIFICATION_STORAGE_KEY,
} from '../../testing/fixtures';
import { MemoryStorage } from '../../testing/memory-storage';
import { ApiProblem } from '../http/api-problem';
import { Auth, endsChallenge } from './auth.service';
import { Session } from './session';

describe('Auth', () => {
  let storage: MemoryStorage;

  function setup() {
    TestBed.configureTestingModule({
      providers: [
        ...provideAuthHttpTesting(storage),
        // The interceptor sends a rejected session to /login.
        provideRouter([{ path: 'login', children: [] }]),
      ],
    });
    return {
      auth: TestBed.inject(Auth),
      session: TestBed.inject(Session),
      http: TestBed.inject(HttpTestingController),
    };
  }

  const storedSession = () => JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
  const storedVerification = () => JSON.parse(storage.getItem(VERIFICATION_STORAGE_KEY) ?? 'null');

  beforeEach(() => {
    storage = new MemoryStorage();
  });

  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  describe('password step', () => {
    it('signs in by posting the credentials, then keeps both tokens in session storage and exposes the user', async () => {
      const { auth, session, http } = setup();

      const outcome = auth.signIn({ email: 'admin@tabletalk.local', password: 'TableTalk!2026' });
      const request = await expectRequest(http, '/api/auth/login');
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual({
        email: 'admin@tabletalk.local',
        password: 'TableTalk!2026',
      });
      request.flush(authSession(ADMIN, 'fresh-token', 'fresh-refresh'));

      expect(await outcome).toEqual({ kind: 'signed-in', user: ADMIN });
      expect(auth.user()).toEqual(ADMIN);
      expect(session.accessToken()).toBe('fresh-token');
      expect(storedSession()).toMatchObject({
        accessToken: 'fresh-token',
        refreshToken: 'fresh-refresh',
      });
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

      const failure = await outcome.catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApiProblem);
      expect(failure).toMatchObject({ status: 401, detail: 'Invalid email or password' });
      expect(auth.user()).toBeNull();
      expect(storage.length).toBe(0);
    });

    it('turns away customer accounts, keeping none of their tokens and ending the sign-in on the API', async () => {
      const { auth, session, http } = setup();

      const outcome = auth.signIn({ email: CUSTOMER.email, password: 'pw' });
      (await expectRequest(http, '/api/auth/login')).flush(authSession(CUSTOMER, 'customer-token', 'customer-refresh'));
      const logout = await expectRequest(http, '/api/auth/logout');
      expect(logout.request.body).toEqual({ refreshToken: 'customer-refresh' });
      logout.flush(null, { status: 204, statusText: 'No Content' });

      expect(await outcome).toEqual({ kind: 'not-staff' });
      expect(session.accessToken()).toBeNull();
      expect(storage.length).toBe(0);
    });

    it('answers a verification challenge with the code step, remembering where the code went', async () => {
      const { auth, session, http } = setup();

      const outcome = auth.signIn({ email: ADMIN.email, password: 'TableTalk!2026' });
      (await expectRequest(http, '/api/auth/login')).flush(
        challenge({ verifyToken: 'vt-1', expiresAt: '2099-01-01T00:10:00.000Z' }),
      );

      expect(await outcome).toEqual({
        kind: 'verification-required',
        challenge: {
          verifyToken: 'vt-1',
          channel: 'sms',
          destination: '+15•••••0000',
          expiresAt: Date.parse('2099-01-01T00:10:00.000Z'),
        },
      });
      expect(auth.challenge()?.destination).toBe('+15•••••0000');
      expect(storedVerification()).toMatchObject({ verifyToken: 'vt-1' });
      expect(session.isActive()).toBe(false);
    });
  });

  describe('code step', () => {
    it('trades the code for a session and forgets the challenge', async () => {
      storage.setItem(VERIFICATION_STORAGE_KEY, storedChallenge(60_000, 'vt-1'));
      const { auth, session, http } = setup();

      const outcome = auth.verifyCode('123456');
      const request = await expectRequest(http, '/api/auth/verify');
      expect(request.request.body).toEqual({ verifyToken: 'vt-1', code: '123456' });
      expect(request.request.headers.has('Authorization')).toBe(false);
      request.flush(authSession(ADMIN, 'after-2fa', 'refresh-after-2fa'));

      expect(await outcome).toEqual({ kind: 'signed-in', user: ADMIN });
      expect(session.accessToken()).toBe('after-2fa');
      expect(session.refreshToken()).toBe('refresh-after-2fa');
      expect(auth.challenge()).toBeNull();
      expect(storage.getItem(VERIFICATION_STORAGE_KEY)).toBeNull();
    });

    it('keeps the challenge after a wrong code and reports how many attempts are left', async () => {
      storage.setItem(VERIFICATION_STORAGE_KEY, storedChallenge());
      const { auth, http } = setup();

      const outcome = auth.verifyCode('000000');
      (await expectRequest(http, '/api/auth/verify')).flush(
        problem(401, 'wrong-code', 'That code is not right; 2 attempts left', { attemptsLeft: 2 }),
        { status: 401, statusText: 'Unauthorized' },
      );

      const failure = (await outcome.catch((error: unknown) => error)) as ApiProblem;
      expect(failure).toMatchObject({ kind: 'wrong-code', attemptsLeft: 2 });
      expect(endsChallenge(failure)).toBe(false);
      expect(auth.challenge()).not.toBeNull();
    });

    it('drops the challenge once the API says it is over', async () => {
      storage.setItem(VERIFICATION_STORAGE_KEY, storedChallenge());
      const { auth, http } = setup();

      const outcome = auth.verifyCode('000000');
      (await expectRequest(http, '/api/auth/verify')).flush(
        problem(401, 'too-many-attempts', 'Too many wrong codes; sign in again'),
        { status: 401, statusText: 'Unauthorized' },
      );

      const failure = (await outcome.catch((error: unknown) => error)) as ApiProblem;
      expect(failure.kind).toBe('too-many-attempts');
      expect(endsChallenge(failure)).toBe(true);
      expect(auth.challenge()).toBeNull();
      expect(storage.getItem(VERIFICATION_STORAGE_KEY)).toBeNull();
    });

    it('does not send a code for a challenge that has already expired', async () => {
      storage.setItem(VERIFICATION_STORAGE_KEY, storedChallenge(-1));
      const { auth } = setup();

      const failure = await auth.verifyCode('123456').catch((error: unknown) => error);

      expect(failure).toMatchObject({ kind: 'verification-expired' });
    });

    it('resends the code and follows it to its new channel', async () => {
      storage.setItem(VERIFICATION_STORAGE_KEY, storedChallenge(60_000, 'vt-1'));
      const { auth, http } = setup();

      const resent = auth.resendCode();
      const request = await expectRequest(http, '/api/auth/verify/resend');
      expect(request.request.body).toEqual({ verifyToken: 'vt-1' });
      request.flush({
        channel: 'whatsapp',
        destination: '+15•••••0000',
        expiresAt: '2099-01-01T00:20:00.000Z',
      });
      await resent;

      expect(auth.challenge()).toMatchObject({
        verifyToken: 'vt-1',
        channel: 'whatsapp',
        expiresAt: Date.parse('2099-01-01T00:20:00.000Z'),
      });
      expect(storedVerification().channel).toBe('whatsapp');
    });

    it('keeps the challenge when there is no other channel to resend on', async () => {
      storage.setItem(VERIFICATION_STORAGE_KEY, storedChallenge());
      const { auth, http } = setup();

      const resent = auth.resendCode();
      (await expectRequest(http, '/api/auth/verify/resend')).flush(
        problem(409, 'no-other-channel', 'The code was already sent on every channel'),
        { status: 409, statusText: 'Conflict' },
      );

      expect(await resent.catch((error: unknown) => error)).toMatchObject({
        kind: 'no-other-channel',
      });
      expect(auth.challenge()).not.toBeNull();
    });

    it('cancels the challenge on the API and forgets it, even when the API call fails', async () => {
      storage.setItem(VERIFICATION_STORAGE_KEY, storedChallenge(60_000, 'vt-1'));
      const { auth, http } = setup();

      const cancelled = auth.cancelVerification();
      expect(auth.challenge()).toBeNull();
      const request = await expectRequest(http, '/api/auth/verify/cancel');
      expect(request.request.body).toEqual({ verifyToken: 'vt-1' });
      request.error(new ProgressEvent('error'));

      await expect(cancelled).resolves.toBeUndefined();
      expect(storage.getItem(VERIFICATION_STORAGE_KEY)).toBeNull();
    });
  });

  describe('session', () => {
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

    it('treats an expired stored token without a refresh token as signed out without calling the API', async () => {
      storage.setItem(STORAGE_KEY, storedToken('old-token', -1));
      const { auth } = setup();

      expect(await auth.restore()).toBeNull();
    });

    it('restores an expired session silently by refreshing it first', async () => {
      storage.setItem(STORAGE_KEY, storedToken('old-token', -1, 'refresh-1'));
      const { auth, session, http } = setup();

      const restored = auth.restore();
      const refresh = await expectRequest(http, '/api/auth/refresh');
      expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
      refresh.flush(authSession(ADMIN, 'new-token', 'refresh-2'));
      const me = await expectRequest(http, '/api/auth/me');
      expect(me.request.headers.get('Authorization')).toBe('Bearer new-token');
      me.flush(ADMIN);

      expect(await restored).toEqual(ADMIN);
      expect(session.refreshToken()).toBe('refresh-2');
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

    it('signs out by clearing the session at once and revoking the refresh token on the API', async () => {
      storage.setItem(STORAGE_KEY, storedToken('token', 60_000, 'refresh-to-revoke'));
      const { auth, session, http } = setup();

      const signedOut = auth.signOut();
      expect(session.isActive()).toBe(false);
      expect(storage.getItem(STORAGE_KEY)).toBeNull();
      const logout = await expectRequest(http, '/api/auth/logout');
      expect(logout.request.body).toEqual({ refreshToken: 'refresh-to-revoke' });
      expect(logout.request.headers.has('Authorization')).toBe(false);
      logout.flush(null, { status: 204, statusText: 'No Content' });

      await signedOut;
      expect(auth.user()).toBeNull();
    });
  });
});
