import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mongo } from 'mongoose';
import { withDatabase } from './ferretdb';
import { newVonageIdentity, RunningSandbox, startSandbox, VonageIdentity } from './sandbox';

export interface TestApp {
  app: NestFastifyApplication;
  /** Base URL for supertest. */
  url: string;
  /** The Vonage sandbox this app talks to (its own instance: state never leaks between files). */
  sandbox: RunningSandbox;
  vonage: VonageIdentity;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** API environment overrides. */
  env?: Record<string, string>;
  /** Sandbox environment overrides (e.g. SANDBOX_VERIFY_CODE_TTL). */
  sandboxEnv?: Record<string, string>;
}

/**
 * Boots the real application (same bootstrap as production) against a fresh database of the
 * e2e FerretDB server and its own Vonage sandbox, listening on a free port.
 */
export async function startTestApp({ env = {}, sandboxEnv = {} }: TestAppOptions = {}): Promise<TestApp> {
  const server = process.env.E2E_MONGODB_SERVER;
  if (!server) throw new Error('E2E_MONGODB_SERVER is not set: run through the e2e jest project');
  const vonage = newVonageIdentity();
  const sandbox = await startSandbox(vonage, sandboxEnv);
  const uri = withDatabase(server, `tabletalk_e2e_${randomBytes(6).toString('hex')}`);
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
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
  // Imported after the environment is set: the config module validates it at import time.
  const { createApp } = await import('../../src/bootstrap');
  const app = await createApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    url,
    sandbox,
    vonage,
    close: async () => {
      await app.close();
      await sandbox.stop();
      const client = await mongo.MongoClient.connect(uri);
      await client.db().dropDatabase();
      await client.close();
    },
  };
}
