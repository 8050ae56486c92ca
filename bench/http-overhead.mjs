#!/usr/bin/env node
// HTTP overhead of the TableTalk API against baselines doing the same database work:
//   GET /api/auth/me (any signed-in user), GET /api/orders?limit=50 (staff, BENCH_ORDERS orders
//   in the database) and POST /api/orders (customer, 3 items).
// Baselines: raw Fastify + mongoose (issue #15's target: the API keeps >= 85% of its throughput)
// and the original demo's stack, Express + the `mongodb` driver, printed beside it with its ratio.
// BENCH_TWO_INSTANCES=1 adds the same figures for two API instances (and two raw Fastify) behind
// one local round-robin. Also measures the API's start-up (health/ready 200) and its memory.
// See bench/README.md.
import { MongoClient, ObjectId } from 'mongodb';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import {
  API_DIST,
  checkPrerequisites,
  childEnv,
  cpuProfile,
  log,
  positiveInt,
  postJson,
  ROOT,
  runBenchmark,
  startApi,
  startDatabase,
  throwawaySecrets,
  writeResult,
} from './lib/api-stack.mjs';
import { combineRounds, runLoad } from './lib/load.mjs';
import { freePort, memoryOf, outputTail, startProcess, waitForLine } from './lib/processes.mjs';

const TARGET_RATIO = 0.85;
const settings = {
  connections: positiveInt('BENCH_CONNECTIONS', 20),
  durationSeconds: positiveInt('BENCH_DURATION_S', 10),
  warmupSeconds: positiveInt('BENCH_WARMUP_S', 5),
  rounds: positiveInt('BENCH_ROUNDS', 2),
  orders: positiveInt('BENCH_ORDERS', 10_000),
  // Texts per seeded order (its latest shows in the list), written as the API records them. 0: none.
  listTexts: Number(process.env.BENCH_LIST_TEXTS ?? 1),
  features: process.env.BENCH_FEATURES === '1',
  twoInstances: process.env.BENCH_TWO_INSTANCES === '1',
  // The order list is database-bound on FerretDB (no index use: every request reads and sorts the
  // whole collection), and concurrent lists only slow each other down there: at 10,000 orders one
  // request took 11 s alone and 81 s with 4 at once (0.09 vs 0.05 req/s, load average 5). One
  // connection measures its throughput best.
  listConnections: positiveInt('BENCH_LIST_CONNECTIONS', 1),
  // One list request takes seconds on FerretDB at 10,000 orders (the page and its count each read
  // the whole collection): each server answers a fixed number of them per round (best a multiple
  // of the connections), each allowed BENCH_LIST_TIMEOUT_S.
  listRequests: positiveInt('BENCH_LIST_REQUESTS', 4),
  listTimeoutSeconds: positiveInt('BENCH_LIST_TIMEOUT_S', 120),
  // Writes queue on SQLite's single writer (and the disk): as many connections as the list.
  createConnections: positiveInt('BENCH_CREATE_CONNECTIONS', 4),
  // The list last: on FerretDB its whole-collection reads queue up and would slow whatever runs after them.
  routes: (process.env.BENCH_ROUTES ?? 'me,create,list').split(','),
};

const SERVER_SCRIPTS = {
  'raw-fastify': 'bench/servers/raw-fastify.mjs',
  'fastify+features': 'bench/servers/raw-fastify.mjs',
  'express-mongodb': 'bench/servers/express-mongodb.mjs',
};

async function startBaseline(name, mongodbUri, secrets, label = name) {
  const port = await freePort();
  const handle = startProcess(label, process.execPath, [...cpuProfile(label), join(ROOT, SERVER_SCRIPTS[name])], {
    cwd: ROOT,
    env: childEnv({
      MONGODB_URI: mongodbUri,
      PORT: String(port),
      JWT_SECRET: secrets.jwtSecret,
      API_DIST,
      ...(name === 'fastify+features' ? { FASTIFY_FEATURES: '1' } : {}),
    }),
  });
  await waitForLine(handle, /listening on/, 30_000);
  return { handle, baseUrl: `http://127.0.0.1:${port}` };
}

