import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The sandbox's virtual number (UK mobile range); `npm start` uses it as VONAGE_SMS_FROM. */
export const DEFAULT_VIRTUAL_NUMBER = '447520600100';

/** What a caller may pass to createSandbox(). Mirrors the CLI's environment variables. */
export interface SandboxOptions {
  /** The Vonage application the sandbox impersonates; JWTs must carry this application_id. */
  applicationId: string;
  /** PEM of the application's public key (RS256 JWTs are verified against it). */
  publicKey?: string;
  /** PEM of the application's private key; the public key is derived from it when publicKey is absent. */
  privateKey?: string;
  /** Account API key and secret: enables Basic auth where Vonage accepts it. */
  apiKey?: string;
  apiSecret?: string;
  /** Signature secret used to sign Messages webhooks (HS256). */
  signatureSecret?: string;
  /** Base URL used in links the sandbox hands out (meeting rooms, HAL links). Defaults to the listening URL. */
  publicUrl?: string;
  /** Where message status webhooks go (the application's status URL). Unset = not delivered. */
  statusWebhookUrl?: string;
  /** Where inbound message webhooks go (the application's inbound URL). Unset = not delivered. */
  inboundWebhookUrl?: string;
  /** Overrides every Verify workflow step's channel_timeout (seconds), e.g. to test expiry quickly. */
  verifyCodeTtlSeconds?: number;
  /** Wrong codes allowed per Verify request before it fails (Vonage: 3). */
  verifyMaxAttempts?: number;
  /** Delay between the "submitted" and the final status webhook of a message. */
  messageDeliveryDelayMs?: number;
  /** Numbers whose outbound messages end "rejected" instead of "delivered". */
  rejectedNumbers?: string[];
  /** Numbers that opted out at the carrier: their messages end "rejected" with error 1240 (Illegal Number). */
  optedOutNumbers?: string[];
  /** The virtual number the sandbox rents to the application: SMS from it can be answered (default 447520600100). */
  virtualNumber?: string;
  /** Clock, in epoch milliseconds; tests replace it to move time forward. */
  now?: () => number;
  /** Fastify logger switch (default off). */
  logger?: boolean;
  /** When set, the inbox page and /_sandbox/* need it (the CLI sets one whenever it listens beyond loopback). */
  adminToken?: string;
}

/** Options after validation, with the key material parsed. */
export interface SandboxConfig {
  applicationId: string;
  publicKey: KeyObject;
  apiKey?: string;
  apiSecret?: string;
  signatureSecret?: string;
  publicUrl?: string;
  statusWebhookUrl?: string;
  inboundWebhookUrl?: string;
  verifyCodeTtlSeconds?: number;
  verifyMaxAttempts: number;
  messageDeliveryDelayMs: number;
  rejectedNumbers: Set<string>;
  optedOutNumbers: Set<string>;
  virtualNumber: string;
  now: () => number;
  logger: boolean;
  adminToken?: string;
}

export class SandboxConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid sandbox configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SandboxConfigError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseUrl(name: string, value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return value.replace(/\/+$/, '');
  } catch {
    problems.push(`${name} must be an http(s) URL, got "${value}"`);
    return undefined;
  }
}

function parseKey(options: SandboxOptions, problems: string[]): KeyObject | undefined {
  try {
    if (options.publicKey) return createPublicKey(options.publicKey);
    if (options.privateKey) return createPublicKey(createPrivateKey(options.privateKey));
    problems.push(
      'a public key (VONAGE_PUBLIC_KEY) or private key (VONAGE_PRIVATE_KEY) of the application is required',
    );
  } catch (error) {
    problems.push(`the application key is not a valid PEM key: ${(error as Error).message}`);
  }
  return undefined;
}

