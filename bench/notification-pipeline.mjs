#!/usr/bin/env node
// The notification pipeline at Vonage's rate (issue #15): BENCH_MESSAGES texts queued at once
// (the outbox entries order status changes write), drained by two API instances through the
// Vonage sandbox, checked by the sandbox's own record of what it was sent (count by client_ref):
//   clean   — 0 lost, 0 duplicated, never more than MESSAGES_MAX_PER_SECOND in any 1-s window,
//             drain time against the rate's floor, GET /api/orders p99 during the drain vs idle;
//   faults  — the sandbox answers 30% 5xx, holds 10% past the API's timeout (the text still goes
//             out: the outcome is unknown to the API) and throws 429 bursts: still 0 lost, 0 duplicated;
//   kill    — one instance is killed (SIGKILL) mid-drain: still 0 lost, 0 duplicated.
// Knobs: BENCH_MESSAGES (10000), BENCH_FAULT_MESSAGES / BENCH_KILL_MESSAGES (BENCH_MESSAGES / 4),
// BENCH_RATE (30), BENCH_SCENARIOS (clean,faults,kill). See bench/README.md.
import autocannon from 'autocannon';
import { MongoClient } from 'mongodb';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { newVonageIdentity, sharedVonageEnv } from '../scripts/lib/dev-stack.mjs';
import {
  checkPrerequisites,
  childEnv,
  log,
  positiveInt,
  ROOT,
  runBenchmark,
  startApi,
  startDatabase,
  throwawaySecrets,
  writeResult,
} from './lib/api-stack.mjs';
import { freePort, startProcess, stopAll, waitForLine } from './lib/processes.mjs';

const MESSAGES = positiveInt('BENCH_MESSAGES', 10_000);
const RATE = positiveInt('BENCH_RATE', 30);
const settings = {
  messages: MESSAGES,
  rate: RATE,
  faultMessages: positiveInt('BENCH_FAULT_MESSAGES', Math.max(1, Math.floor(MESSAGES / 4))),
  killMessages: positiveInt('BENCH_KILL_MESSAGES', Math.max(1, Math.floor(MESSAGES / 4))),
  scenarios: (process.env.BENCH_SCENARIOS ?? 'clean,faults,kill').split(','),
};
const VONAGE_TIMEOUT_MS = 1500;

const vonageIdentity = newVonageIdentity;