async function startRoundRobin(label, upstreams) {
  const port = await freePort();
  const handle = startProcess(label, process.execPath, [join(ROOT, 'bench/servers/round-robin.mjs')], {
    cwd: ROOT,
    env: childEnv({ PORT: String(port), UPSTREAMS: upstreams.join(',') }),
  });
  await waitForLine(handle, /listening on/, 10_000);
  return { handle, baseUrl: `http://127.0.0.1:${port}` };
}

/** A customer account (password sign-in: VERIFY_ENABLED=false in the bench) and its token. */
async function signUpCustomer(apiUrl) {
  const account = {
    email: 'bench-customer@tabletalk.local',
    phone: '+447700900555',
    password: 'bench-customer-password',
    name: 'Bench Customer',
  };
  const registered = await postJson(`${apiUrl}/api/auth/register`, account);
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${await registered.text()}`);
  const session = await postJson(`${apiUrl}/api/auth/login`, { email: account.email, password: account.password });
  if (session.status !== 200) throw new Error(`customer sign-in answered ${session.status}: ${await session.text()}`);
  return (await session.json()).accessToken;
}

/** BENCH_LIST_TEXTS delivered texts of an order, as the API records them (`_id` derived from the client_ref). */
function textsFor(order, objectIdFor) {
  const notifications = [];
  for (let i = 0; i < settings.listTexts; i++) {
    const clientRef = `order:${order._id.toHexString()}:${i}`;
    const at = new Date(order.createdAt.getTime() + i * 1000);
    notifications.push({
      _id: new ObjectId(objectIdFor('notification', clientRef).toHexString()),
      clientRef,
      orderId: order._id.toHexString(),
      customerId: order.customerId.toHexString(),
      event: i === 0 ? 'placed' : 'preparing',
      channel: 'sms',
      to: order.customerPhone,
      text: `Order #${order.number}: text ${i}`,
      state: 'delivered',
      messageUuid: null,
      error: null,
      attempts: 1,
      unconfirmedSendAt: null,
      history: ['queued', 'sent', 'delivered'].map((state) => ({ state, at })),
      resendOf: null,
      resentAs: null,
      fallbackOf: null,
      template: null,
      firstText: i === 0,
      createdAt: at,
      updatedAt: at,
      __v: 0,
    });
  }
  return notifications;
}

/**
 * BENCH_ORDERS orders in the database: one placed through the API, the rest copies of its document
 * (new id, number, key and time) written with the driver: placing 10,000 through HTTP would take minutes.
 * Each copy gets BENCH_LIST_TEXTS texts, so the list shows (and every server reads) a latest text.
 */
