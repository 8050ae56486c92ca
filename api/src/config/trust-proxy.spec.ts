import { parseTrustProxy } from './trust-proxy.js';

describe('parseTrustProxy', () => {
  it('maps TRUST_PROXY to what Fastify trustProxy takes', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.86.42.80, 10.0.0.0/8,::1')).toEqual(['10.86.42.80', '10.0.0.0/8', '::1']);
  });

  it('throws on anything else', () => {
    expect(() => parseTrustProxy('nginx')).toThrow('"nginx" is not an address or CIDR');
    expect(() => parseTrustProxy('10.0.0.0/40')).toThrow();
  });
});
