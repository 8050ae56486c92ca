import Joi from 'joi';
import { PUBLISHED_DEFAULTS, publishedSecretsInUse } from './fail-closed.js';
import { parseTrustProxy } from './trust-proxy.js';

/**
 * Every environment variable the API reads, validated once at start-up.
 * A bad value stops the process with Joi's message naming the variable.
 */
export const envSchema = Joi.object({
  NODE_ENV: Joi.string().valid('development', 'test', 'production').default('development'),
  PORT: Joi.number().port().default(3000),
  // Outside production the API listens on loopback only unless told otherwise (fail closed).
  HOST: Joi.string().when('NODE_ENV', {
    is: 'production',
    then: Joi.string().default('0.0.0.0'),
    otherwise: Joi.string().default('127.0.0.1'),
  }),
  // Which proxies may set the client address (X-Forwarded-For): false (default: the socket address
  // is the client), true, a hop count, or comma-separated addresses/CIDRs, as Fastify's trustProxy.
  TRUST_PROXY: Joi.string()
    .custom((value: string) => {
      parseTrustProxy(value);
      return value;
    }, 'false, true, a hop count, or addresses/CIDRs')
    .default('false'),
  LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').default('info'),
  LOG_PRETTY: Joi.boolean().default(false),
  DASHBOARD_ORIGIN: Joi.string()
    .custom((value: string) => {
      for (const origin of value.split(',')) new URL(origin.trim());
      return value;
    }, 'comma-separated list of origins')
    .default('http://localhost:4200'),
  BODY_LIMIT_BYTES: Joi.number()
    .integer()
    .min(1024)
    .default(100 * 1024),

  MONGODB_URI: Joi.string()
    .uri({ scheme: ['mongodb', 'mongodb+srv'] })
    .required(),
  // Also bounds how long a request waits while the database is down (then 503): keep it under 2 s.
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: Joi.number().integer().min(100).default(1500),

  JWT_SECRET: Joi.string()
    .min(32)
    .when('NODE_ENV', {
      is: 'production',
      then: Joi.required(),
      otherwise: Joi.string().min(32).default(PUBLISHED_DEFAULTS.JWT_SECRET[0]),
    }),
  JWT_EXPIRES_IN_SECONDS: Joi.number().integer().min(60).max(86_400).default(900),

  ADMIN_EMAIL: Joi.string().email({ tlds: false }).default('admin@tabletalk.local'),
  ADMIN_PASSWORD: Joi.string()
    .min(10)
    .when('NODE_ENV', {
      is: 'production',
      then: Joi.required(),
      otherwise: Joi.string().min(10).default(PUBLISHED_DEFAULTS.ADMIN_PASSWORD[0]),
    }),
  ADMIN_NAME: Joi.string().default('TableTalk Admin'),
  ADMIN_PHONE: Joi.string()
    .pattern(/^\+[1-9]\d{6,14}$/, 'E.164')
    .default('+15550100000'),

  // Vonage. With VONAGE_SANDBOX_URL every host points at the local sandbox; each *_HOST overrides one.
  // An empty host variable means unset (compose files default them; `VONAGE_SANDBOX_URL=` turns the sandbox off).
  VONAGE_APPLICATION_ID: Joi.string().guid().required(),
  VONAGE_PRIVATE_KEY: Joi.string().required().description('PEM text or a path to the PEM file'),
  VONAGE_API_KEY: Joi.string().allow('').default(''),
  VONAGE_API_SECRET: Joi.string().allow('').default(''),
  VONAGE_SIGNATURE_SECRET: Joi.string().min(16).required(),
  VONAGE_SANDBOX_URL: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .empty(''),
  // Production refuses the sandbox as its Vonage unless this says it is a demo on purpose.
  VONAGE_SANDBOX_ALLOWED: Joi.boolean().default(false),
  VONAGE_API_HOST: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .empty(''),
  VONAGE_MEETINGS_HOST: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .empty(''),
  VONAGE_VIDEO_HOST: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .empty(''),
  VONAGE_TIMEOUT_MS: Joi.number().integer().min(100).max(60_000).default(5000),
  VONAGE_BRAND: Joi.string().max(16).default('TableTalk'),
  // Client SDK (staff dashboard): where nexmo-client connects, how long its JWT lives, which Conversation carries staff events.
  VONAGE_CLIENT_URL: Joi.string()
    .uri({ scheme: ['http', 'https', 'ws', 'wss'] })
    .empty(''),
  VONAGE_CLIENT_API_URL: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .empty(''),
  VONAGE_CLIENT_TOKEN_TTL_SECONDS: Joi.number().integer().min(60).max(3600).default(900),
  VONAGE_NOTIFICATIONS_CONVERSATION: Joi.string()
    .pattern(/^[A-Za-z0-9_.-]{1,100}$/, 'a conversation name')
    .default('pos-notifications'),

  // Support calls: which Vonage product opens the room (video = Video API, meetings = the retired Meetings API), and how long a room lives.
  SUPPORT_VIDEO: Joi.string().valid('video', 'meetings').default('video'),
  SUPPORT_ROOM_TTL_MINUTES: Joi.number()
    .integer()
    .min(1)
    .max(24 * 60)
    .default(60),
  SUPPORT_ROOM_SWEEP_MS: Joi.number().integer().min(1000).default(30_000),

  // Two-factor sign-in (Vonage Verify). Staff and admins always use it while it is enabled.
  VERIFY_ENABLED: Joi.boolean().default(true),
  VERIFY_CUSTOMERS: Joi.boolean().default(true),
  VERIFY_CODE_LENGTH: Joi.number().integer().min(4).max(10).default(6),
  VERIFY_TTL_SECONDS: Joi.number().integer().min(60).max(900).default(600),
  VERIFY_MAX_ATTEMPTS: Joi.number().integer().min(1).max(10).default(3),
  REFRESH_TOKEN_TTL_SECONDS: Joi.number()
    .integer()
    .min(300)
    .default(14 * 24 * 3600),
  LOGIN_MAX_FAILURES: Joi.number().integer().min(3).default(5),
  LOGIN_LOCK_SECONDS: Joi.number()
    .integer()
    .min(10)
    .default(15 * 60),
  // Failures of one email address from every client (within LOGIN_LOCK_SECONDS) before its attempts are slowed down.
  LOGIN_ACCOUNT_SLOW_AFTER: Joi.number().integer().min(1).default(20),
  LOGIN_SLOW_DELAY_MS: Joi.number().integer().min(0).max(30_000).default(2000),
  // Staff invitations (POST /api/users): a one-time code sent by SMS, used on the dashboard's invite page.
  INVITE_TTL_SECONDS: Joi.number()
    .integer()
    .min(300)
    .max(30 * 24 * 3600)
    .default(3 * 24 * 3600),
  INVITE_URL: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .empty(''),

  // Orders and their notifications.
  RESTAURANT_NAME: Joi.string().max(40).default('TableTalk Bistro'),
  CURRENCY: Joi.string().length(3).uppercase().default('GBP'),
  NOTIFY_TEXT_PLACED: Joi.string().max(300),
  NOTIFY_TEXT_PREPARING: Joi.string().max(300),
  NOTIFY_TEXT_READY: Joi.string().max(300),
  NOTIFY_TEXT_COMPLETED: Joi.string().max(300),
  NOTIFY_TEXT_CANCELLED: Joi.string().max(300),
  NOTIFY_TEXT_LATE: Joi.string().max(300),
  RESTAURANT_TIMEZONE: Joi.string()
    .custom((value: string) => {
      new Intl.DateTimeFormat('en-GB', { timeZone: value });
      return value;
    }, 'an IANA time zone')
    .default('Europe/London'),
  ORDER_LATE_AFTER_MINUTES: Joi.number().integer().min(1).max(240).default(10),
  ORDER_LATE_SWEEP_MS: Joi.number().integer().min(1000).default(30_000),
  ORDER_RELAY_INTERVAL_MS: Joi.number().integer().min(100).default(5000),

  // Transactional outbox worker (order notifications). Disable it in a process that must not send.
  OUTBOX_WORKER_ENABLED: Joi.boolean().default(true),
  OUTBOX_POLL_MS: Joi.number().integer().min(10).max(60_000).default(500),
  OUTBOX_LEASE_MS: Joi.number().integer().min(1000).default(30_000),
  OUTBOX_MAX_ATTEMPTS: Joi.number().integer().min(1).max(100).default(10),
  OUTBOX_CONCURRENCY: Joi.number().integer().min(1).max(32).default(1),
  OUTBOX_BACKOFF_BASE_MS: Joi.number().integer().min(10).default(1000),
  OUTBOX_BACKOFF_MAX_MS: Joi.number()
    .integer()
    .min(10)
    .default(10 * 60_000),

  // Messages API (order notifications).
  VONAGE_SMS_FROM: Joi.string().max(15).default('TableTalk'),
  VONAGE_WHATSAPP_FROM: Joi.string()
    .pattern(/^\+?[1-9]\d{6,14}$/, 'a phone number')
    .default('14157386102'),
  MESSAGES_STATUS_WEBHOOK_URL: Joi.string().uri({ scheme: ['http', 'https'] }),
  MESSAGES_RECEIPT_GRACE_MS: Joi.number().integer().min(0).default(60_000),
  MESSAGES_MAX_PER_SECOND: Joi.number().integer().min(1).max(1000).default(30),
  // WhatsApp outside the customer's 24-hour service window: an approved template, per language.
  WHATSAPP_TEMPLATE_NAME: Joi.string()
    .pattern(/^[\w:.-]{1,512}$/, 'a template name')
    .default('tabletalk_order_update'),
  WHATSAPP_TEMPLATE_LOCALES: Joi.string()
    .pattern(/^(en|es):[A-Za-z_]{2,10}(,(en|es):[A-Za-z_]{2,10})*$/, 'language:locale pairs')
    .default('en:en_GB,es:es'),
  WHATSAPP_SMS_FALLBACK: Joi.boolean().default(true),
  // Staff resends of a failed text, per client per THROTTLE_TTL_MS.
  RESEND_THROTTLE_LIMIT: Joi.number().integer().min(1).default(20),

  THROTTLE_TTL_MS: Joi.number().integer().min(1000).default(60_000),
  THROTTLE_LIMIT: Joi.number().integer().min(1).default(300),
  AUTH_THROTTLE_LIMIT: Joi.number().integer().min(1).default(10),
  // memory: per instance; mongo: counters in the database, shared by every instance.
  THROTTLE_STORE: Joi.string().valid('memory', 'mongo').default('memory'),

  // Live event stream (GET /api/events). Heartbeat ≤ 15 s keeps proxies from closing an idle stream.
  EVENTS_HEARTBEAT_MS: Joi.number().integer().min(50).max(15_000).default(15_000),
  // How often each instance looks for events written by other instances (its own are pushed at once).
  EVENTS_POLL_MS: Joi.number().integer().min(20).max(10_000).default(250),
  EVENTS_RETENTION_HOURS: Joi.number().integer().min(24).default(24),
  // Bytes a slow client may have waiting before it is disconnected (it resumes by id).
  EVENTS_MAX_BUFFER_BYTES: Joi.number()
    .integer()
    .min(1024)
    .default(1024 * 1024),
  EVENTS_TICKET_TTL_SECONDS: Joi.number().integer().min(1).max(60).default(60),
  // Where the staff toast comes from: our own stream, the Vonage Conversations path (nexmo-client), or both.
  LIVE_ALERTS: Joi.string().valid('stream', 'vonage', 'both').default('stream'),

  // Outbound webhooks (issue #17). Private, loopback and link-local targets are refused unless this is true (npm start, tests).
  WEBHOOKS_ALLOW_PRIVATE_TARGETS: Joi.boolean().default(false),
  WEBHOOKS_TIMEOUT_MS: Joi.number().integer().min(100).max(60_000).default(10_000),
  // Waits before each retry (ms, comma-separated); the default spans ~27.6 h like the Standard Webhooks reference schedule.
  WEBHOOKS_RETRY_SCHEDULE_MS: Joi.string()
    .pattern(/^\d+(,\d+)*$/, 'comma-separated milliseconds')
    .default('5000,300000,1800000,7200000,18000000,36000000,36000000'),
  // Consecutive failed attempts after which an endpoint is disabled (with a notice to admins).
  WEBHOOKS_DISABLE_AFTER_FAILURES: Joi.number().integer().min(1).default(40),
  WEBHOOKS_DISPATCH_POLL_MS: Joi.number().integer().min(20).max(60_000).default(1000),
}).custom((env: Record<string, unknown>, helpers) => {
  // Fail closed: an API others can reach never runs on a value published in this repository.
  const problems: string[] = [];
  if (env.NODE_ENV === 'production' && env.VONAGE_SANDBOX_URL && env.VONAGE_SANDBOX_ALLOWED !== true) {
    problems.push(
      'VONAGE_SANDBOX_URL points production at the local Vonage sandbox; unset it, or set VONAGE_SANDBOX_ALLOWED=true for a demo',
    );
  }
  const published = publishedSecretsInUse(env);
  if (published.length) {
    problems.push(
      `${published.join(', ')} ${published.length === 1 ? 'holds its' : 'hold their'} published default value; set your own (required in production or with a non-loopback HOST)`,
    );
  }
  return problems.length ? helpers.message({ custom: problems.join('. ') }) : env;
}, 'fail closed');