async function seedOrders(apiUrl, mongodbUri, customerToken, menuItemIds) {
  const response = await fetch(`${apiUrl}/api/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${customerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ items: menuItemIds.map((menuItemId) => ({ menuItemId, quantity: 1 })) }),
  });
  if (response.status !== 201)
    throw new Error(`placing the first order answered ${response.status}: ${await response.text()}`);
  const first = await response.json();
  const client = await new MongoClient(mongodbUri).connect();
  try {
    const db = client.db();
    const template = await db.collection('orders').findOne({ _id: new ObjectId(first.id) });
    // Copies are numbered after every order already there (the create route's too: a baseline's
    // numbers need not be below the one just placed), or the unique order number refuses them.
    const [highest] = await db.collection('orders').find({}).sort({ number: -1 }).limit(1).toArray();
    const base = Math.max(template.number, highest?.number ?? 0);
    const start = Date.now() - settings.orders * 60_000;
    const { objectIdFor } = await import(pathToFileURL(join(API_DIST, 'common/database/by-id.js')).href);
    for (let done = 1; done < settings.orders;) {
      const batch = [];
      const texts = [];
      for (; batch.length < 500 && done < settings.orders; done++) {
        const at = new Date(start + done * 60_000);
        batch.push({
          ...template,
          _id: new ObjectId(),
          number: base + done,
          idempotencyKey: `bench-seed-${done}`,
          createdAt: at,
          updatedAt: at,
          history: [{ ...template.history[0], at }],
        });
        texts.push(...textsFor(batch.at(-1), objectIdFor));
      }
      await db.collection('orders').insertMany(batch, { ordered: false });
      if (texts.length) await db.collection('notifications').insertMany(texts, { ordered: false });
    }
    // Orders placed during the run draw numbers after the copies.
    await db.collection('counters').updateOne({ _id: 'orders' }, { $set: { value: base - 1000 + settings.orders } });
    return await db.collection('orders').countDocuments();
  } finally {
    await client.close();
  }
}

/** Anything that differs per request (ids, order numbers, times) masked, so the shapes and values can be compared. */
function normalise(value, key) {
  if (Array.isArray(value)) return value.map((v) => normalise(v));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, k)]));
  if (['id', 'number', 'createdAt', 'updatedAt', 'at'].includes(key)) return `<${typeof value}>`;
  return value;
}

/** Every server must give the same answer to the same request, or the comparison means nothing. */
async function checkSameAnswer(targets) {
  const bodies = [];
  for (const target of targets) {
    const started = performance.now();
    const response = await fetch(target.url, {
      method: target.method ?? 'GET',
      headers: target.headers,
      body: target.body,
      signal: AbortSignal.timeout(180_000),
    });
    const body = await response.text();
    if (response.status >= 300) throw new Error(`${target.name} answered ${response.status}: ${body.slice(0, 500)}`);
    target.headerCount = [...response.headers.keys()].length;
    log(`${target.name}: one ${target.method ?? 'GET'} answered in ${(performance.now() - started).toFixed(1)} ms`);
    bodies.push(normalise(JSON.parse(body)));
  }
  const differing = bodies.findIndex((body) => !isDeepStrictEqual(body, bodies[0]));
  if (differing > 0)
    throw new Error(
      `${targets[differing].name} disagrees with ${targets[0].name}:\n${JSON.stringify(bodies[0]).slice(0, 1500)}\n${JSON.stringify(bodies[differing]).slice(0, 1500)}`,
    );
}

const fixed = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** Warm-up, then alternating rounds (ABC, CBA, …) so no server always runs first. */
async function measure(route, targets, databasePid, connections, bounded) {
  const { durationSeconds, warmupSeconds, rounds } = settings;
  const load = (target, seconds, warmUp = false) =>
    runLoad(target, {
      connections,
      durationSeconds: seconds,
      databasePid,
      warmUp,
      // Warm-up of a bounded route: one request per connection.
      bounded: bounded && (warmUp ? { ...bounded, amount: connections } : bounded),
    }).catch((error) => {
      throw new Error(`${error.message}${target.handle ? outputTail(target.handle) : ''}`);
    });
  for (const target of targets) {
    log(`${route}: warm-up ${target.name} (${bounded ? `${connections} requests` : `${warmupSeconds} s`})`);
    await load(target, warmupSeconds, true);
  }
  const measured = new Map(targets.map((target) => [target.name, []]));
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      await sleep(1000); // the previous server's last answers settle (they share the database)
      const result = await load(target, durationSeconds);
      measured.get(target.name).push(result);
      log(
        `${route} round ${round + 1} ${target.name}: ${fixed(result.requestsPerSecond, result.requestsPerSecond < 10 ? 2 : 0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
      );
    }
  }
  return measured;
}

function table(route, targets, measured) {
  const results = new Map([...measured].map(([name, rs]) => [name, combineRounds(rs)]));
  console.log(`\n${route}`);
  console.table(
    targets.map((target) => {
      const r = results.get(target.name);
      const m = target.pids.map((pid) => memoryOf({ child: { pid } }));
      return {
        target: target.name,
        // Two decimals where a request takes seconds (the order list on FerretDB).
        'req/s': fixed(r.requestsPerSecond, r.requestsPerSecond < 10 ? 2 : 0),
        'p50 ms': fixed(r.p50Ms, 1),
        'p99 ms': fixed(r.p99Ms, 1),
        'server CPU ms/req': fixed(r.serverCpuMsPerRequest, 3),
        'db CPU ms/req': fixed(r.databaseCpuMsPerRequest, 3),
        'RSS MiB': fixed(
          m.reduce((s, x) => s + x.rssMiB, 0),
          1,
        ),
        'peak RSS MiB': fixed(Math.max(...m.map((x) => x.peakRssMiB)), 1),
        headers: target.headerCount,
      };
    }),
  );
  return results;
}

