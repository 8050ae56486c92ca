import { Module } from '@nestjs/common';
import { MongoThrottlerStorage } from './mongo-throttler.storage.js';

/** Provides the shared (database) rate-limit store, so its lifecycle is Nest's. */
@Module({
  providers: [MongoThrottlerStorage],
  exports: [MongoThrottlerStorage],
})
export class RateLimitModule {}