/** Validates options; throws SandboxConfigError listing every problem at once. */
export function resolveConfig(options: SandboxOptions): SandboxConfig {
  const problems: string[] = [];
  if (!options.applicationId || !UUID.test(options.applicationId)) {
    problems.push(`VONAGE_APPLICATION_ID (applicationId) must be a UUID, got "${options.applicationId ?? ''}"`);
  }
  const publicKey = parseKey(options, problems);
  if (publicKey && publicKey.asymmetricKeyType !== 'rsa') {
    problems.push(`the application key must be an RSA key (RS256), got ${publicKey.asymmetricKeyType}`);
  }
  if (Boolean(options.apiKey) !== Boolean(options.apiSecret)) {
    problems.push('VONAGE_API_KEY and VONAGE_API_SECRET must be set together');
  }
  const statusWebhookUrl = parseUrl('SANDBOX_STATUS_WEBHOOK_URL', options.statusWebhookUrl, problems);
  const inboundWebhookUrl = parseUrl('SANDBOX_INBOUND_WEBHOOK_URL', options.inboundWebhookUrl, problems);
  const publicUrl = parseUrl('SANDBOX_PUBLIC_URL', options.publicUrl, problems);
  if ((statusWebhookUrl || inboundWebhookUrl) && !options.signatureSecret) {
    problems.push('VONAGE_SIGNATURE_SECRET is required to sign webhooks when a webhook URL is set');
  }
  const positive = (name: string, value: number | undefined, min: number) => {
    if (value !== undefined && (!Number.isFinite(value) || value < min))
      problems.push(`${name} must be a number >= ${min}, got ${value}`);
  };
  positive('SANDBOX_VERIFY_CODE_TTL', options.verifyCodeTtlSeconds, 1);
  positive('SANDBOX_VERIFY_MAX_ATTEMPTS', options.verifyMaxAttempts, 1);
  positive('SANDBOX_DELIVERY_DELAY_MS', options.messageDeliveryDelayMs, 0);
  const virtualNumber = (options.virtualNumber ?? DEFAULT_VIRTUAL_NUMBER).replace(/^\+/, '');
  if (!/^[1-9]\d{6,14}$/.test(virtualNumber))
    problems.push(`SANDBOX_VIRTUAL_NUMBER must be an E.164 number, got ${options.virtualNumber}`);
  if (problems.length > 0 || !publicKey) throw new SandboxConfigError(problems);
  return {
    applicationId: options.applicationId.toLowerCase(),
    publicKey,
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    signatureSecret: options.signatureSecret,
    publicUrl,
    statusWebhookUrl,
    inboundWebhookUrl,
    verifyCodeTtlSeconds: options.verifyCodeTtlSeconds,
    verifyMaxAttempts: options.verifyMaxAttempts ?? 3,
    messageDeliveryDelayMs: options.messageDeliveryDelayMs ?? 250,
    rejectedNumbers: new Set((options.rejectedNumbers ?? []).map((n) => n.replace(/^\+/, ''))),
    optedOutNumbers: new Set((options.optedOutNumbers ?? []).map((n) => n.replace(/^\+/, ''))),
    virtualNumber,
    now: options.now ?? Date.now,
    logger: options.logger ?? false,
    adminToken: options.adminToken || undefined,
  };
}

/** A PEM given inline, or the path of a file holding it. */
function pemOrFile(name: string, value: string | undefined, problems: string[]): string | undefined {
  if (!value) return undefined;
  if (value.includes('-----BEGIN')) return value.replace(/\\n/g, '\n');
  if (existsSync(value)) return readFileSync(value, 'utf8');
  problems.push(`${name} is neither a PEM key nor an existing file: "${value}"`);
  return undefined;
}

function numberVar(env: NodeJS.ProcessEnv, name: string, problems: string[]): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) problems.push(`${name} must be a number, got "${raw}"`);
  return value;
}

export interface CliConfig {
  port: number;
  host: string;
  options: SandboxOptions;
  /** Lines worth telling the person who started the sandbox (stderr). */
  notices: string[];
}

