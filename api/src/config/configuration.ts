import { ConfigType, registerAs } from '@nestjs/config';

/* Typed slices of the validated environment. Read them with
 * `@Inject(appConfig.KEY) config: ConfigType<typeof appConfig>` instead of raw strings. */

export const appConfig = registerAs('app', () => ({
  env: process.env.NODE_ENV as 'development' | 'test' | 'production',
  port: Number(process.env.PORT),
  host: process.env.HOST as string,
  logLevel: process.env.LOG_LEVEL as string,
  logPretty: process.env.LOG_PRETTY === 'true',
  corsOrigins: (process.env.DASHBOARD_ORIGIN as string).split(',').map((o) => o.trim()),
  bodyLimitBytes: Number(process.env.BODY_LIMIT_BYTES),
  throttle: { ttlMs: Number(process.env.THROTTLE_TTL_MS), limit: Number(process.env.THROTTLE_LIMIT) },
}));

export const databaseConfig = registerAs('database', () => ({
  uri: process.env.MONGODB_URI as string,
  serverSelectionTimeoutMS: Number(process.env.MONGODB_SERVER_SELECTION_TIMEOUT_MS),
}));

export const authConfig = registerAs('auth', () => ({
  jwtSecret: process.env.JWT_SECRET as string,
  jwtExpiresInSeconds: Number(process.env.JWT_EXPIRES_IN_SECONDS),
  admin: {
    email: (process.env.ADMIN_EMAIL as string).toLowerCase(),
    password: process.env.ADMIN_PASSWORD as string,
    name: process.env.ADMIN_NAME as string,
    phone: process.env.ADMIN_PHONE as string,
  },
}));

export type AppConfig = ConfigType<typeof appConfig>;
export type DatabaseConfig = ConfigType<typeof databaseConfig>;
export type AuthConfig = ConfigType<typeof authConfig>;