async function startSandbox(identity, apiPort) {
  const port = await freePort();
  const sandbox = startProcess('sandbox', process.execPath, [join(ROOT, 'sandbox/dist/main.js')], {
    cwd: ROOT,
    env: childEnv({
      SANDBOX_PORT: String(port),
      SANDBOX_HOST: '127.0.0.1',
      ...sharedVonageEnv(identity),
      VONAGE_PUBLIC_KEY: identity.publicKey,
      // Receipts go to the instance that stays up (a send whose answer was lost is settled by its receipt).
      SANDBOX_STATUS_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/api/webhooks/messages/status`,
      SANDBOX_DELIVERY_DELAY_MS: '200',
    }),
  });
  await waitForLine(sandbox, /^http:\/\/\S+/, 30_000);
  const url = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const response = await fetch(`${url}/_sandbox${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : response.json();
  };
  return { sandbox, url, call };
}

/** The most sends that fall in any one-second window (sliding, by the sandbox's receive times). */
function busiestSecond(times) {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

async function latency(url, token, seconds) {
  const result = await autocannon({
    url,
    headers: { authorization: `Bearer ${token}` },
    connections: 2,
    duration: seconds,
  });
  if (result.non2xx || result.errors)
    throw new Error(`GET /api/orders: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { p50Ms: result.latency.p50, p99Ms: result.latency.p99, requests: result['2xx'] };
}

async function scenario(name, count) {
  log(`${name}: ${count} texts, MESSAGES_MAX_PER_SECOND=${RATE}, two API instances`);
  const secrets = await throwawaySecrets();
  const identity = vonageIdentity();
  const { db, serverUri } = await startDatabase();
  const mongodbUri = `${serverUri}/bench_pipeline`;
  const apiPorts = [await freePort(), await freePort()];
  const { sandbox, url: sandboxUrl, call } = await startSandbox(identity, apiPorts[0]);
  const apiEnv = {
    VONAGE_APPLICATION_ID: identity.applicationId,
    VONAGE_PRIVATE_KEY: identity.privateKey,
    VONAGE_API_KEY: identity.apiKey,
    VONAGE_API_SECRET: identity.apiSecret,
    VONAGE_SIGNATURE_SECRET: identity.signatureSecret,
    VONAGE_SANDBOX_URL: sandboxUrl,
    VONAGE_SANDBOX_ALLOWED: 'true',
    VONAGE_TIMEOUT_MS: String(VONAGE_TIMEOUT_MS),
    MESSAGES_MAX_PER_SECOND: String(RATE),
    // Bounded for a benchmark: a dead worker's entries come back after 5 s, an unknown outcome waits 5 s for its receipt.
    OUTBOX_LEASE_MS: '5000',
    MESSAGES_RECEIPT_GRACE_MS: '5000',
    OUTBOX_BACKOFF_BASE_MS: '200',
    OUTBOX_BACKOFF_MAX_MS: '5000',
    OUTBOX_MAX_ATTEMPTS: '30',
    ...(process.env.BENCH_OUTBOX_CONCURRENCY ? { OUTBOX_CONCURRENCY: process.env.BENCH_OUTBOX_CONCURRENCY } : {}),
  };
  const {
    api: first,
    baseUrl,
    accessToken,
  } = await startApi(mongodbUri, { ...secrets, vonage: {} }, apiEnv, { port: apiPorts[0] });
  const { api: second } = await startApi(mongodbUri, { ...secrets, vonage: {} }, apiEnv, { port: apiPorts[1] });
  const ordersUrl = `${baseUrl}/api/orders?limit=50`;
  const client = await new MongoClient(mongodbUri).connect();
  const outbox = client.db().collection('outbox');
  const result = { name, messages: count, rate: RATE };
  try {
    if (name === 'clean') result.idle = await latency(ordersUrl, accessToken, 5);

    const run = randomBytes(3).toString('hex');
    const now = new Date();
    const keys = [];
    for (let done = 0; done < count;) {
      const batch = [];
      for (; batch.length < 1000 && done < count; done++) {
        // One text per order, as a burst of status changes across orders is: the outbox runs one entry
        // of a group (`<key up to the last ':'>`, an order's texts) at a time, so keys sharing a group
        // would measure one customer's queue, not the pipeline.
        const key = `bench:${run}:${done}:0`;
        keys.push(key);
        batch.push({
          key,
          topic: 'messaging.send',
          payload: {
            channel: 'sms',
            to: `+4477009${String(10000 + (done % 90000)).padStart(5, '0')}`,
            text: `Order ${done} is ready`,
            orderId: `bench-${run}`,
            customerId: 'bench',
            event: 'ready',
          },
          status: 'pending',
          attempts: 0,
          availableAt: now,
          createdAt: now,
          updatedAt: now,
        });
      }
      await outbox.insertMany(batch, { ordered: false });
    }
    const queuedAt = Date.now();
    log(`${name}: ${count} entries queued`);

    let bursts;
    if (name === 'faults') {
      await call('POST', '/faults', {
        method: 'POST',
        path: '/v1/messages',
        status: 503,
        probability: 0.3,
        times: 1_000_000,
      });
      await call('POST', '/faults', {
        method: 'POST',
        path: '/v1/messages',
        delay_ms: VONAGE_TIMEOUT_MS * 2,
        probability: 0.1,
        times: 1_000_000,
      });
      // 429 bursts: every 3 s the next 5 sends are refused with Retry-After: 1.
      bursts = setInterval(
        () =>
          void call('POST', '/faults', {
            method: 'POST',
            path: '/v1/messages',
            status: 429,
            retry_after: 1,
            times: 5,
          }).catch(() => undefined),
        3000,
      );
    }
    let killed = false;
    const during =
      name === 'clean'
        ? latency(ordersUrl, accessToken, Math.max(5, Math.min(60, Math.floor(count / RATE / 2))))
        : null;

    // Drained when no entry is pending or sending; bounded by 3x the floor (at least 0.5 s a text) plus a minute.
    const deadline = queuedAt + Math.max((3 * count * 1000) / RATE, count * 500) + 60_000;
    let remaining = count;
    while (Date.now() < deadline) {
      await sleep(1000);
      remaining = await outbox.countDocuments({ key: { $in: keys }, status: { $in: ['pending', 'sending'] } });
      if (name === 'kill' && !killed && remaining < count * 0.7) {
        log(`kill: SIGKILL the second instance with ${remaining} entries left`);
        second.child.kill('SIGKILL');
        killed = true;
      }
      if (remaining === 0) break;
    }
    const drainedAt = Date.now();
    if (bursts) clearInterval(bursts);
    if (during) result.duringDrain = await during;
    if (remaining > 0) log(`${name}: ${remaining} entries still queued at the deadline`);

    // Late receipts settle before counting (they never add sends, but a retry waiting for one could).
    await sleep(name === 'clean' ? 500 : 8000);
    await call('DELETE', '/faults');
    const sent = await call('GET', '/messages');
    const ours = sent.filter((m) => m.client_ref?.startsWith(`bench:${run}:`));
    const byRef = new Map();
    for (const m of ours) byRef.set(m.client_ref, (byRef.get(m.client_ref) ?? 0) + 1);
    const failed = await outbox.countDocuments({ key: { $in: keys }, status: 'failed' });
    // Lost: the pipeline finished with an entry (done or failed for good) that Vonage never got.
    // Entries still queued at the deadline are not lost, only not drained in time: counted apart.
    const finished = new Set(
      (
        await outbox
          .find({ key: { $in: keys }, status: { $in: ['done', 'failed'] } }, { projection: { key: 1 } })
          .toArray()
      ).map((e) => e.key),
    );
    const times = ours.map((m) => Date.parse(m.time));
    const lastSend = Math.max(...times);
    Object.assign(result, {
      lost: keys.filter((key) => finished.has(key) && !byRef.has(key)).length,
      undrained: keys.filter((key) => !finished.has(key) && !byRef.has(key)).length,
      duplicated: [...byRef.values()].reduce((sum, n) => sum + (n - 1), 0),
      failedEntries: failed,
      stillQueued: remaining,
      busiestSecond: busiestSecond(times),
      drainSeconds: (Math.max(lastSend, drainedAt - 1000) - queuedAt) / 1000,
      sendSpanSeconds: (lastSend - queuedAt) / 1000,
      floorSeconds: count / RATE,
      killed,
    });
    result.drainVsFloor = result.sendSpanSeconds / result.floorSeconds;
    if (result.idle && result.duringDrain) result.p99Ratio = result.duringDrain.p99Ms / result.idle.p99Ms;
    log(
      `${name}: lost ${result.lost}, not drained in time ${result.undrained}, duplicated ${result.duplicated}, busiest second ${result.busiestSecond}, sends over ${result.sendSpanSeconds.toFixed(1)} s (floor ${result.floorSeconds.toFixed(1)} s)`,
    );
    return result;
  } finally {
    await client.close();
    await stopAll();
    void db;
    void sandbox;
    void first;
  }
}

async function main() {
  checkPrerequisites();
  const results = {};
  for (const name of settings.scenarios) {
    const count =
      name === 'clean' ? settings.messages : name === 'faults' ? settings.faultMessages : settings.killMessages;
    results[name] = await scenario(name, count);
  }
  console.log(
    `\nNotification pipeline (MESSAGES_MAX_PER_SECOND=${RATE}, two API instances, the sandbox counting by client_ref)`,
  );
  console.table(
    Object.values(results).map((r) => ({
      scenario: r.name,
      texts: r.messages,
      lost: r.lost,
      'not drained': r.undrained,
      duplicated: r.duplicated,
      'failed entries': r.failedEntries,
      'busiest 1-s window': r.busiestSecond,
      'sends over s': r.sendSpanSeconds.toFixed(1),
      'floor s': r.floorSeconds.toFixed(1),
      'x floor': r.drainVsFloor.toFixed(3),
      'orders p99 idle/drain ms': r.idle ? `${r.idle.p99Ms} / ${r.duringDrain.p99Ms}` : '',
    })),
  );
  writeResult({ settings, results });
}

await runBenchmark(main);