function ratios(route, results, measured, base, other) {
  const ratio = results.get(other).requestsPerSecond / results.get(base).requestsPerSecond;
  const cpu = results.get(other).serverCpuMsPerRequest / results.get(base).serverCpuMsPerRequest;
  const perRound = measured.get(other).map((r, i) => r.requestsPerSecond / measured.get(base)[i].requestsPerSecond);
  console.log(
    `  ${other}/${base}: throughput ${ratio.toFixed(3)} (rounds ${perRound.map((x) => x.toFixed(3)).join(', ')}), server CPU per request ${cpu.toFixed(2)}x`,
  );
  return { ratio, cpuRatio: cpu, perRound, min: Math.min(...perRound), max: Math.max(...perRound) };
}

async function main() {
  checkPrerequisites();
  const secrets = await throwawaySecrets();
  log('starting ferretdb');
  const { db, serverUri } = await startDatabase();
  const mongodbUri = `${serverUri}/bench_api`;
  log('starting the API (production build, outbox worker off: the routes measured do not wait for it)');
  const apiEnv = { OUTBOX_WORKER_ENABLED: 'false' };
  const { api, baseUrl: apiUrl, accessToken: staffToken, readyMs } = await startApi(mongodbUri, secrets, apiEnv);
  const apiIdle = memoryOf(api);
  log(`API ready ${readyMs} ms after start, idle RSS ${fixed(apiIdle.rssMiB, 1)} MiB`);

  const customerToken = await signUpCustomer(apiUrl);
  const menu = await (await fetch(`${apiUrl}/api/menu`, { headers: { authorization: `Bearer ${staffToken}` } })).json();
  const menuItemIds = (Array.isArray(menu) ? menu : menu.items)
    .filter((item) => item.available)
    .slice(0, 3)
    .map((item) => item.id);
  if (menuItemIds.length < 3) throw new Error('the seeded menu has fewer than 3 available items');

  const baselines = ['raw-fastify', 'express-mongodb', ...(settings.features ? ['fastify+features'] : [])];
  const servers = { api: { handle: api, baseUrl: apiUrl } };
  for (const name of baselines) servers[name] = await startBaseline(name, mongodbUri, secrets);
  const idle = Object.fromEntries(Object.entries(servers).map(([name, s]) => [name, memoryOf(s.handle)]));
  if (settings.twoInstances) {
    log('starting a second API instance and a second raw fastify, each pair behind a round-robin');
    const { api: api2, baseUrl: api2Url } = await startApi(mongodbUri, secrets, {
      ...apiEnv,
      ADMIN_EMAIL: secrets.adminEmail,
    });
    const raw2 = await startBaseline('raw-fastify', mongodbUri, secrets, 'raw-fastify#2');
    const apiPair = await startRoundRobin('round-robin api', [apiUrl, api2Url]);
    const rawPair = await startRoundRobin('round-robin raw', [servers['raw-fastify'].baseUrl, raw2.baseUrl]);
    servers['api x2'] = { ...apiPair, pids: [api.child.pid, api2.child.pid, apiPair.handle.child.pid] };
    servers['raw-fastify x2'] = {
      ...rawPair,
      pids: [servers['raw-fastify'].handle.child.pid, raw2.handle.child.pid, rawPair.handle.child.pid],
    };
  }

  const routes = {
    me: { label: 'GET /api/auth/me (staff)', path: '/api/auth/me', headers: { authorization: `Bearer ${staffToken}` } },
    list: {
      label: `GET /api/orders?limit=50 (staff, ${settings.orders} orders, ${settings.listConnections} connections, ${settings.listRequests} requests a round)`,
      connections: settings.listConnections,
      bounded: { amount: settings.listRequests, timeoutSeconds: settings.listTimeoutSeconds },
      path: '/api/orders?limit=50',
      headers: { authorization: `Bearer ${staffToken}` },
    },
    create: {
      label: `POST /api/orders (customer, 3 items, ${settings.createConnections} connections)`,
      connections: settings.createConnections,
      path: '/api/orders',
      method: 'POST',
      headers: { authorization: `Bearer ${customerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: menuItemIds.map((menuItemId, i) => ({ menuItemId, quantity: i + 1 })) }),
    },
  };
  console.log(
    `HTTP overhead on 127.0.0.1: ${settings.connections} connections, warm-up ${settings.warmupSeconds} s, ${settings.rounds} alternating rounds of ${settings.durationSeconds} s; ` +
      `Node ${process.version}, ${availableParallelism()} CPUs shared by the load generator, the servers and ferretdb; load average at start ${(
        await import('node:os')
      )
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
  );

  const result = { settings, api: { readyMs, idleRssMiB: apiIdle.rssMiB }, idle: {}, routes: {} };
  for (const [name, m] of Object.entries(idle)) result.idle[name] = m.rssMiB;
  for (const key of settings.routes) {
    const route = routes[key];
    // The orders are seeded just before the list: POST /api/orders (before it in the default order) is
    // measured on a new restaurant's database; on FerretDB, 10,000 orders made each create take longer
    // than a round (0 answers: n/a).
    if (key === 'list')
      log(
        `seeding ${settings.orders} orders: ${await seedOrders(apiUrl, mongodbUri, customerToken, menuItemIds)} in the database`,
      );
    const single = ['raw-fastify', 'express-mongodb', ...(settings.features ? ['fastify+features'] : []), 'api'];
    const names = [...single, ...(settings.twoInstances ? ['raw-fastify x2', 'api x2'] : [])];
    const targets = names.map((name) => ({
      name,
      pid: servers[name].pids ?? servers[name].handle.child.pid,
      pids: servers[name].pids ?? [servers[name].handle.child.pid],
      handle: servers[name].handle,
      url: `${servers[name].baseUrl}${route.path}`,
      method: route.method,
      headers: route.headers,
      body: route.body,
    }));
    try {
      await checkSameAnswer(targets);
      const measured = await measure(
        route.label,
        targets,
        db.child.pid,
        route.connections ?? settings.connections,
        route.bounded,
      );
      const results = table(route.label, targets, measured);
      const entry = { label: route.label, servers: Object.fromEntries([...results].map(([n, r]) => [n, r])) };
      entry.apiVsRaw = ratios(route.label, results, measured, 'raw-fastify', 'api');
      entry.expressVsRaw = ratios(route.label, results, measured, 'raw-fastify', 'express-mongodb');
      entry.apiVsExpress = ratios(route.label, results, measured, 'express-mongodb', 'api');
      if (settings.features) entry.apiVsFeatures = ratios(route.label, results, measured, 'fastify+features', 'api');
      if (settings.twoInstances)
        entry.twoInstances = ratios(route.label, results, measured, 'raw-fastify x2', 'api x2');
      entry.apiPeakRssMiB = memoryOf(api).peakRssMiB;
      console.log(
        `  api/raw = ${entry.apiVsRaw.ratio.toFixed(3)} (target >= ${TARGET_RATIO}): ${entry.apiVsRaw.ratio >= TARGET_RATIO ? 'WITHIN' : 'OUTSIDE'} 15% of raw Fastify`,
      );
      result.routes[key] = entry;
    } catch (error) {
      // One route failing (a timeout on a slow database) does not lose the others' figures.
      log(`${route.label} could not be measured: ${error.message}`);
      result.routes[key] = { label: route.label, error: error.message };
    }
    writeResult(result);
  }
  result.api.peakRssMiB = memoryOf(api).peakRssMiB;
  result.database = memoryOf(db);
  console.log(
    `\nAPI: ready ${readyMs} ms after start, idle RSS ${fixed(apiIdle.rssMiB, 1)} MiB, peak RSS under load ${fixed(result.api.peakRssMiB, 1)} MiB; ferretdb RSS ${fixed(result.database.rssMiB, 1)} MiB`,
  );
  writeResult(result);
}

await runBenchmark(main);
