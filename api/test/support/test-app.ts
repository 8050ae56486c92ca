import { getConnectionToken } from '@nestjs/mongoose';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Connection, ConnectionStates, mongo } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { withDatabase } from './ferretdb.js';
import { newVonageIdentity, type RunningSandbox, startSandbox, type VonageIdentity } from './sandbox.js';

/** A port that was free a moment ago (for apps whose own URL goes into their configuration). */
export { freePort } from '../../../scripts/lib/dev-stack.mjs';

export interface TestApp {
  app: NestFastifyApplication;
  /** Base URL for supertest. */
  url: string;
  /** The Vonage sandbox this app talks to (its own instance: state never leaks between files). */
  sandbox: RunningSandbox;
  vonage: VonageIdentity;
  /** The app's MongoDB URI (its own database). */
  databaseUri: string;
  /** Stops the app; `keep` leaves the database and/or the sandbox for a following app (restart tests). */
  close(keep?: { database?: boolean; sandbox?: boolean }): Promise<void>;
}

export interface TestAppOptions {
  /** API environment overrides. */
  env?: Record<string, string>;
  /** Sandbox environment overrides (e.g. SANDBOX_VERIFY_CODE_TTL). */
  sandboxEnv?: Record<string, string>;
  /** Listen on this port instead of a random one (when the URL must be known before start). */
  port?: number;
  /** Reuse a database (e.g. a previous app's `databaseUri`) instead of a fresh one. */
  databaseUri?: string;
  /** Reuse a running sandbox and its identity instead of starting one. */
  sandbox?: { sandbox: RunningSandbox; vonage: VonageIdentity };
  /**
   * Resolve only once the app's database connection is open (default). The API starts without
   * its database on purpose; a test that means that (a late database) passes false.
   */
  waitForDatabase?: boolean;
}

/**
 * Boots the real application (same bootstrap as production) against a fresh database of the
 * e2e FerretDB server and its own Vonage sandbox, listening on a free port.
 */
export async function startTestApp({
  env = {},
  sandboxEnv = {},
  port = 0,
  databaseUri,
  sandbox: reused,
  waitForDatabase = true,
}: TestAppOptions = {}): Promise<TestApp> {
  const server = process.env.E2E_MONGODB_SERVER;
  if (!server) throw new Error('E2E_MONGODB_SERVER is not set: run through the e2e jest project');
  const vonage = reused?.vonage ?? newVonageIdentity();
  const sandbox = reused?.sandbox ?? (await startSandbox(vonage, sandboxEnv));
  const uri = databaseUri ?? withDatabase(server, `tabletalk_e2e_${randomBytes(6).toString('hex')}`);
  Object.assign(process.env, {
    NODE_ENV: 'test',
    // E2E_LOG_LEVEL=error shows the app's logs while debugging a test.
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'silent',
    MONGODB_URI: uri,
    VONAGE_APPLICATION_ID: vonage.applicationId,
    VONAGE_PRIVATE_KEY: vonage.privateKey,
    VONAGE_API_KEY: vonage.apiKey,
    VONAGE_API_SECRET: vonage.apiSecret,
    VONAGE_SIGNATURE_SECRET: vonage.signatureSecret,
    VONAGE_SANDBOX_URL: sandbox.url,
    // Suites send many sign-ins from one address; the abuse tests set their own limit.
    AUTH_THROTTLE_LIMIT: '1000',
    ...env,
  });
  let app: NestFastifyApplication;
  try {
    // Imported after the environment is set: the config module validates it at import time.
    const { createApp } = await import('../../src/bootstrap.js');
    app = await createApp({ logger: process.env.E2E_LOG_LEVEL !== undefined });
    await app.listen(port, '127.0.0.1');
    // On a busy machine the connection can open after a test's first write has waited out
    // mongoose's short buffer (MONGODB_SERVER_SELECTION_TIMEOUT_MS): the test would fail on set-up.
    if (waitForDatabase) await databaseOpen(app);
  } catch (error) {
    // A sandbox left running would keep Jest from exiting.
    if (!reused) await sandbox.stop();
    throw error;
  }
  const url = await app.getUrl();
  return {
    app,
    url,
    sandbox,
    vonage,
    databaseUri: uri,
    close: async (keep = {}) => {
      await app.close();
      if (!keep.sandbox) await sandbox.stop();
      if (keep.database) return;
      const client = await mongo.MongoClient.connect(uri);
      await client.db().dropDatabase();
      await client.close();
    },
  };
}

async function databaseOpen(app: NestFastifyApplication, timeoutMs = 20_000): Promise<void> {
  const connection = app.get<Connection>(getConnectionToken());
  if (connection.readyState === ConnectionStates.connected) return;
  await new Promise<void>((resolveOpen, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the test app's database did not open within ${timeoutMs} ms`)),
      timeoutMs,
    );
    connection.once('connected', () => {
      clearTimeout(timer);
      resolveOpen();
    });
  });
}
