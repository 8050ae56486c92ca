import { envSchema } from './env.schema.js';

const validate = (env: Record<string, string>) => envSchema.validate(env, { abortEarly: false, allowUnknown: true });
const base = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/tabletalk',
  VONAGE_APPLICATION_ID: '7a9c1f0e-3b7d-4c1e-9f5a-2d8b6e4c0a11',
  VONAGE_PRIVATE_KEY: '/path/to/private.key',
  VONAGE_SIGNATURE_SECRET: 'a-signature-secret-of-length',
};

describe('envSchema', () => {
  it('fills local defaults so a newcomer needs only a database', () => {
    const { error, value } = validate(base);
    expect(error).toBeUndefined();
    expect(value).toMatchObject({
      PORT: 3000,
      NODE_ENV: 'development',
      ADMIN_EMAIL: 'admin@tabletalk.local',
      JWT_EXPIRES_IN_SECONDS: 900,
    });
  });

  it('refuses production without its own secrets, naming each missing one', () => {
    const { error } = validate({ ...base, NODE_ENV: 'production' });
    expect(error?.details.map((d) => d.path[0])).toEqual(expect.arrayContaining(['JWT_SECRET', 'ADMIN_PASSWORD']));
  });

  it.each([
    ['MONGODB_URI', { MONGODB_URI: 'postgres://x' }],
    ['PORT', { PORT: '99999' }],
    ['JWT_SECRET', { JWT_SECRET: 'too-short' }],
    ['ADMIN_PHONE', { ADMIN_PHONE: '0123' }],
    ['DASHBOARD_ORIGIN', { DASHBOARD_ORIGIN: 'http://ok.test, not a url' }],
    ['VONAGE_APPLICATION_ID', { VONAGE_APPLICATION_ID: 'my-app' }],
    ['VONAGE_SANDBOX_URL', { VONAGE_SANDBOX_URL: 'ftp://sandbox' }],
    ['SUPPORT_VIDEO', { SUPPORT_VIDEO: 'zoom' }],
    ['SUPPORT_ROOM_TTL_MINUTES', { SUPPORT_ROOM_TTL_MINUTES: '0' }],
  ])('refuses a bad %s', (name, override) => {
    const { error } = validate({ ...base, ...override });
    expect(error?.details.map((d) => d.path[0])).toContain(name);
  });

  it('requires a database URI', () => {
    expect(validate({}).error?.message).toContain('"MONGODB_URI" is required');
  });

  describe('fails closed (issue 10 finding 2)', () => {
    const own = { JWT_SECRET: 'an-own-secret-of-at-least-32-characters!', ADMIN_PASSWORD: 'an-own-admin-password' };
    const messageOf = (env: Record<string, string>) => validate({ ...base, ...env }).error?.message ?? '';

    it('listens on loopback outside production unless HOST is set, on every interface in production', () => {
      expect(validate(base).value.HOST).toBe('127.0.0.1');
      expect(validate({ ...base, ...own, NODE_ENV: 'production' }).value.HOST).toBe('0.0.0.0');
    });

    it.each(['0.0.0.0', '::', '192.168.1.20', 'tabletalk.example'])(
      'refuses the published secrets with HOST=%s, naming them',
      (host) => {
        const message = messageOf({ HOST: host });
        expect(message).toContain('JWT_SECRET');
        expect(message).toContain('ADMIN_PASSWORD');
        expect(validate({ ...base, ...own, HOST: host }).error).toBeUndefined();
      },
    );

    it.each(['127.0.0.1', 'localhost', '::1', '[::1]'])('keeps the local defaults on loopback HOST=%s', (host) => {
      expect(validate({ ...base, HOST: host }).error).toBeUndefined();
    });

    it('refuses a published value given explicitly in production, naming only that variable', () => {
      const message = messageOf({
        ...own,
        NODE_ENV: 'production',
        JWT_SECRET: 'tabletalk-local-development-secret-change-me',
      });
      expect(message).toContain('JWT_SECRET');
      expect(message).not.toContain('ADMIN_PASSWORD');
      expect(messageOf({ ...own, NODE_ENV: 'production', ADMIN_PASSWORD: 'TableTalk!2026' })).toContain(
        'ADMIN_PASSWORD',
      );
    });

    it('refuses the published Vonage signature secret unless the sandbox is the allowed Vonage', () => {
      const prod = { ...own, NODE_ENV: 'production', VONAGE_SIGNATURE_SECRET: 'local-sandbox-signature-secret' };
      expect(messageOf(prod)).toContain('VONAGE_SIGNATURE_SECRET');
      expect(messageOf({ ...prod, VONAGE_SANDBOX_URL: 'http://sandbox:3100', VONAGE_SANDBOX_ALLOWED: 'true' })).toBe(
        '',
      );
    });

    it('refuses the sandbox as production Vonage unless VONAGE_SANDBOX_ALLOWED=true (finding 3)', () => {
      const prod = { ...own, NODE_ENV: 'production', VONAGE_SANDBOX_URL: 'http://sandbox:3100' };
      expect(messageOf(prod)).toContain('VONAGE_SANDBOX_ALLOWED');
      expect(messageOf({ ...prod, VONAGE_SANDBOX_ALLOWED: 'false' })).toContain('VONAGE_SANDBOX_URL');
      expect(messageOf({ ...prod, VONAGE_SANDBOX_ALLOWED: 'true' })).toBe('');
      // Outside production the sandbox is the normal Vonage.
      expect(messageOf({ VONAGE_SANDBOX_URL: 'http://127.0.0.1:3100' })).toBe('');
    });
  });

  describe('TRUST_PROXY (issue 10 finding 1)', () => {
    it('is off by default: the socket address is the client', () => {
      expect(validate(base).value.TRUST_PROXY).toBe('false');
    });

    it.each(['false', 'true', '1', '2', '10.0.0.5', '10.0.0.0/8, 172.16.0.0/12', '::1/128'])('accepts %s', (value) => {
      expect(validate({ ...base, TRUST_PROXY: value }).error).toBeUndefined();
    });

    it.each(['yes', '10.0.0.1/33', 'proxy.example', '10.0.0.1/8/2', '-1'])(
      'refuses %s, naming TRUST_PROXY',
      (value) => {
        expect(validate({ ...base, TRUST_PROXY: value }).error?.details.map((d) => d.path[0])).toContain('TRUST_PROXY');
      },
    );
  });
});
