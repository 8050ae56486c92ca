import { isIP } from 'node:net';

/**
 * Values published in this repository (schema defaults, README, compose demo). Anyone can read
 * them, so an API that anyone else can reach must not run with them: it would let them sign an
 * admin token (JWT_SECRET), sign in as the admin (ADMIN_PASSWORD) or forge Vonage webhooks.
 */
export const PUBLISHED_DEFAULTS: Record<string, readonly string[]> = {
  JWT_SECRET: ['tabletalk-local-development-secret-change-me'],
  ADMIN_PASSWORD: ['TableTalk!2026'],
  VONAGE_SIGNATURE_SECRET: ['local-sandbox-signature-secret'],
  VONAGE_API_SECRET: ['local-sandbox-api-secret'],
};

/** Secrets that only open the local Vonage sandbox: published values are tolerated while it is the Vonage in use. */
const SANDBOX_ONLY = new Set(['VONAGE_SIGNATURE_SECRET', 'VONAGE_API_SECRET']);

/** True for 127.0.0.0/8, ::1, localhost: addresses nobody else can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (bare.startsWith('::ffff:')) return isLoopbackHost(bare.slice(7));
  return false;
}

/** The API is reachable by others: production, or a HOST other than loopback. */
export function isExposed(env: { NODE_ENV?: string; HOST?: string }): boolean {
  return env.NODE_ENV === 'production' || (env.HOST !== undefined && !isLoopbackHost(env.HOST));
}

/** Names of the variables that hold a published default while the API is exposed (empty = fine). */
export function publishedSecretsInUse(env: Record<string, unknown>): string[] {
  if (!isExposed(env)) return [];
  const sandbox = Boolean(env.VONAGE_SANDBOX_URL) && env.VONAGE_SANDBOX_ALLOWED === true;
  return Object.entries(PUBLISHED_DEFAULTS)
    .filter(([name, values]) => values.includes(scalar(env[name])) && !(sandbox && SANDBOX_ONLY.has(name)))
    .map(([name]) => name);
}

/** A validated env value as text (Joi turned some into numbers or booleans); anything else counts as unset. */
function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
