import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Connection } from 'mongoose';

interface RateLimitWindow {
  _id: string;
  hits: number;
  expiresAt: Date;
}

const CLEANUP_EVERY_MS = 60_000;

/**
 * Rate-limit counters in the database, so every API instance counts the same hits
 * (THROTTLE_STORE=mongo). A fixed window per key: simple, one upsert per request, and the
 * same behaviour on MongoDB and FerretDB (which has no TTL indexes, hence the cleanup timer).
 */
@Injectable()
export class MongoThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger(MongoThrottlerStorage.name);
  private cleanup?: NodeJS.Timeout;

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string) {
    // Started on first use, so an instance configured for memory never touches the collection.
    this.cleanup ??= setInterval(() => void this.forgetExpired(), CLEANUP_EVERY_MS).unref();
    const now = Date.now();
    const windowStart = Math.floor(now / ttl) * ttl;
    const windowEnd = windowStart + ttl;
    const window = await this.windows().findOneAndUpdate(
      { _id: `${throttlerName}:${key}:${windowStart}` },
      { $inc: { hits: 1 }, $setOnInsert: { expiresAt: new Date(windowEnd) } },
      { upsert: true, returnDocument: 'after' },
    );
    const totalHits = window?.hits ?? 1;
    const timeToExpire = Math.max(1, Math.ceil((windowEnd - now) / 1000));
    const isBlocked = totalHits > limit;
    return { totalHits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }

  onModuleDestroy(): void {
    clearInterval(this.cleanup);
  }

  private windows() {
    return this.connection.collection<RateLimitWindow>('rate_limits');
  }

  private async forgetExpired(): Promise<void> {
    try {
      await this.windows().deleteMany({ expiresAt: { $lt: new Date() } });
    } catch (error) {
      this.logger.warn(`rate-limit cleanup failed: ${(error as Error).message}`);
    }
  }
}
