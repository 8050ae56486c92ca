#!/usr/bin/env node
// Starts the whole TableTalk system: embedded database (unless MONGODB_URI is set), Vonage sandbox,
// API and dashboard, each with a coloured log prefix; waits until all answer, then prints the URLs.
//   node scripts/stack.mjs          development: API and dashboard rebuild on change, data kept in .data/
//   node scripts/stack.mjs --test   for browser tests: built API, a fresh database, nothing kept
// Ctrl-C stops everything.
import concurrently from 'concurrently';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import waitOn from 'wait-on';
import { ensureLocalVonage, FERRETDB_BIN, ferretDbArgs, sharedVonageEnv } from './lib/dev-stack.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testMode = process.argv.includes('--test');
const env = process.env;
const ports = {
  api: Number(env.PORT ?? 3000),
  dashboard: Number(env.DASHBOARD_PORT ?? 4200),
  sandbox: Number(env.SANDBOX_PORT ?? 3100),
  db: Number(env.DB_PORT ?? 27017),
};
// Test stacks keep their data apart by port, so two runs (say, two engineers' browser tests) never share a database.
const dataDir = join(root, testMode ? `.data/test-${ports.api}` : '.data');
// Test runs start from an empty database (FerretDB's own in-memory mode can deadlock, so: files).
if (testMode) rmSync(join(dataDir, 'ferretdb'), { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

const urls = {
  api: `http://localhost:${ports.api}/api`,
  docs: `http://localhost:${ports.api}/api/docs`,
  dashboard: `http://localhost:${ports.dashboard}`,
  sandbox: `http://localhost:${ports.sandbox}`,
};
const mongodbUri = env.MONGODB_URI ?? `mongodb://127.0.0.1:${ports.db}/tabletalk`;
const vonage = ensureLocalVonage(dataDir);
// The sandbox rents the application this virtual number; texts go from it so customers can reply (STOP, HELP, STATUS).
const virtualNumber = env.SANDBOX_VIRTUAL_NUMBER ?? '447520600100';

const shared = sharedVonageEnv(vonage);

const commands = [];
if (!env.MONGODB_URI) {
  const dbArgs = ferretDbArgs({ port: ports.db, dataDir: join(dataDir, 'ferretdb') });
  // Restarted when it crashes: the API answers 503 meanwhile and reconnects; the rest keeps running.
  commands.push({
    name: 'db',
    prefixColor: 'gray',
    command: `node scripts/keep-running.mjs ${FERRETDB_BIN} ${dbArgs.join(' ')}`,
  });
}
commands.push({
  name: 'sandbox',
  prefixColor: 'magenta',
  command: 'node sandbox/dist/main.js',
  env: {
    ...shared,
    SANDBOX_PORT: String(ports.sandbox),
    SANDBOX_PUBLIC_URL: urls.sandbox,
    VONAGE_PUBLIC_KEY: vonage.publicKeyPath,
    SANDBOX_STATUS_WEBHOOK_URL: `http://127.0.0.1:${ports.api}/api/webhooks/messages/status`,
    SANDBOX_INBOUND_WEBHOOK_URL: `http://127.0.0.1:${ports.api}/api/webhooks/messages/inbound`,
    SANDBOX_VIRTUAL_NUMBER: virtualNumber,
  },
});
commands.push({
  name: 'api',
  prefixColor: 'cyan',
  command: testMode ? 'node api/dist/main.js' : 'npx nest start --watch --preserveWatchOutput',
  env: {
    ...shared,
    PORT: String(ports.api),
    MONGODB_URI: mongodbUri,
    DASHBOARD_ORIGIN: env.DASHBOARD_ORIGIN ?? `${urls.dashboard},http://127.0.0.1:${ports.dashboard}`,
    LOG_PRETTY: env.LOG_PRETTY ?? (testMode ? 'false' : 'true'),
    LOG_LEVEL: env.LOG_LEVEL ?? (testMode ? 'warn' : 'info'),
    VONAGE_PRIVATE_KEY: vonage.privateKeyPath,
    VONAGE_SANDBOX_URL: `http://127.0.0.1:${ports.sandbox}`,
    VONAGE_SMS_FROM: env.VONAGE_SMS_FROM ?? `+${virtualNumber}`,
    // Local development: webhook receivers usually run on this machine (off in production).
    WEBHOOKS_ALLOW_PRIVATE_TARGETS: env.WEBHOOKS_ALLOW_PRIVATE_TARGETS ?? 'true',
  },
});
commands.push({
  name: 'dashboard',
  prefixColor: 'green',
  // Browser tests must not see a reload when a file changes under them.
  command: `npm run start -w dashboard -- --port ${ports.dashboard} --host 127.0.0.1${testMode ? ' --watch=false --live-reload=false --hmr=false' : ''}`,
  // ng serve reads PORT itself: give it the dashboard's, not the API's.
  env: { PORT: String(ports.dashboard), API_PORT: String(ports.api), NG_CLI_ANALYTICS: 'false' },
});

const { result, commands: running } = concurrently(
  commands.map((c) => ({ ...c, cwd: root, env: { ...c.env } })),
  { killOthersOn: ['failure', 'success'], prefix: 'name', restartTries: 0 },
);

waitOn({
  resources: [
    `http-get://127.0.0.1:${ports.sandbox}/`,
    `http-get://127.0.0.1:${ports.api}/api/health/ready`,
    `http-get://127.0.0.1:${ports.dashboard}/`,
  ],
  timeout: 300_000,
  interval: 500,
})
  .then(() => {
    const lines = [
      'TableTalk is running',
      `  Dashboard      ${urls.dashboard}`,
      `  API            ${urls.api}`,
      `  API docs       ${urls.docs}`,
      `  Vonage sandbox ${urls.sandbox}   (phone inbox: codes and messages "sent")`,
      `  Database       ${mongodbUri}`,
      testMode
        ? ''
        : `  Sign in as ${env.ADMIN_EMAIL ?? 'admin@tabletalk.local'} / ${env.ADMIN_PASSWORD ? '(ADMIN_PASSWORD)' : 'TableTalk!2026'}`,
    ];
    console.log(`\n${lines.filter(Boolean).join('\n')}\n`);
  })
  .catch((error) => {
    console.error(`TableTalk did not come up: ${error.message}`);
    for (const command of running) command.kill();
  });

const stop = () => running.forEach((command) => command.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
result.then(
  () => process.exit(0),
  () => process.exit(1),
);
