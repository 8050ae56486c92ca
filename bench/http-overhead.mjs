#!/usr/bin/env node
// HTTP overhead of the TableTalk API against raw Fastify doing the same database work
// (GET /api/auth/me: verify an HS256 access token, findById the user, return JSON).
// Issue #3 target: the API keeps >= 85% of raw Fastify's throughput. See bench/README.md.
//
// Usage (Node 24): node bench/http-overhead.mjs
// Knobs: BENCH_CONNECTIONS (20), BENCH_DURATION_S (10), BENCH_WARMUP_S (5), BENCH_ROUNDS (2),
// BENCH_API_DIST (api/dist: the API build to measure), BENCH_CPU_PROF (a folder: profile the API).
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { combineRounds, runLoad } from './lib/load.mjs';
import { freePort, killAllNow, memoryOf, startProcess, stopAll, waitForLine, waitUntil } from './lib/processes.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FERRETDB = join(ROOT, '.bin/ferretdb');
// Another build of the API can be measured (e.g. one made from a given commit); default: this checkout's.
const API_DIST = process.env.BENCH_API_DIST ? resolve(process.env.BENCH_API_DIST) : join(ROOT, 'api/dist');
const API_MAIN = join(API_DIST, 'main.js');
const RAW_SERVER = join(ROOT, 'bench/servers/raw-fastify.mjs');

const TARGET_RATIO = 0.85;
const settings = {
  connections: positiveInt('BENCH_CONNECTIONS', 20),
  durationSeconds: positiveInt('BENCH_DURATION_S', 10),
  warmupSeconds: positiveInt('BENCH_WARMUP_S', 5),
  rounds: positiveInt('BENCH_ROUNDS', 2),
};

function positiveInt(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
  return value;
}

const log = (message) => process.stderr.write(`[bench] ${message}\n`);

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
    cleanUp().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1)));
  });
}

function checkPrerequisites() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) throw new Error(`Node 24 is required (this is ${process.version}); export PATH=${ROOT}/.tools/node/bin:$PATH`);
  if (!existsSync(FERRETDB)) throw new Error(`${FERRETDB} is missing: run scripts/bootstrap.sh (it builds the embedded FerretDB)`);
  if (!existsSync(API_MAIN)) {
    if (process.env.BENCH_API_DIST) throw new Error(`${API_MAIN} is missing`);
    log('api/dist/main.js is missing: building the API (npm run build -w api)');
    const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` };
    const build = spawnSync('npm', ['run', 'build', '-w', 'api'], { cwd: ROOT, env, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('building the API failed');
  }
}

/** BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile to <dir>/<name>/ when it stops (open in Chrome DevTools). */
function cpuProfile(name) {
  return process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(resolve(process.env.BENCH_CPU_PROF), name)}`] : [];
}

/** Environment for a child: only what it needs, so a developer's shell settings cannot skew the run. */
function childEnv(extra) {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ...extra };
}

async function startDatabase() {
  tempDir = mkdtempSync(join(tmpdir(), 'tabletalk-bench-'));
  // SQLite files in a temporary folder: FerretDB's -memory mode deadlocks with several writers.
  const db = startProcess('ferretdb', FERRETDB, ['-listen-addr', '127.0.0.1:0', '-data-dir', tempDir, '-log-level', 'error']);
  const [uri] = await waitForLine(db, /^mongodb:\/\/\S+/, 30_000);
  return { db, serverUri: uri.replace(/\/+$/, '') };
}

async function startApi(mongodbUri, secrets) {
  const port = await freePort();
  const api = startProcess('api', process.execPath, [...cpuProfile('api'), API_MAIN], {
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
    }),
  });
  await waitForLine(api, /listening on/, 60_000);
  const baseUrl = `http://127.0.0.1:${port}`;
  // The admin is seeded in the background after start-up, so sign-in may need a few tries.
  const session = await waitUntil(api, 'admin sign-in', async () => {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: secrets.adminEmail, password: secrets.adminPassword }),
      signal: AbortSignal.timeout(10_000),
    });
    return response.status === 200 ? response.json() : null;
  }, 60_000);
  if (typeof session.accessToken !== 'string') throw new Error(`sign-in gave no access token: ${JSON.stringify(session)}`);
  return { api, baseUrl, accessToken: session.accessToken };
}

