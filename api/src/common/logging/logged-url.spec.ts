import { loggedUrl } from './app-logger.js';

describe('loggedUrl', () => {
  it('hides a stream ticket and keeps the rest', () => {
    expect(loggedUrl('/api/events?ticket=abc123&lastEventId=7')).toBe('/api/events?ticket=[redacted]&lastEventId=7');
    expect(loggedUrl('/api/events?lastEventId=7&ticket=abc')).toBe('/api/events?lastEventId=7&ticket=[redacted]');
    expect(loggedUrl('/api/orders?status=placed')).toBe('/api/orders?status=placed');
    expect(loggedUrl(undefined)).toBeUndefined();
  });
});
