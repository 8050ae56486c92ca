import { type ConfigType, registerAs } from '@nestjs/config';
import { readFileSync } from 'node:fs';

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
  throttle: {
    ttlMs: Number(process.env.THROTTLE_TTL_MS),
    limit: Number(process.env.THROTTLE_LIMIT),
    authLimit: Number(process.env.AUTH_THROTTLE_LIMIT),
    store: process.env.THROTTLE_STORE as 'memory' | 'mongo',
  },
}));

export const databaseConfig = registerAs('database', () => ({
  uri: process.env.MONGODB_URI as string,
  serverSelectionTimeoutMS: Number(process.env.MONGODB_SERVER_SELECTION_TIMEOUT_MS),
}));

export const authConfig = registerAs('auth', () => ({
  jwtSecret: process.env.JWT_SECRET as string,
  jwtExpiresInSeconds: Number(process.env.JWT_EXPIRES_IN_SECONDS),
  refreshTokenTtlSeconds: Number(process.env.REFRESH_TOKEN_TTL_SECONDS),
  lockout: {
    maxFailures: Number(process.env.LOGIN_MAX_FAILURES),
    lockSeconds: Number(process.env.LOGIN_LOCK_SECONDS),
    accountSlowAfter: Number(process.env.LOGIN_ACCOUNT_SLOW_AFTER),
    slowDelayMs: Number(process.env.LOGIN_SLOW_DELAY_MS),
  },
  verify: {
    enabled: process.env.VERIFY_ENABLED !== 'false',
    customers: process.env.VERIFY_CUSTOMERS !== 'false',
    codeLength: Number(process.env.VERIFY_CODE_LENGTH),
    ttlSeconds: Number(process.env.VERIFY_TTL_SECONDS),
    maxAttempts: Number(process.env.VERIFY_MAX_ATTEMPTS),
  },
  invite: {
    ttlSeconds: Number(process.env.INVITE_TTL_SECONDS),
    /** The page where an invited person sets a password (default: the dashboard's /invite). */
    url:
      process.env.INVITE_URL ||
      `${(process.env.DASHBOARD_ORIGIN as string).split(',')[0].trim().replace(/\/$/, '')}/invite`,
  },
  admin: {
    email: (process.env.ADMIN_EMAIL as string).toLowerCase(),
    password: process.env.ADMIN_PASSWORD as string,
    name: process.env.ADMIN_NAME as string,
    phone: process.env.ADMIN_PHONE as string,
  },
}));

export const vonageConfig = registerAs('vonage', () => {
  // Empty means unset, as the schema says.
  const optional = (name: string) => process.env[name] || undefined;
  const sandbox = optional('VONAGE_SANDBOX_URL');
  const host = (own: string | undefined, real: string) => own ?? sandbox ?? real;
  return {
    applicationId: process.env.VONAGE_APPLICATION_ID as string,
    privateKey: readPemOrPath(process.env.VONAGE_PRIVATE_KEY as string),
    apiKey: process.env.VONAGE_API_KEY ?? '',
    apiSecret: process.env.VONAGE_API_SECRET ?? '',
    signatureSecret: process.env.VONAGE_SIGNATURE_SECRET as string,
    timeoutMs: Number(process.env.VONAGE_TIMEOUT_MS),
    brand: process.env.VONAGE_BRAND as string,
    usingSandbox: sandbox !== undefined,
    hosts: {
      api: host(optional('VONAGE_API_HOST'), 'https://api.nexmo.com'),
      meetings: host(optional('VONAGE_MEETINGS_HOST'), 'https://api-eu.vonage.com'),
      video: host(optional('VONAGE_VIDEO_HOST'), 'https://video.api.vonage.com'),
    },
    /** What the dashboard's nexmo-client needs; the sandbox serves both when VONAGE_SANDBOX_URL is set. */
    client: {
      url: host(optional('VONAGE_CLIENT_URL'), 'https://ws-us.vonage.com'),
      apiUrl: host(optional('VONAGE_CLIENT_API_URL'), 'https://api-us.vonage.com'),
      tokenTtlSeconds: Number(process.env.VONAGE_CLIENT_TOKEN_TTL_SECONDS),
    },
    notificationsConversation: process.env.VONAGE_NOTIFICATIONS_CONVERSATION as string,
  };
});

export const ordersConfig = registerAs('orders', () => ({
  restaurant: process.env.RESTAURANT_NAME as string,
  currency: process.env.CURRENCY as string,
  relayIntervalMs: Number(process.env.ORDER_RELAY_INTERVAL_MS),
  texts: {
    placed: process.env.NOTIFY_TEXT_PLACED,
    preparing: process.env.NOTIFY_TEXT_PREPARING,
    ready: process.env.NOTIFY_TEXT_READY,
    completed: process.env.NOTIFY_TEXT_COMPLETED,
    cancelled: process.env.NOTIFY_TEXT_CANCELLED,
    late: process.env.NOTIFY_TEXT_LATE,
  },
  /** The restaurant's IANA time zone: ready-by times in texts are its clock. */
  timeZone: process.env.RESTAURANT_TIMEZONE as string,
  /** An order still preparing this long after its ETA gets one running-late text and shows overdue. */
  lateAfterMs: Number(process.env.ORDER_LATE_AFTER_MINUTES) * 60_000,
  lateSweepIntervalMs: Number(process.env.ORDER_LATE_SWEEP_MS),
}));

