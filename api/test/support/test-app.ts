import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mongo } from 'mongoose';
import { withDatabase } from './ferretdb';

export interface TestApp {
  app: NestFastifyApplication;
  /** Base URL for supertest. */
  url: string;
  close(): Promise<void>;
}

/**
 * Boots the real application (same bootstrap as production) against a fresh database of the
 * e2e FerretDB server, listening on a free port. Extra env overrides apply to this app only.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const server = process.env.E2E_MONGODB_SERVER;
  if (!server) throw new Error('E2E_MONGODB_SERVER is not set: run through the e2e jest project');
  const database = `tabletalk_e2e_${randomBytes(6).toString('hex')}`;
  const uri = withDatabase(server, database);
  Object.assign(process.env, { NODE_ENV: 'test', LOG_LEVEL: 'silent', MONGODB_URI: uri, ...env });
  // Imported after the environment is set: the config module validates it at import time.
  const { createApp } = await import('../../src/bootstrap');
  const app = await createApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    url,
    close: async () => {
      await app.close();
      const client = await mongo.MongoClient.connect(uri);
      await client.db().dropDatabase();
      await client.close();
    },
  };
}
