import request from 'supertest';
import { AdminSeeder } from '../src/auth/admin-seeder.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ADMIN = { email: 'admin@verify.test', password: 'admin-password-e2e', phone: '+15550102020' };

interface SandboxVerification {
  request_id: string;
  code: string;
  channel: string;
  status: string;
  workflow: { channel: string; to: string; status: string }[];
}

describe('two-factor sign-in with Vonage Verify (e2e)', () => {
  let t: TestApp;

  /** The code as the sandbox "sent" it: read, never guessed. */
  const latestCode = async (to: string) => {
    const sent = await t.sandbox.inspect<SandboxVerification[]>(`/verify?to=${encodeURIComponent(to)}`);
    expect(sent.length).toBeGreaterThan(0);
    return sent[sent.length - 1];
  };
  const login = (email: string, password: string) => request(t.url).post('/api/auth/login').send({ email, password });
  const signUp = async (email: string, phone: string, verifyChannel?: string) => {
    await request(t.url)
      .post('/api/auth/register')
      .send({
        email,
        phone,
        password: 'customer-password',
        name: 'Test Customer',
        ...(verifyChannel ? { verifyChannel } : {}),
      })
      .expect(201);
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ADMIN_PHONE: ADMIN.phone },
    });
    await t.app.get(AdminSeeder).seeded;
  });
  afterAll(() => t.close());

  it('signs the admin in with password then the SMS code, and the session works', async () => {
    const challenge = await login(ADMIN.email, ADMIN.password).expect(200);
    expect(challenge.body).toMatchObject({ verificationRequired: true, channel: 'sms', destination: '+15•••••2020' });
    expect(challenge.body).not.toHaveProperty('accessToken');
    expect(Date.parse(challenge.body.expiresAt)).toBeGreaterThan(Date.now());

    const sent = await latestCode(ADMIN.phone);
    expect(sent).toMatchObject({ channel: 'sms', status: 'pending' });
    const session = await request(t.url)
      .post('/api/auth/verify')
      .send({ verifyToken: challenge.body.verifyToken, code: sent.code })
      .expect(200);
    expect(session.body).toMatchObject({ tokenType: 'Bearer', user: { email: ADMIN.email, role: 'admin' } });
    expect(session.body.refreshToken).toEqual(expect.any(String));
    await request(t.url).get('/api/auth/me').set('Authorization', `Bearer ${session.body.accessToken}`).expect(200);

    // A verify token works once.
    await request(t.url)
      .post('/api/auth/verify')
      .send({ verifyToken: challenge.body.verifyToken, code: sent.code })
      .expect(401);
  });

  it('the verify token is not an access token', async () => {
    const challenge = await login(ADMIN.email, ADMIN.password).expect(200);
    await request(t.url).get('/api/auth/me').set('Authorization', `Bearer ${challenge.body.verifyToken}`).expect(401);
    await request(t.url).post('/api/auth/verify/cancel').send({ verifyToken: challenge.body.verifyToken }).expect(204);
  });

  it.each([
    ['whatsapp', '+447700900201', 'whatsapp'],
    ['email', '+447700900202', 'email'],
  ])('sends the code by %s when the customer prefers it', async (channel, phone) => {
    const email = `${channel}@verify.test`;
    await signUp(email, phone, channel);
    const challenge = await login(email, 'customer-password').expect(200);
    expect(challenge.body.channel).toBe(channel);
    if (channel === 'email') expect(challenge.body.destination).toBe('e•••@verify.test');

    const sent = (await t.sandbox.inspect<SandboxVerification[]>('/verify')).find(
      (v) => v.workflow[0].to === (channel === 'email' ? email : phone.slice(1)),
    );
    expect(sent?.channel).toBe(channel);
    await request(t.url)
      .post('/api/auth/verify')
      .send({ verifyToken: challenge.body.verifyToken, code: sent!.code })
      .expect(200);
  });

  it('answers a wrong code with the attempts left, then accepts the right one', async () => {
    await signUp('wrong-then-right@verify.test', '+447700900203');
    const challenge = await login('wrong-then-right@verify.test', 'customer-password').expect(200);
    const { code } = await latestCode('+447700900203');
    const wrongCode = code === '000000' ? '111111' : '000000';

    const wrong = await request(t.url)
      .post('/api/auth/verify')
      .send({ verifyToken: challenge.body.verifyToken, code: wrongCode })
      .expect(401);
    expect(wrong.headers['content-type']).toMatch(/problem\+json/);
    expect(wrong.body).toMatchObject({ type: 'https://tabletalk.dev/problems/wrong-code', attemptsLeft: 2 });

    await request(t.url).post('/api/auth/verify').send({ verifyToken: challenge.body.verifyToken, code }).expect(200);
  });

  it('kills the sign-in after too many wrong codes, even for the right code afterwards', async () => {
    await signUp('too-many@verify.test', '+447700900204');
    const challenge = await login('too-many@verify.test', 'customer-password').expect(200);
    const { code } = await latestCode('+447700900204');
    const wrongCode = code === '000000' ? '111111' : '000000';
    const check = (c: string) =>
      request(t.url).post('/api/auth/verify').send({ verifyToken: challenge.body.verifyToken, code: c });

    expect((await check(wrongCode)).body.attemptsLeft).toBe(2);
    expect((await check(wrongCode)).body.attemptsLeft).toBe(1);
    const third = await check(wrongCode).expect(401);
    expect(third.body.type).toBe('https://tabletalk.dev/problems/too-many-attempts');
    const late = await check(code).expect(401);
    expect(late.body.type).toBe('https://tabletalk.dev/problems/too-many-attempts');
  });

  it('resends on the next channel; the same code still works', async () => {
    await signUp('resend@verify.test', '+447700900205');
    const challenge = await login('resend@verify.test', 'customer-password').expect(200);
    const resent = await request(t.url)
      .post('/api/auth/verify/resend')
      .send({ verifyToken: challenge.body.verifyToken })
      .expect(200);
    expect(resent.body).toMatchObject({ channel: 'whatsapp', destination: '+44••••••0205' });

    const sent = await latestCode('+447700900205');
    expect(sent.workflow.map((step) => step.channel)).toEqual(['sms', 'whatsapp']);
    expect(sent.channel).toBe('whatsapp');

    const again = await request(t.url)
      .post('/api/auth/verify/resend')
      .send({ verifyToken: challenge.body.verifyToken })
      .expect(409);
    expect(again.body.type).toBe('https://tabletalk.dev/problems/no-other-channel');
    await request(t.url)
      .post('/api/auth/verify')
      .send({ verifyToken: challenge.body.verifyToken, code: sent.code })
      .expect(200);
  });

  it('cancel ends the sign-in at Vonage and here', async () => {
    await signUp('cancel@verify.test', '+447700900206');
    const challenge = await login('cancel@verify.test', 'customer-password').expect(200);
    const { code } = await latestCode('+447700900206');
    await request(t.url).post('/api/auth/verify/cancel').send({ verifyToken: challenge.body.verifyToken }).expect(204);

    expect((await latestCode('+447700900206')).status).toBe('cancelled');
    const after = await request(t.url)
      .post('/api/auth/verify')
      .send({ verifyToken: challenge.body.verifyToken, code })
      .expect(401);
    expect(after.body.type).toBe('https://tabletalk.dev/problems/verification-cancelled');
  });

  it("a second sign-in supersedes the first challenge instead of hitting Vonage's concurrency limit", async () => {
    await signUp('twice@verify.test', '+447700900207');
    const first = await login('twice@verify.test', 'customer-password').expect(200);
    const second = await login('twice@verify.test', 'customer-password').expect(200);
    const { code } = await latestCode('+447700900207');
    await request(t.url).post('/api/auth/verify').send({ verifyToken: first.body.verifyToken, code }).expect(401);
    await request(t.url).post('/api/auth/verify').send({ verifyToken: second.body.verifyToken, code }).expect(200);
  });

  it('rejects a forged verify token and malformed codes', async () => {
    const challenge = await login(ADMIN.email, ADMIN.password).expect(200);
    const [header, payload] = challenge.body.verifyToken.split('.');
    await request(t.url)
      .post('/api/auth/verify')
      .send({ verifyToken: `${header}.${payload}.forged-signature`, code: '123456' })
      .expect(401);
    const bad = await request(t.url)
      .post('/api/auth/verify')
      .send({ verifyToken: challenge.body.verifyToken, code: '12ab' })
      .expect(400);
    expect(bad.body.errors[0].field).toBe('code');
    await request(t.url).post('/api/auth/verify/cancel').send({ verifyToken: challenge.body.verifyToken }).expect(204);
  });

  describe('refresh tokens', () => {
    const signIn = async () => {
      const challenge = await login(ADMIN.email, ADMIN.password).expect(200);
      const { code } = await latestCode(ADMIN.phone);
      return (
        await request(t.url)
          .post('/api/auth/verify')
          .send({ verifyToken: challenge.body.verifyToken, code })
          .expect(200)
      ).body;
    };

    it('rotates: each refresh token works once and gives a new working session', async () => {
      const first = await signIn();
      const second = await request(t.url)
        .post('/api/auth/refresh')
        .send({ refreshToken: first.refreshToken })
        .expect(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      await request(t.url).get('/api/auth/me').set('Authorization', `Bearer ${second.body.accessToken}`).expect(200);
      await request(t.url).post('/api/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(200);
    });

    it('a reused refresh token revokes the whole family', async () => {
      const first = await signIn();
      const second = await request(t.url)
        .post('/api/auth/refresh')
        .send({ refreshToken: first.refreshToken })
        .expect(200);
      // The old token comes back (stolen copy): refused, and the legitimate newer one dies too.
      await request(t.url).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
      await request(t.url).post('/api/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(401);
    });

    it('of two refreshes racing with one token, exactly one succeeds', async () => {
      const session = await signIn();
      const results = await Promise.all(
        [1, 2].map(() => request(t.url).post('/api/auth/refresh').send({ refreshToken: session.refreshToken })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('logout ends the sign-in', async () => {
      const session = await signIn();
      await request(t.url).post('/api/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
      await request(t.url).post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    });
  });
});

describe('verification expiry (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { VERIFY_CUSTOMERS: 'true' }, sandboxEnv: { SANDBOX_VERIFY_CODE_TTL: '1' } });
  });
  afterAll(() => t.close());

  it('an expired code is refused with a clear reason, and the challenge is dead', async () => {
    await request(t.url)
      .post('/api/auth/register')
      .send({ email: 'late@verify.test', phone: '+447700900208', password: 'customer-password', name: 'Late' })
      .expect(201);
    const challenge = await request(t.url)
      .post('/api/auth/login')
      .send({ email: 'late@verify.test', password: 'customer-password' })
      .expect(200);
    const [sent] = await t.sandbox.inspect<SandboxVerification[]>('/verify?to=%2B447700900208');
    // Two channels of one second each: the request is over after two seconds.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const late = await request(t.url)
      .post('/api/auth/verify')
      .send({ verifyToken: challenge.body.verifyToken, code: sent.code })
      .expect(401);
    expect(late.body.type).toBe('https://tabletalk.dev/problems/verification-expired');
    await request(t.url)
      .post('/api/auth/verify')
      .send({ verifyToken: challenge.body.verifyToken, code: sent.code })
      .expect(401);
  });
});

describe('abuse limits (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The test client stands in for a trusted proxy, so X-Forwarded-For gives each attempt its client address.
    t = await startTestApp({
      env: {
        AUTH_THROTTLE_LIMIT: '4',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_LOCK_SECONDS: '60',
        VERIFY_ENABLED: 'false',
        TRUST_PROXY: '127.0.0.1',
      },
    });
  });
  afterAll(() => t.close());

  it('locks an account for the client that failed repeatedly, even against the right password', async () => {
    await request(t.url)
      .post('/api/auth/register')
      .send({ email: 'target@verify.test', phone: '+447700900209', password: 'customer-password', name: 'Target' })
      .expect(201);
    for (let i = 0; i < 3; i++) {
      await request(t.url)
        .post('/api/auth/login')
        .set('X-Forwarded-For', '10.0.0.9')
        .send({ email: 'target@verify.test', password: 'wrong-password' })
        .expect(401);
    }
    const locked = await request(t.url)
      .post('/api/auth/login')
      .set('X-Forwarded-For', '10.0.0.9')
      .send({ email: 'target@verify.test', password: 'customer-password' })
      .expect(429);
    expect(locked.body.type).toBe('https://tabletalk.dev/problems/account-locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('locks an unknown address exactly like a real account, so the lock reveals nothing', async () => {
    const answers = async (email: string) => {
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const res = await request(t.url)
          .post('/api/auth/login')
          .set('X-Forwarded-For', `10.0.1.${email.length}`)
          .send({ email, password: 'wrong-password' });
        statuses.push([res.status, res.body.type]);
      }
      return statuses;
    };
    await request(t.url)
      .post('/api/auth/register')
      .send({ email: 'real@verify.test', phone: '+447700900210', password: 'customer-password', name: 'Real' })
      .expect(201);
    const real = await answers('real@verify.test');
    expect(await answers('ghost@verify.test')).toEqual(real);
    expect(real.at(-1)).toEqual([429, 'https://tabletalk.dev/problems/account-locked']);
  });

  it('rate-limits sign-in attempts per client with 429 and Retry-After', async () => {
    // A new address each time, so only the per-client limit (not an address lock) can refuse.
    let n = 0;
    const attempt = () =>
      request(t.url)
        .post('/api/auth/login')
        .set('X-Forwarded-For', '10.1.1.1')
        .send({ email: `nobody${n++}@verify.test`, password: 'whatever-password' });
    for (let i = 0; i < 4; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt().expect(429);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('rate limits shared by several API instances (e2e)', () => {
  it('counts sign-in attempts in the database when THROTTLE_STORE=mongo', async () => {
    const env = { THROTTLE_STORE: 'mongo', AUTH_THROTTLE_LIMIT: '4', VERIFY_ENABLED: 'false' };
    const first = await startTestApp({ env });
    const second = await startTestApp({ env, databaseUri: first.databaseUri, sandbox: first });
    try {
      let n = 0;
      const attempt = (t: TestApp) =>
        request(t.url)
          .post('/api/auth/login')
          .set('X-Forwarded-For', '10.2.2.2')
          .send({ email: `nobody${n++}@verify.test`, password: 'whatever-password' });
      // Four attempts spread over two instances use up the one budget…
      for (const t of [first, second, first, second]) expect((await attempt(t)).status).toBe(401);
      // …so the fifth is refused wherever it lands.
      const limited = await attempt(first).expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      await attempt(second).expect(429);
    } finally {
      await second.close({ database: true, sandbox: true });
      await first.close();
    }
  });
});