export const outboxConfig = registerAs('outbox', () => ({
  workerEnabled: process.env.OUTBOX_WORKER_ENABLED !== 'false',
  pollMs: Number(process.env.OUTBOX_POLL_MS),
  leaseMs: Number(process.env.OUTBOX_LEASE_MS),
  maxAttempts: Number(process.env.OUTBOX_MAX_ATTEMPTS),
  /** Entries one instance runs side by side. */
  concurrency: Number(process.env.OUTBOX_CONCURRENCY),
  backoff: { baseMs: Number(process.env.OUTBOX_BACKOFF_BASE_MS), maxMs: Number(process.env.OUTBOX_BACKOFF_MAX_MS) },
}));

export const messagingConfig = registerAs('messaging', () => ({
  smsFrom: process.env.VONAGE_SMS_FROM as string,
  whatsappFrom: process.env.VONAGE_WHATSAPP_FROM as string,
  /** Per-message status webhook; unset = the Vonage application's own status URL. */
  statusWebhookUrl: process.env.MESSAGES_STATUS_WEBHOOK_URL || undefined,
  /** How long a send whose outcome is unknown (timeout, crash) waits for Vonage's receipt before it is sent again. */
  receiptGraceMs: Number(process.env.MESSAGES_RECEIPT_GRACE_MS),
  /** Messages API sends per second across all instances (Vonage's per-account throughput). */
  maxPerSecond: Number(process.env.MESSAGES_MAX_PER_SECOND),
  /** WhatsApp template for texts outside the 24-hour window ({{1}} = the text), and its locale per language. */
  whatsappTemplate: process.env.WHATSAPP_TEMPLATE_NAME as string,
  whatsappTemplateLocales: Object.fromEntries(
    (process.env.WHATSAPP_TEMPLATE_LOCALES as string)
      .split(',')
      .map((pair) => pair.split(':').map((part) => part.trim()) as [string, string]),
  ),
  /** A WhatsApp text that fails falls back to SMS once. */
  whatsappSmsFallback: process.env.WHATSAPP_SMS_FALLBACK !== 'false',
}));

export const supportConfig = registerAs('support', () => ({
  provider: (process.env.SUPPORT_VIDEO ?? 'video') as 'video' | 'meetings',
  roomTtlMinutes: Number(process.env.SUPPORT_ROOM_TTL_MINUTES ?? 60),
  /** How often rooms past their end are ended at the provider (a call does not end by itself when its tokens expire). */
  roomSweepIntervalMs: Number(process.env.SUPPORT_ROOM_SWEEP_MS ?? 30_000),
  /** Where our call pages live (the first dashboard origin): the guest link is the kiosk's call page. */
  pagesOrigin: (process.env.DASHBOARD_ORIGIN ?? 'http://localhost:4200').split(',')[0].trim().replace(/\/$/, ''),
}));

export const liveEventsConfig = registerAs('liveEvents', () => ({
  heartbeatMs: Number(process.env.EVENTS_HEARTBEAT_MS),
  pollMs: Number(process.env.EVENTS_POLL_MS),
  retentionMs: Number(process.env.EVENTS_RETENTION_HOURS) * 3600_000,
  maxBufferBytes: Number(process.env.EVENTS_MAX_BUFFER_BYTES),
  ticketTtlMs: Number(process.env.EVENTS_TICKET_TTL_SECONDS) * 1000,
  liveAlerts: process.env.LIVE_ALERTS as 'stream' | 'vonage' | 'both',
}));

/** A PEM may come inline (containers, CI secrets) or as a file path (local key pairs). */
function readPemOrPath(value: string): string {
  if (value.includes('-----BEGIN')) return value.replaceAll('\\n', '\n');
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    throw new Error(`VONAGE_PRIVATE_KEY is neither a PEM nor a readable file: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export type AppConfig = ConfigType<typeof appConfig>;
export type DatabaseConfig = ConfigType<typeof databaseConfig>;
export type AuthConfig = ConfigType<typeof authConfig>;
export type VonageConfig = ConfigType<typeof vonageConfig>;
export const webhooksConfig = registerAs('webhooks', () => ({
  allowPrivateTargets: process.env.WEBHOOKS_ALLOW_PRIVATE_TARGETS === 'true',
  timeoutMs: Number(process.env.WEBHOOKS_TIMEOUT_MS),
  retryScheduleMs: (process.env.WEBHOOKS_RETRY_SCHEDULE_MS as string).split(',').map(Number),
  disableAfterFailures: Number(process.env.WEBHOOKS_DISABLE_AFTER_FAILURES),
  dispatchPollMs: Number(process.env.WEBHOOKS_DISPATCH_POLL_MS),
}));
export type WebhooksConfig = ConfigType<typeof webhooksConfig>;

export type OutboxConfig = ConfigType<typeof outboxConfig>;
export type MessagingConfig = ConfigType<typeof messagingConfig>;
export type SupportConfig = ConfigType<typeof supportConfig>;
export type OrdersConfig = ConfigType<typeof ordersConfig>;
export type LiveEventsConfig = ConfigType<typeof liveEventsConfig>;
