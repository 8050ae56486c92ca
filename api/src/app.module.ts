import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccountsModule } from './accounts/accounts.module.js';
import { AccessTokensModule } from './auth/access-tokens.module.js';
import { AuthModule } from './auth/auth.module.js';
import { JwtAuthGuard } from './common/auth/jwt-auth.guard.js';
import { RolesGuard } from './common/auth/roles.guard.js';
import { ClockModule } from './common/clock/clock.js';
import { ConcurrencyModule } from './common/concurrency/concurrency.module.js';
import { DatabaseModule } from './common/database/database.module.js';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter.js';
import { RequestValidationException } from './common/errors/validation.exception.js';
import { IdempotencyModule } from './common/idempotency/idempotency.module.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { MongoThrottlerStorage } from './common/rate-limit/mongo-throttler.storage.js';
import { RateLimitModule } from './common/rate-limit/rate-limit.module.js';
import { RateLimitHeadersGuard } from './common/rate-limit/rate-limit-headers.guard.js';
import { ApiValidationPipe } from './common/validation/api-validation.pipe.js';
import { AppConfigModule } from './config/config.module.js';
import { AppConfig, appConfig } from './config/configuration.js';
import { ConversationsModule } from './conversations/conversations.module.js';
import { HealthModule } from './health/health.module.js';
import { LiveEventsModule } from './live-events/live-events.module.js';
import { MenuModule } from './menu/menu.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { SupportModule } from './support/support.module.js';
import { UsersModule } from './users/users.module.js';
import { VonageModule } from './vonage/vonage.module.js';
import { WebhookEndpointsModule } from './webhook-endpoints/webhook-endpoints.module.js';

@Module({
  imports: [
    AppConfigModule,
    ClockModule,
    LoggingModule,
    DatabaseModule,
    ConcurrencyModule,
    IdempotencyModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitModule],
      inject: [appConfig.KEY, MongoThrottlerStorage],
      useFactory: (app: AppConfig, shared: MongoThrottlerStorage) => ({
        throttlers: [{ ttl: app.throttle.ttlMs, limit: app.throttle.limit }],
        storage: app.throttle.store === 'mongo' ? shared : undefined,
      }),
    }),
    VonageModule,
    HealthModule,
    UsersModule,
    AuthModule,
    AccessTokensModule,
    AccountsModule,
    EventEmitterModule.forRoot(),
    MessagingModule,
    MenuModule,
    OrdersModule,
    ConversationsModule,
    SupportModule,
    LiveEventsModule,
    WebhookEndpointsModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    {
      provide: APP_PIPE,
      useValue: new ApiValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        transform: true,
        exceptionFactory: (errors) => RequestValidationException.fromValidationErrors(errors),
      }),
    },
    // Order matters: rate-limit first (cheap), then authenticate, then authorise.
    { provide: APP_GUARD, useClass: RateLimitHeadersGuard },
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
export class AppModule {}
