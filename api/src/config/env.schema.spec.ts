import { envSchema } from './env.schema';

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
    expect(value).toMatchObject({ PORT: 3000, NODE_ENV: 'development', ADMIN_EMAIL: 'admin@tabletalk.local', JWT_EXPIRES_IN_SECONDS: 900 });
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
});
