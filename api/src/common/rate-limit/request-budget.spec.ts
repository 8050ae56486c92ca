import { SlidingWindowBudget } from './request-budget.js';

describe('SlidingWindowBudget', () => {
  let now = 0;
  const budget = () => new SlidingWindowBudget(2, 10_000, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('counts requests per client up to the limit, then refuses without counting', () => {
    const b = budget();
    expect(b.spend('a')).toEqual({ limit: 2, remaining: 1, reset: 10, allowed: true });
    now += 4_000;
    expect(b.spend('a')).toEqual({ limit: 2, remaining: 0, reset: 6, allowed: true });
    expect(b.spend('a')).toMatchObject({ remaining: 0, allowed: false, reset: 6 });
    // Another client has its own budget.
    expect(b.spend('b')).toMatchObject({ remaining: 1, allowed: true });
  });

  it('gives a request back when it leaves the window (a refused one never counted)', () => {
    const b = budget();
    b.spend('a');
    now += 4_000;
    b.spend('a');
    b.spend('a'); // refused
    now += 6_000; // the first left the window
    expect(b.peek('a')).toEqual({ limit: 2, remaining: 1, reset: 4, allowed: true });
    now += 4_000;
    expect(b.peek('a')).toEqual({ limit: 2, remaining: 2, reset: 0, allowed: true });
  });

  it('peeks without counting, and sweeps clients whose requests all left the window', () => {
    const b = budget();
    expect(b.peek('a').remaining).toBe(2);
    expect(b.peek('a').remaining).toBe(2);
    b.spend('a');
    b.spend('b');
    now += 5_000;
    b.spend('b');
    now += 5_000;
    b.sweep();
    expect(b.clients).toBe(1);
  });
});