/**
 * Reads the CLI configuration from the environment. With no application configured at all,
 * makes a throwaway demo application (new key pair, private key written to a temp file) so the
 * sandbox can be tried without any Vonage account.
 */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const problems: string[] = [];
  const notices: string[] = [];
  const port = numberVar(env, 'SANDBOX_PORT', problems) ?? 3100;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`SANDBOX_PORT must be a port number, got "${env.SANDBOX_PORT}"`);
  const host = env.SANDBOX_HOST || '127.0.0.1';
  // Exposed beyond this machine, the inspection endpoints (live sign-in codes, signed webhooks)
  // must not be open: they need a token, the given one or one made now and printed.
  let adminToken = env.SANDBOX_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 16)
    problems.push('SANDBOX_ADMIN_TOKEN must be at least 16 characters');
  if (!isLoopback(host) && !adminToken) {
    adminToken = randomBytes(24).toString('base64url');
    notices.push(
      `SANDBOX_HOST=${host} exposes the sandbox: the inbox and /_sandbox/* need this admin token (set SANDBOX_ADMIN_TOKEN to choose it):`,
      `  SANDBOX_ADMIN_TOKEN=${adminToken}`,
      '  open the inbox as /?token=<token>, or send Authorization: Bearer <token>',
    );
  }
  let applicationId = env.VONAGE_APPLICATION_ID;
  let publicKey = pemOrFile('VONAGE_PUBLIC_KEY', env.VONAGE_PUBLIC_KEY, problems);
  let privateKey = pemOrFile('VONAGE_PRIVATE_KEY', env.VONAGE_PRIVATE_KEY, problems);
  if (!applicationId && !env.VONAGE_PUBLIC_KEY && !env.VONAGE_PRIVATE_KEY) {
    applicationId = randomUUID();
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const keyPath = join(tmpdir(), `vonage-sandbox-${applicationId}.key`);
    writeFileSync(keyPath, privateKey, { mode: 0o600 });
    notices.push(
      'No application configured (VONAGE_APPLICATION_ID / VONAGE_PUBLIC_KEY): created a demo application.',
      `  VONAGE_APPLICATION_ID=${applicationId}`,
      `  VONAGE_PRIVATE_KEY=${keyPath}`,
    );
  }
  const list = (value: string | undefined) =>
    value
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined;
  const options: SandboxOptions = {
    applicationId: applicationId ?? '',
    publicKey,
    privateKey,
    apiKey: env.VONAGE_API_KEY || undefined,
    apiSecret: env.VONAGE_API_SECRET || undefined,
    signatureSecret: env.VONAGE_SIGNATURE_SECRET || undefined,
    publicUrl: env.SANDBOX_PUBLIC_URL || undefined,
    statusWebhookUrl: env.SANDBOX_STATUS_WEBHOOK_URL || undefined,
    inboundWebhookUrl: env.SANDBOX_INBOUND_WEBHOOK_URL || undefined,
    verifyCodeTtlSeconds: numberVar(env, 'SANDBOX_VERIFY_CODE_TTL', problems),
    verifyMaxAttempts: numberVar(env, 'SANDBOX_VERIFY_MAX_ATTEMPTS', problems),
    messageDeliveryDelayMs: numberVar(env, 'SANDBOX_DELIVERY_DELAY_MS', problems),
    rejectedNumbers: list(env.SANDBOX_REJECTED_NUMBERS),
    optedOutNumbers: list(env.SANDBOX_OPTED_OUT_NUMBERS),
    virtualNumber: env.SANDBOX_VIRTUAL_NUMBER || undefined,
    logger: env.SANDBOX_LOG === '1' || env.SANDBOX_LOG === 'true',
    adminToken,
  };
  try {
    resolveConfig(options);
  } catch (error) {
    // A key file that could not be read was reported already; don't add "key required" on top.
    const keyReported = problems.some((p) => p.startsWith('VONAGE_PUBLIC_KEY') || p.startsWith('VONAGE_PRIVATE_KEY'));
    if (error instanceof SandboxConfigError)
      problems.push(...error.problems.filter((p) => !(keyReported && p.startsWith('a public key'))));
    else throw error;
  }
  if (problems.length > 0) throw new SandboxConfigError(problems);
  return { port, host, options, notices };
}

/** 127.0.0.0/8, ::1 and localhost: nobody else can reach the sandbox there. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (bare.startsWith('::ffff:')) return isLoopback(bare.slice(7));
  return isIP(bare) === 4 && bare.startsWith('127.');
}
