#!/usr/bin/env node
// HTTP overhead of the TableTalk API against raw Fastify doing the same database work
// (GET /api/auth/me: verify an HS256 access token, findById the user, return JSON).
// Issue #3 target: the API keeps >= 85% of raw Fastify's throughput. See bench/README.md.
//
// Usage (Node 24): node bench/http-overhead.mjs
// Knobs: BENCH_CONNECTIONS (20), BENCH_DURATION_S (10), BENCH_WARMUP_S (5), BENCH_ROUNDS (2),
// BENCH_API_DIST (api/dist: the API build to measure), BENCH_CPU_PROF (a folder: profile the API).
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  API_DIST,
  ROOT,
  childEnv,
  checkPrerequisites,
  cpuProfile,
  log,
  positiveInt,
  runBenchmark,
  startApi,
  startDatabase,
  throwawaySecrets,
} from './lib/api-stack.mjs';
import { combineRounds, runLoad } from './lib/load.mjs';
import { freePort, memoryOf, startProcess, waitForLine } from './lib/processes.mjs';

const RAW_SERVER = join(ROOT, 'bench/servers/raw-fastify.mjs');

const TARGET_RATIO = 0.85;
const settings = {
  connections: positiveInt('BENCH_CONNECTIONS', 20),
  durationSeconds: positiveInt('BENCH_DURATION_S', 10),
  warmupSeconds: positiveInt('BENCH_WARMUP_S', 5),
  rounds: positiveInt('BENCH_ROUNDS', 2),
};

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
  const secrets = await throwawaySecrets();

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
  // One round per server runs back to back, so a round's ratio shares the machine's mood of the
  // moment; how far the rounds spread says how much the combined ratio above can be trusted.
  const perRound = measured.get('api').map((api, i) => (api.requestsPerSecond / measured.get('raw-fastify')[i].requestsPerSecond).toFixed(3));
  console.log(`api/raw per round: ${perRound.join(', ')} (a wide spread means a noisy machine: raise BENCH_ROUNDS)`);
}

await runBenchmark(main);
