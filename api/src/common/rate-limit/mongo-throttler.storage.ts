import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '../database/duplicate-key.js';

/** One document per hit; counting them gives the hits of the sliding window. */
interface RateLimitHit {
  key: string;
  expiresAt: Date;
}

/** Present while a key that passed its limit is refused. */
interface RateLimitBlock {
  _id: string;
  expiresAt: Date;
}

const CLEANUP_EVERY_MS = 60_000;

/**
 * Rate-limit counters in the database, so every API instance counts the same hits
 * (THROTTLE_STORE=mongo). A sliding log, as Nest's own memory store keeps: each hit is a
 * document that lives `ttl`, and a key that passes its limit is blocked for `blockDuration`.
 *
 * Why inserts and counts rather than one `$inc` on a counter: FerretDB v1 applies `$inc`
 * as read-then-write, so racing hits were lost (five parallel hits counted four); an insert
 * is never lost on either database. And why not windows aligned to the clock: a burst that
 * straddles a boundary would be counted as two small ones.
 */
@Injectable()
export class MongoThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger(MongoThrottlerStorage.name);
  private cleanup?: NodeJS.Timeout;
  private indexed?: Promise<unknown>;

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    this.startHousekeeping();
    const hitKey = `${throttlerName}:${key}`;
    const now = Date.now();
    const block = await this.blocks().findOne({ _id: hitKey, expiresAt: { $gt: new Date(now) } });
    if (block) {
      // A refused request is not a hit: the block ends when it said it would.
      const timeToBlockExpire = secondsUntil(block.expiresAt.getTime(), now);
      return { totalHits: limit + 1, timeToExpire: timeToBlockExpire, isBlocked: true, timeToBlockExpire };
    }
    await this.hits().insertOne({ key: hitKey, expiresAt: new Date(now + ttl) });
    const totalHits = await this.hits().countDocuments({ key: hitKey, expiresAt: { $gt: new Date(now) } });
    if (totalHits <= limit) {
      return { totalHits, timeToExpire: secondsUntil(now + ttl, now), isBlocked: false, timeToBlockExpire: 0 };
    }
    const blockedUntil = now + blockDuration;
    await this.blockUntil(hitKey, new Date(blockedUntil));
    const timeToBlockExpire = secondsUntil(blockedUntil, now);
    return { totalHits, timeToExpire: timeToBlockExpire, isBlocked: true, timeToBlockExpire };
  }

  onModuleDestroy(): void {
    clearInterval(this.cleanup);
  }

  /** Started on first use, so an instance configured for memory never touches these collections. */
  private startHousekeeping(): void {
    this.cleanup ??= setInterval(() => void this.forgetExpired(), CLEANUP_EVERY_MS).unref();
    this.indexed ??= this.hits()
      .createIndex({ key: 1, expiresAt: 1 })
      .catch((error: Error) => this.logger.warn(`rate-limit index not created: ${error.message}`));
  }

  private async blockUntil(_id: string, expiresAt: Date): Promise<void> {
    try {
      // Replaces an old, finished block; a block set meanwhile by another instance wins.
      await this.blocks().updateOne(
        { _id, expiresAt: { $lte: new Date() } },
        { $set: { expiresAt } },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  private hits() {
    return this.connection.collection<RateLimitHit>('rate_limit_hits');
  }

  private blocks() {
    return this.connection.collection<RateLimitBlock>('rate_limit_blocks');
  }

  private async forgetExpired(): Promise<void> {
    const now = new Date();
    try {
      await this.hits().deleteMany({ expiresAt: { $lt: now } });
      await this.blocks().deleteMany({ expiresAt: { $lt: now } });
    } catch (error) {
      this.logger.warn(`rate-limit cleanup failed: ${(error as Error).message}`);
    }
  }
}

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}
