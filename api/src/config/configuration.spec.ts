import { vonageConfig } from './configuration.js';
import { envSchema } from './env.schema.js';

describe('vonageConfig hosts', () => {
  const base = {
    VONAGE_APPLICATION_ID: '7a9c1f0e-3b7d-4c1e-9f5a-2d8b6e4c0a11',
    VONAGE_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
    VONAGE_SIGNATURE_SECRET: 'a-signature-secret-of-length',
  };
  const saved = { ...process.env };
  const load = (env: Record<string, string>) => {
    process.env = { ...saved, ...base, ...env };
    return vonageConfig();
  };
  afterEach(() => {
    process.env = saved;
  });

  it('points every host at the sandbox when VONAGE_SANDBOX_URL is set, except those set on their own', () => {
    const config = load({ VONAGE_SANDBOX_URL: 'http://sandbox:3100', VONAGE_CLIENT_URL: 'http://localhost:3100' });
    expect(config.usingSandbox).toBe(true);
    expect(config.hosts).toEqual({
      api: 'http://sandbox:3100',
      meetings: 'http://sandbox:3100',
      video: 'http://sandbox:3100',
    });
    expect(config.client).toMatchObject({ url: 'http://localhost:3100', apiUrl: 'http://sandbox:3100' });
  });

  it('treats empty host variables as unset, so a compose default can be switched off for real Vonage', () => {
    const env = { VONAGE_SANDBOX_URL: '', VONAGE_CLIENT_URL: '', VONAGE_CLIENT_API_URL: '', VONAGE_API_HOST: '' };
    expect(envSchema.validate({ MONGODB_URI: 'mongodb://127.0.0.1/x', ...base, ...env }).error).toBeUndefined();
    const config = load(env);
    expect(config.usingSandbox).toBe(false);
    expect(config.hosts.api).toBe('https://api.nexmo.com');
    expect(config.client).toMatchObject({ url: 'https://ws-us.vonage.com', apiUrl: 'https://api-us.vonage.com' });
  });
});
