// The stack every API benchmark needs: the embedded FerretDB and the real built API with
// throwaway secrets, started on loopback and always stopped (on success, error and signals).
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FERRETDB_BIN, ferretDbArgs, generateKeyPair } from '../../scripts/lib/dev-stack.mjs';
import { freePort, killAllNow, startProcess, stopAll, waitForLine, waitUntil } from './processes.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const FERRETDB = FERRETDB_BIN;
// Another build of the API can be measured (e.g. one made from a given commit); default: this checkout's.
export const API_DIST = process.env.BENCH_API_DIST ? resolve(process.env.BENCH_API_DIST) : join(ROOT, 'api/dist');
const API_MAIN = join(API_DIST, 'main.js');

export const log = (message) => process.stderr.write(`[bench] ${message}\n`);

/** A knob from the environment that must be a positive integer. */
export function positiveInt(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
  return value;
}

let tempDir;
async function cleanUp() {
  await stopAll();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

// Whatever ends this process, nothing it started outlives it.
process.on('exit', () => {
  killAllNow();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    log(`${signal}: stopping everything`);
    // Exits whether or not the clean-up failed (its own steps log what they could not stop).
    void cleanUp().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1)));
  });
}

/**
 * Runs a benchmark's main function: exit code 1 when it throws (it could not measure),
 * and everything it started is stopped either way.
 */
export async function runBenchmark(main) {
  try {
    await main();
  } catch (error) {
    console.error(`[bench] failed: ${error.message}`);
    process.exitCode = 1;
  } finally {
    await cleanUp();
  }
}

export function checkPrerequisites() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24)
    throw new Error(`Node 24 is required (this is ${process.version}); export PATH=${ROOT}/.tools/node/bin:$PATH`);
  if (!existsSync(FERRETDB))
    throw new Error(`${FERRETDB} is missing: run scripts/bootstrap.sh (it builds the embedded FerretDB)`);
  if (!existsSync(API_MAIN)) {
    if (process.env.BENCH_API_DIST) throw new Error(`${API_MAIN} is missing`);
    log('api/dist/main.js is missing: building the API (npm run build -w api)');
    const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` };
    const build = spawnSync('npm', ['run', 'build', '-w', 'api'], { cwd: ROOT, env, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('building the API failed');
  }
}

/** BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile to <dir>/<name>/ when it stops (open in Chrome DevTools). */
export function cpuProfile(name) {
  return process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${join(resolve(process.env.BENCH_CPU_PROF), name)}`]
    : [];
}

/** Environment for a child: only what it needs, so a developer's shell settings cannot skew the run. */
export function childEnv(extra) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    ...extra,
  };
}

/** Secrets made for this run only: a JWT secret, the seeded admin, and Vonage settings that reach nothing. */
export async function throwawaySecrets() {
  return {
    jwtSecret: randomBytes(36).toString('base64url'),
    adminEmail: 'admin@tabletalk.local',
    adminPassword: randomBytes(18).toString('base64url'),
    // The API needs Vonage settings to start; the benchmarked routes never call Vonage, and the
    // hosts point at a closed loopback port so nothing could leave the machine anyway.
    vonage: {
      VONAGE_APPLICATION_ID: randomUUID(),
      VONAGE_PRIVATE_KEY: generateKeyPair().privateKey,
      VONAGE_SIGNATURE_SECRET: randomBytes(24).toString('base64url'),
      VONAGE_SANDBOX_URL: `http://127.0.0.1:${await freePort()}`,
      // Production refuses a sandbox URL unless told it is on purpose (here: a port nothing listens on).
      VONAGE_SANDBOX_ALLOWED: 'true',
    },
  };
}

export async function startDatabase() {
  tempDir = mkdtempSync(join(tmpdir(), 'tabletalk-bench-'));
  // SQLite files in a temporary folder on disk (as deployed; see ferretDbArgs).
  const db = startProcess('ferretdb', FERRETDB, ferretDbArgs({ dataDir: tempDir }));
  const [uri] = await waitForLine(db, /^mongodb:\/\/\S+/, 30_000);
  return { db, serverUri: uri.replace(/\/+$/, '') };
}

/**
 * Starts the API and waits until the seeded admin can sign in (seeding runs in the background
 * after start-up). `extraEnv` adds or overrides settings for one benchmark.
 */
export async function startApi(mongodbUri, secrets, extraEnv = {}, { nodeArgs = [], port: fixedPort } = {}) {
  const port = fixedPort ?? (await freePort());
  const startedAt = performance.now();
  const api = startProcess('api', process.execPath, [...nodeArgs, ...cpuProfile('api'), API_MAIN], {
    cwd: dirname(API_DIST),
    env: childEnv({
      MONGODB_URI: mongodbUri,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      JWT_SECRET: secrets.jwtSecret,
      ADMIN_EMAIL: secrets.adminEmail,
      ADMIN_PASSWORD: secrets.adminPassword,
      // Never 429, but a 1 s window: the in-memory throttler keeps one timestamp per hit in the
      // window and filters them on every request, so a 60 s window at benchmark rates would hold
      // tens of thousands (a real client is capped at THROTTLE_LIMIT, 300 by default).
      THROTTLE_LIMIT: '100000000',
      THROTTLE_TTL_MS: '1000',
      // Password-only sign-in, so the benchmark gets a token without a one-time code.
      VERIFY_ENABLED: 'false',
      ...secrets.vonage,
      ...extraEnv,
    }),
  });
  await waitForLine(api, /listening on/, 60_000);
  const baseUrl = `http://127.0.0.1:${port}`;
  // Ready as a load balancer sees it: health/ready answers 200 (the database is up and reachable).
  await waitUntil(
    api,
    'health/ready',
    async () => (await fetch(`${baseUrl}/api/health/ready`, { signal: AbortSignal.timeout(2000) })).status === 200,
    60_000,
    20,
  );
  const readyMs = Math.round(performance.now() - startedAt);
  const session = await waitUntil(
    api,
    'admin sign-in',
    async () => {
      const response = await postJson(
        `${baseUrl}/api/auth/login`,
        { email: secrets.adminEmail, password: secrets.adminPassword },
        10_000,
      );
      return response.status === 200 ? response.json() : null;
    },
    60_000,
  );
  if (typeof session.accessToken !== 'string')
    throw new Error(`sign-in gave no access token: ${JSON.stringify(session)}`);
  return { api, baseUrl, accessToken: session.accessToken, readyMs };
}

/** POST a JSON body; the response is the caller's to read. */
export function postJson(url, body, timeoutMs = 30_000) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/** A benchmark's figures for `npm run bench` (bench/run-all.mjs): written where BENCH_RESULT_FILE says, if it does. */
export function writeResult(result) {
  if (process.env.BENCH_RESULT_FILE) writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify(result, null, 2));
}
