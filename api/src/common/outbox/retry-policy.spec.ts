import { backoffDelay } from './retry-policy.js';

const options = { baseMs: 1000, maxMs: 60_000 };

describe('backoffDelay', () => {
  it('doubles per attempt, between half and all of the exponential step', () => {
    expect(backoffDelay(1, options, 0, () => 0)).toBe(500);
    expect(backoffDelay(1, options, 0, () => 1)).toBe(1000);
    expect(backoffDelay(2, options, 0, () => 0)).toBe(1000);
    expect(backoffDelay(4, options, 0, () => 1)).toBe(8000);
  });

  it('spreads retries of entries that failed together', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelay(3, options)));
    expect(delays.size).toBeGreaterThan(1);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });

  it('never waits longer than the cap', () => {
    expect(backoffDelay(30, options, 0, () => 1)).toBe(60_000);
  });

  it("honours the server's Retry-After as a floor", () => {
    expect(backoffDelay(1, options, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(6, options, 100, () => 1)).toBe(32_000);
  });
});
