#!/usr/bin/env node
// The production way to run the whole TableTalk system on one small machine (`npm run serve`):
// the embedded database, the built API (NODE_ENV=production) and the built dashboard, served by
// this process, which also forwards /api to the API (one origin, one port). The Vonage sandbox
// runs only when no Vonage credentials are given. Secrets the API needs are generated once into
// the data folder (like the local Vonage keys); the admin password is printed the first time.
//   npm run serve            (builds what is missing first; see README "Running it")
// Environment: PORT (3000, the dashboard and /api), API_PORT (PORT + 1), SANDBOX_PORT (3100),
// DB_PORT (27017), MONGODB_URI (an external database: no embedded one), TABLETALK_DATA_DIR (.data/serve),
// HOST (127.0.0.1; 0.0.0.0 to reach it from the restaurant's network), VONAGE_* (real Vonage).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ensureLocalVonage, FERRETDB_BIN, ferretDbArgs, sharedVonageEnv } from './lib/dev-stack.mjs';
import { API_NODE_FLAGS } from './production-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const port = Number(env.PORT ?? 3000);
const ports = {
  api: Number(env.API_PORT ?? port + 1),
  sandbox: Number(env.SANDBOX_PORT ?? 3100),
  db: Number(env.DB_PORT ?? 27017),
};
const host = env.HOST ?? '127.0.0.1';
const dataDir = env.TABLETALK_DATA_DIR ?? join(root, '.data/serve');
const dashboardDir = join(root, 'dashboard/dist/dashboard/browser');
mkdirSync(dataDir, { recursive: true });
for (const [what, file] of [
  ['the API', 'api/dist/main.js'],
  ['the dashboard', 'dashboard/dist/dashboard/browser/index.html'],
  ['the sandbox', 'sandbox/dist/main.js'],
]) {
  if (!existsSync(join(root, file)))
    throw new Error(`${what} is not built (${file}): run npm run serve through npm, or npm run build -w <workspace>`);
}

/** Secrets made on the first start and kept in the data folder (production refuses the published defaults). */
function localSecrets() {
  const file = join(dataDir, 'secrets.json');
  if (!existsSync(file)) {
    const secrets = {
      JWT_SECRET: randomBytes(36).toString('base64url'),
      ADMIN_PASSWORD: randomBytes(12).toString('base64url'),
    };
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    console.log(
      `[serve] first start: admin ${env.ADMIN_EMAIL ?? 'admin@tabletalk.local'} / ${secrets.ADMIN_PASSWORD}  (kept in ${file})`,
    );
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

const children = [];
let stopping = false;
function start(name, command, args, childEnv) {
  const child = spawn(command, args, {
    cwd: root,
    env: { PATH: env.PATH, HOME: env.HOME, ...childEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[serve] ${name} exited (${signal ?? code}): stopping everything`);
    void stop(1);
  });
  return child;
}
async function stop(code = 0) {
  stopping = true;
  server.close();
  for (const child of [...children].reverse())
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await sleep(100);
  process.exit(code);
}
// stop() ends in process.exit: nothing is left to await or to fail.
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const secrets = localSecrets();
const mongodbUri = env.MONGODB_URI ?? `mongodb://127.0.0.1:${ports.db}/tabletalk`;
if (!env.MONGODB_URI) {
  start('db', FERRETDB_BIN, ferretDbArgs({ port: ports.db, dataDir: join(dataDir, 'ferretdb') }));
}

// Real Vonage when its credentials are given; otherwise the local sandbox stands in for it.
const realVonage = Boolean(env.VONAGE_APPLICATION_ID && env.VONAGE_PRIVATE_KEY);
let vonageEnv;
if (realVonage) {
  vonageEnv = Object.fromEntries(
    Object.entries(env).filter(([key]) => key.startsWith('VONAGE_') || key.startsWith('MESSAGES_')),
  );
} else {
  const vonage = ensureLocalVonage(dataDir);
  const shared = sharedVonageEnv(vonage);
  start('sandbox', process.execPath, [...API_NODE_FLAGS, join(root, 'sandbox/dist/main.js')], {
    ...shared,
    NODE_ENV: 'production',
    SANDBOX_PORT: String(ports.sandbox),
    VONAGE_PUBLIC_KEY: vonage.publicKeyPath,
    SANDBOX_STATUS_WEBHOOK_URL: `http://127.0.0.1:${ports.api}/api/webhooks/messages/status`,
    SANDBOX_INBOUND_WEBHOOK_URL: `http://127.0.0.1:${ports.api}/api/webhooks/messages/inbound`,
  });
  vonageEnv = {
    ...shared,
    VONAGE_PRIVATE_KEY: vonage.privateKeyPath,
    VONAGE_SANDBOX_URL: `http://127.0.0.1:${ports.sandbox}`,
    VONAGE_SANDBOX_ALLOWED: 'true',
  };
}

start('api', process.execPath, [...API_NODE_FLAGS, join(root, 'api/dist/main.js')], {
  ...Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('VONAGE_'))),
  ...secrets,
  ...(env.JWT_SECRET ? { JWT_SECRET: env.JWT_SECRET } : {}),
  ...(env.ADMIN_PASSWORD ? { ADMIN_PASSWORD: env.ADMIN_PASSWORD } : {}),
  ...vonageEnv,
  NODE_ENV: 'production',
  // Only this process talks to the API; browsers reach it through the forwarding below.
  HOST: '127.0.0.1',
  PORT: String(ports.api),
  MONGODB_URI: mongodbUri,
  LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
  // This process forwards every request and says who sent it (X-Forwarded-For).
  TRUST_PROXY: env.TRUST_PROXY ?? '127.0.0.1',
  DASHBOARD_ORIGIN: env.DASHBOARD_ORIGIN ?? `http://localhost:${port},http://127.0.0.1:${port}`,
});

// The dashboard's files (long-cached: their names carry a hash; index.html is not) and /api forwarded.
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain',
};
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/api/') || req.url === '/api') {
    // The client's address for sign-in lockouts and rate limits; a client's own X-Forwarded-For is not trusted.
    const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress, 'x-forwarded-proto': 'http' };
    const upstream = http.request(
      { host: '127.0.0.1', port: ports.api, method: req.method, path: req.url, headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(503, { 'content-type': 'application/problem+json' });
      res.end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Service Unavailable',
          status: 503,
          detail: 'The API is starting or restarting',
        }),
      );
    });
    req.pipe(upstream);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(dashboardDir, path);
  let isFile = false;
  try {
    isFile = file.startsWith(dashboardDir) && statSync(file).isFile();
  } catch {
    // not there: the app's own route
  }
  if (!isFile) file = join(dashboardDir, 'index.html'); // client-side routes (/orders, /kiosk, …)
  const hashed = /-[A-Z0-9]{8}\.(js|css)$/.test(file);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
});
server.listen(port, host, () => {
  console.log(
    `[serve] TableTalk on http://${host === '0.0.0.0' ? 'localhost' : host}:${port} (API ${mongodbUri.replace(/\/\/[^@]*@/, '//')}; Vonage: ${realVonage ? 'real' : `sandbox http://127.0.0.1:${ports.sandbox}`})`,
  );
});
