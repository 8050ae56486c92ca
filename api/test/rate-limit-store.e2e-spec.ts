import mongoose, { type Connection } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { MongoThrottlerStorage } from '../src/common/rate-limit/mongo-throttler.storage.js';
import { withDatabase } from './support/ferretdb.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('MongoThrottlerStorage against the database (e2e)', () => {
  let connection: Connection;
  let store: MongoThrottlerStorage;

  beforeAll(async () => {
    const uri = withDatabase(process.env.E2E_MONGODB_SERVER!, `tabletalk_ratelimit_${randomBytes(4).toString('hex')}`);
    connection = await mongoose.createConnection(uri).asPromise();
    store = new MongoThrottlerStorage(connection);
  });
  afterAll(async () => {
    store.onModuleDestroy();
    await connection.dropDatabase();
    await connection.close();
  });

  it('opens the window at the first hit, so a burst is never split by the clock', async () => {
    // Two hits just before a whole second and two just after: windows aligned to the clock would
    // count it as two bursts of two; a window opened by the first hit sees four. Where the hits
    // land is only the set-up: a round that a busy machine did not place across one boundary and
    // inside one second (a late timer moved the first hits past the boundary, and the second pair
    // then fell outside the 1 s window) is run again with a fresh key instead of failing.
    let results!: Awaited<ReturnType<MongoThrottlerStorage['increment']>>[];
    for (let round = 0; ; round++) {
      await sleep(1800 - (Date.now() % 1000));
      const firstAt = Date.now();
      const boundary = Math.ceil(firstAt / 1000) * 1000;
      results = [];
      for (let i = 0; i < 2; i++) results.push(await store.increment(`burst${round}`, 1000, 3, 5000, 'auth'));
      const firstPairDone = Date.now();
      await sleep(boundary + 100 - Date.now());
      for (let i = 0; i < 2; i++) results.push(await store.increment(`burst${round}`, 1000, 3, 5000, 'auth'));
      if (firstPairDone < boundary && Date.now() - firstAt < 1000) break;
      if (round === 4) throw new Error('five rounds in a row could not place a burst across one second');
    }
    expect(results.map((r) => r.totalHits)).toEqual([1, 2, 3, 4]);
    expect(results.map((r) => r.isBlocked)).toEqual([false, false, false, true]);
    expect(results[3].timeToBlockExpire).toBe(5);
  });

  it('keeps a key blocked for the block duration, then starts a fresh window', async () => {
    await store.increment('blocked', 1000, 1, 2500, 'auth');
    const blocked = await store.increment('blocked', 1000, 1, 2500, 'auth');
    expect(blocked).toMatchObject({ isBlocked: true, totalHits: 2 });
    await sleep(1300); // the window is over, the block is not
    expect((await store.increment('blocked', 1000, 1, 2500, 'auth')).isBlocked).toBe(true);
    await sleep(1500); // now the block is over too
    expect(await store.increment('blocked', 1000, 1, 2500, 'auth')).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('loses no hit when several instances count one key at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => store.increment('race', 60_000, 10, 60_000, 'auth')),
    );
    // Racing requests may see each other's hits, but every one of them is counted.
    expect(Math.max(...results.map((r) => r.totalHits))).toBe(5);
    expect((await store.increment('race', 60_000, 10, 60_000, 'auth')).totalHits).toBe(6);
  });

  it('keeps keys and throttlers apart', async () => {
    await store.increment('alice', 60_000, 1, 60_000, 'auth');
    expect((await store.increment('bob', 60_000, 1, 60_000, 'auth')).isBlocked).toBe(false);
    expect((await store.increment('alice', 60_000, 1, 60_000, 'default')).isBlocked).toBe(false);
  });
});
