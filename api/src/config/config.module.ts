import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import {
  appConfig,
  authConfig,
  databaseConfig,
  messagingConfig,
  ordersConfig,
  outboxConfig,
  supportConfig,
  vonageConfig,
} from './configuration.js';
import { envSchema } from './env.schema.js';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      // Joi fills in defaults, so the typed slices below always see complete values.
      validationSchema: envSchema,
      validationOptions: { abortEarly: false, allowUnknown: true } as object,
      load: [
        appConfig,
        databaseConfig,
        authConfig,
        vonageConfig,
        ordersConfig,
        outboxConfig,
        messagingConfig,
        supportConfig,
      ],
    }),
  ],
})
export class AppConfigModule {}