/** The baseline; `withFeatures` adds helmet, CORS, rate limiting and request logging the plain Fastify way. */
async function startRawFastify(mongodbUri, secrets, { withFeatures = false } = {}) {
  const port = await freePort();
  const name = withFeatures ? 'fastify+features' : 'raw-fastify';
  const raw = startProcess(name, process.execPath, [...cpuProfile(name), RAW_SERVER], {
    cwd: ROOT,
    env: childEnv({ MONGODB_URI: mongodbUri, PORT: String(port), JWT_SECRET: secrets.jwtSecret, API_DIST, ...(withFeatures ? { FASTIFY_FEATURES: '1' } : {}) }),
  });
  await waitForLine(raw, /listening on/, 30_000);
  return { raw, baseUrl: `http://127.0.0.1:${port}` };
}

/** Both servers must give the same answer to the same token, or the comparison means nothing. */
async function checkSameAnswer(targets) {
  const bodies = [];
  for (const target of targets) {
    const response = await fetch(target.url, { headers: target.headers, signal: AbortSignal.timeout(10_000) });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${target.name} answered ${response.status}: ${body}`);
    target.responseBytes = body.length;
    target.headerCount = [...response.headers.keys()].length;
    bodies.push(JSON.parse(body));
  }
  const differing = bodies.findIndex((body) => !isDeepStrictEqual(body, bodies[0]));
  if (differing > 0) {
    throw new Error(`the servers disagree:\n${JSON.stringify(bodies[0])}\n${JSON.stringify(bodies[differing])}`);
  }
  return bodies[0];
}

const fixed = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function report(targets, results, idleMemory, memory, databaseMemory) {
  const rows = targets.map((target) => {
    const r = results.get(target.name);
    const m = memory.get(target.name);
    return {
      target: target.name,
      'req/s': fixed(r.requestsPerSecond),
      'p50 ms': fixed(r.p50Ms, 1),
      'p99 ms': fixed(r.p99Ms, 1),
      'server CPU ms/req': fixed(r.serverCpuMsPerRequest, 3),
      'db CPU ms/req': fixed(r.databaseCpuMsPerRequest, 3),
      'idle RSS MiB': fixed(idleMemory.get(target.name).rssMiB, 1),
      'RSS MiB': fixed(m.rssMiB, 1),
      'peak RSS MiB': fixed(m.peakRssMiB, 1),
      'response headers': target.headerCount,
    };
  });
  console.table(rows);
  console.log(`ferretdb RSS ${fixed(databaseMemory.rssMiB, 1)} MiB (peak ${fixed(databaseMemory.peakRssMiB, 1)} MiB)`);

  const raw = results.get('raw-fastify');
  const featured = results.get('fastify+features');
  const api = results.get('api');
  const ratio = api.requestsPerSecond / raw.requestsPerSecond;
  const within = ratio >= TARGET_RATIO;
  const cpuExtraUs = (a, b) => fixed((a.serverCpuMsPerRequest - b.serverCpuMsPerRequest) * 1000);
  console.log('');
  console.log(`throughput ratio api/raw = ${ratio.toFixed(3)} (target >= ${TARGET_RATIO}): ${within ? 'WITHIN' : 'OUTSIDE'} 15% of raw Fastify`);
  console.log(`p50 latency ratio api/raw = ${(api.p50Ms / raw.p50Ms).toFixed(2)}, p99 = ${(api.p99Ms / raw.p99Ms).toFixed(2)}`);
  console.log(`server CPU per request api/raw = ${(api.serverCpuMsPerRequest / raw.serverCpuMsPerRequest).toFixed(2)}x ` +
    `(+${cpuExtraUs(api, raw)} µs of framework work per request)`);
  // Where the gap comes from: the features every production API carries, and Nest (+ passport) itself.
  console.log(`  features (helmet, CORS, rate limit, request logger) in plain Fastify: throughput ${(featured.requestsPerSecond / raw.requestsPerSecond).toFixed(3)} of raw, ` +
    `+${cpuExtraUs(featured, raw)} µs CPU per request`);
  console.log(`  Nest + passport over plain Fastify with the same features: throughput ratio api/fastify+features = ` +
    `${(api.requestsPerSecond / featured.requestsPerSecond).toFixed(3)}, +${cpuExtraUs(api, featured)} µs CPU per request`);
  return { ratio, within };
}

async function main() {
  checkPrerequisites();
  const secrets = {
    jwtSecret: randomBytes(36).toString('base64url'),
    adminEmail: 'admin@tabletalk.local',
    adminPassword: randomBytes(18).toString('base64url'),
    // The API needs Vonage settings to start; /auth/me never calls Vonage, and the hosts point
    // at a closed loopback port so nothing could leave the machine anyway.
    vonage: {
      VONAGE_APPLICATION_ID: randomUUID(),
      VONAGE_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }).privateKey,
      VONAGE_SIGNATURE_SECRET: randomBytes(24).toString('base64url'),
      VONAGE_SANDBOX_URL: `http://127.0.0.1:${await freePort()}`,
    },
  };

  log('starting ferretdb');
  const { db, serverUri } = await startDatabase();
  // One database for both servers: the API seeds the admin, the baseline reads the same document.
  const mongodbUri = `${serverUri}/bench_api`;
  log('starting the API and signing in as the seeded admin');
  const { api, baseUrl: apiUrl, accessToken } = await startApi(mongodbUri, secrets);
  log('starting raw fastify, and fastify with the same features as the API');
  const { raw, baseUrl: rawUrl } = await startRawFastify(mongodbUri, secrets);
  const { raw: featured, baseUrl: featuredUrl } = await startRawFastify(mongodbUri, secrets, { withFeatures: true });

  const headers = { authorization: `Bearer ${accessToken}` };
  const targets = [
    { name: 'raw-fastify', pid: raw.child.pid, url: `${rawUrl}/api/auth/me`, headers },
    { name: 'fastify+features', pid: featured.child.pid, url: `${featuredUrl}/api/auth/me`, headers },
    { name: 'api', pid: api.child.pid, url: `${apiUrl}/api/auth/me`, headers },
  ];
  const user = await checkSameAnswer(targets);
  log(`both servers answer GET /api/auth/me with the same user (${user.email}, role ${user.role})`);

  const processes = { 'raw-fastify': raw, 'fastify+features': featured, api };
  const memoryNow = () => new Map(targets.map((target) => [target.name, memoryOf(processes[target.name])]));
  const idleMemory = memoryNow();
  const { connections, durationSeconds, warmupSeconds, rounds } = settings;
  const load = (target, seconds) => runLoad(target, { connections, durationSeconds: seconds, databasePid: db.child.pid });
  console.log(
    `GET /api/auth/me on 127.0.0.1, ${connections} connections, warm-up ${warmupSeconds} s each, ` +
      `${rounds} alternating rounds of ${durationSeconds} s each; Node ${process.version}, ${availableParallelism()} CPUs ` +
      '(load generator, server and ferretdb share them)',
  );

  for (const target of targets) {
    log(`warm-up ${target.name} (${warmupSeconds} s)`);
    await load(target, warmupSeconds);
  }
  const measured = new Map(targets.map((target) => [target.name, []]));
  for (let round = 0; round < rounds; round += 1) {
    // Alternating order (ABC, CBA, …), so no server always runs first (or on a warmer machine).
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const result = await load(target, durationSeconds);
      measured.get(target.name).push(result);
      log(`round ${round + 1} ${target.name}: ${fixed(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
    }
  }

  const results = new Map([...measured].map(([name, rs]) => [name, combineRounds(rs)]));
  const memory = memoryNow();
  report(targets, results, idleMemory, memory, memoryOf(db));
}

try {
  await main();
} catch (error) {
  console.error(`[bench] failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
