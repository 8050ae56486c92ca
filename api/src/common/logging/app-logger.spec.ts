import { logSettingsFromEnv } from './app-logger.js';

describe('logSettingsFromEnv', () => {
  it('reads LOG_LEVEL and LOG_PRETTY with the configuration schema, defaults included', () => {
    expect(logSettingsFromEnv({ LOG_LEVEL: 'warn', LOG_PRETTY: 'true' })).toEqual({ level: 'warn', pretty: true });
    expect(logSettingsFromEnv({})).toEqual({ level: 'info', pretty: false });
  });

  it('falls back to the defaults on an invalid value (the configuration check then names it)', () => {
    expect(logSettingsFromEnv({ LOG_LEVEL: 'loud', LOG_PRETTY: 'maybe' })).toEqual({ level: 'info', pretty: false });
  });
});
