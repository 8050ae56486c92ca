#!/usr/bin/env node
// Does POST /api/auth/login take as long for an unknown email as for a wrong password?
// Issue #5: "Wrong credentials: 401, same answer for unknown email and wrong password, same timing."
// Sequential sign-in attempts of each kind in random order; the answers must be identical, and the
// latencies are compared with rank tests (paired by round, and unpaired) and bootstrap CIs. See bench/README.md.
//
// Usage (Node 24): node bench/login-timing.mjs
// Knobs: BENCH_SAMPLES (300 per kind), BENCH_WARMUP (20 per kind), BENCH_API_DIST, BENCH_CPU_PROF.
import mongoose from 'mongoose';
import { randomBytes, randomInt } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import {
  checkPrerequisites,
  log,
  positiveInt,
  postJson,
  runBenchmark,
  startApi,
  startDatabase,
  throwawaySecrets,
} from './lib/api-stack.mjs';
import {
  bootstrapMedian,
  bootstrapMedianDifference,
  mannWhitney,
  summarize,
  wilcoxonSignedRank,
} from './lib/stats.mjs';

const settings = {
  samples: positiveInt('BENCH_SAMPLES', 300),
  warmup: positiveInt('BENCH_WARMUP', 20),
};
const SIGNIFICANCE = 0.05;

// Every address has the same length, so no kind hashes or compares more bytes than another.
const address = (prefix) => `${prefix}-${randomBytes(6).toString('hex')}@bench.tabletalk.test`;
const password = () => randomBytes(15).toString('base64url'); // 20 characters

/**
 * What each kind of attempt sends and must get back. A failure either creates the address's
 * failure counter (its first failure) or updates it (later ones), so each unknown kind has a
 * known twin on the same path. The control differs on purpose (a real sign-in), to show the
 * method can see a difference.
 */
function attemptKinds({ known, control, firstFailureEmails }) {
  const unknownFixed = address('ghost');
  const unusedFirstFailure = firstFailureEmails.values();
  return [
    // The same known and unknown address again and again: both update a counter made in the warm-up.
    { name: 'wrong-password', expect: 401, credentials: () => ({ email: known.email, password: password() }) },
    { name: 'unknown-fixed', expect: 401, credentials: () => ({ email: unknownFixed, password: password() }) },
    // A new address each time, as an attacker probing addresses once sends: both create a counter.
    {
      name: 'known-first-failure',
      expect: 401,
      credentials: () => ({ email: unusedFirstFailure.next().value, password: password() }),
    },
    { name: 'unknown-fresh', expect: 401, credentials: () => ({ email: address('ghost'), password: password() }) },
    { name: 'correct-password (control)', expect: 200, credentials: () => control },
  ];
}

/**
 * Accounts identical to `email`'s (same password hash, role, everything) under new addresses, one
 * per first failure to measure. Copied in the database: registering hundreds through the API would
 * cost an argon2 hash each.
 */
async function cloneAccount(mongodbUri, email, count) {
  const connection = await mongoose.createConnection(mongodbUri).asPromise();
  try {
    const users = connection.collection('users');
    const original = await users.findOne({ email });
    if (!original) throw new Error(`the registered account ${email} is not in the database`);
    const emails = Array.from({ length: count }, () => address('first'));
    // Each clone its own phone: one account per phone number (a unique index).
    await users.insertMany(
      emails.map((cloneEmail, i) => ({
        ...original,
        _id: new mongoose.Types.ObjectId(),
        email: cloneEmail,
        phone: `+44771${String(i).padStart(7, '0')}`,
      })),
    );
    return emails;
  } finally {
    await connection.close();
  }
}

/** The failure answer without what differs per request by design (its request id). */
function comparableFailure(status, headers, body) {
  const { requestId, ...rest } = JSON.parse(body);
  if (typeof requestId !== 'string') throw new Error(`a 401 answer has no request id: ${body}`);
  return { status, contentType: headers.get('content-type'), headerNames: [...headers.keys()].sort(), body: rest };
}

/** One sign-in attempt, timed from sending the request to having read the whole answer. */
async function attempt(baseUrl, kind) {
  const body = JSON.stringify(kind.credentials());
  const started = process.hrtime.bigint();
  const response = await postJson(`${baseUrl}/api/auth/login`, body);
  const text = await response.text();
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (response.status !== kind.expect)
    throw new Error(`${kind.name} answered ${response.status} (expected ${kind.expect}): ${text}`);
  return { elapsedMs, answer: kind.expect === 401 ? comparableFailure(response.status, response.headers, text) : null };
}

// One account per phone number: each bench account gets its own (a run-random block, then a counter).
let phoneSeq = randomInt(0, 50) * 1_000;
async function register(baseUrl, account) {
  const response = await postJson(`${baseUrl}/api/auth/register`, {
    ...account,
    name: 'Bench Customer',
    phone: `+44770${String(phoneSeq++).padStart(7, '0')}`,
  });
  if (response.status !== 201)
    throw new Error(`registering ${account.email} answered ${response.status}: ${await response.text()}`);
}

function shuffled(items) {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

/**
 * Runs `perKind` rounds; each round makes one attempt of every kind in a new random order, so a
 * busier or quieter stretch of the machine falls on all kinds alike. Every failure answer must
 * equal the first one.
 */
async function measure(baseUrl, kinds, perKind, reference, onProgress) {
  const schedule = Array.from({ length: perKind }, () => shuffled(kinds)).flat();
  const latencies = new Map(kinds.map((kind) => [kind.name, []]));
  for (const [index, kind] of schedule.entries()) {
    const { elapsedMs, answer } = await attempt(baseUrl, kind);
    if (answer) {
      reference.answer ??= answer;
      if (!isDeepStrictEqual(answer, reference.answer)) {
        throw new Error(
          `${kind.name} answered differently:\n${JSON.stringify(reference.answer)}\n${JSON.stringify(answer)}`,
        );
      }
    }
    latencies.get(kind.name).push(elapsedMs);
    onProgress?.(index + 1, schedule.length);
  }
  return latencies;
}

const ms = (value, digits = 2) => value.toFixed(digits);
const pValue = (p) => (p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`);
const signed = (value, digits = 2) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;

/**
 * `name` against `baseline`. Unpaired: all attempts of each kind (Mann-Whitney U, bootstrap CI of
 * the median difference). Paired: attempts of the same round, made within a second or two of each
 * other, so the machine's slower swings cancel (Wilcoxon signed-rank, bootstrap CI of the median
 * paired difference); the verdict uses the paired view.
 */
function compare(latencies, name, baseline) {
  const a = latencies.get(name);
  const b = latencies.get(baseline);
  const pairedDifferences = a.map((value, round) => value - b[round]);
  const unpaired = { test: mannWhitney(a, b), ci: bootstrapMedianDifference(a, b) };
  const paired = { test: wilcoxonSignedRank(pairedDifferences), ci: bootstrapMedian(pairedDifferences) };
  return {
    name,
    baseline,
    ratio: summarize(a).median / summarize(b).median,
    unpaired,
    paired,
    differs: paired.test.p < SIGNIFICANCE,
  };
}

const interval = ({ low, high }) => `95% CI ${signed(low)}..${signed(high)} ms`;

function describe(c) {
  const { unpaired, paired } = c;
  return [
    `${c.name} vs ${c.baseline}: median ratio ${c.ratio.toFixed(3)}`,
    `  unpaired: median difference ${signed(unpaired.ci.estimate)} ms (${interval(unpaired.ci)}), ` +
      `Mann-Whitney z = ${unpaired.test.z.toFixed(2)}, p ${pValue(unpaired.test.p)}`,
    `  paired by round: median difference ${signed(paired.ci.estimate)} ms (${interval(paired.ci)}), ` +
      `Wilcoxon signed-rank z = ${paired.test.z.toFixed(2)}, p ${pValue(paired.test.p)}: ${c.differs ? 'DIFFERENT' : 'no difference detectable'}`,
  ].join('\n');
}

function verdict(c, n, what) {
  const { ci, test } = c.paired;
  const outcome = c.differs
    ? `TIMING DIFFERS (p ${pValue(test.p)}): an unknown address answers ${Math.abs(ci.estimate).toFixed(2)} ms ` +
      `${ci.estimate >= 0 ? 'slower' : 'faster'} (median paired difference)`
    : `no timing difference detectable at n=${n} (p ${pValue(test.p)})`;
  return `verdict (${what}): median unknown/wrong = ${c.ratio.toFixed(3)} (95% CI of paired difference ${signed(ci.low)}..${signed(ci.high)} ms): ${outcome}`;
}

async function main() {
  checkPrerequisites();
  const secrets = await throwawaySecrets();
  // FerretDB scans a collection on a field lookup, index or not; MongoDB uses the index. Both can be measured.
  const database = process.env.BENCH_MONGODB_URI
    ? 'MongoDB at BENCH_MONGODB_URI'
    : 'embedded FerretDB (SQLite backend)';
  log(`database: ${database}`);
  const serverUri = process.env.BENCH_MONGODB_URI?.replace(/\/+$/, '') ?? (await startDatabase()).serverUri;
  const mongodbUri = `${serverUri}/bench_login_${randomBytes(4).toString('hex')}`;
  try {
    await measureAndReport(mongodbUri, secrets, database);
  } finally {
    if (process.env.BENCH_MONGODB_URI) await dropBenchDatabase(mongodbUri);
  }
}

async function measureAndReport(mongodbUri, secrets, database) {
  log('starting the API');
  const { baseUrl } = await startApi(mongodbUri, secrets, {
    // No 429, no lock and no slow-down may interfere: every wrong attempt must reach the password check.
    // (The lock is checked before the hash; the slow-down delays known and unknown addresses alike.)
    AUTH_THROTTLE_LIMIT: '100000000',
    LOGIN_MAX_FAILURES: '1000000000',
    LOGIN_ACCOUNT_SLOW_AFTER: '1000000000',
  });

  const known = { email: address('known'), password: password() };
  const control = { email: address('owner'), password: password() };
  log('registering the known customer and the control customer');
  await register(baseUrl, known);
  await register(baseUrl, control);
  const { samples, warmup } = settings;
  const firstFailureEmails = await cloneAccount(mongodbUri, known.email, warmup + samples);
  const kinds = attemptKinds({ known, control, firstFailureEmails });
  const loadBefore = loadavg()[0];
  console.log(
    `database: ${database}, ${firstFailureEmails.length + 3} accounts, stored in this order: the admin, the known one, the control, the copies`,
  );
  console.log(
    `POST /api/auth/login on 127.0.0.1, one attempt at a time (keep-alive), ${samples} rounds of every kind in random order after ` +
      `${warmup} discarded rounds; Node ${process.version}, ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(2)} at start`,
  );

  const reference = {};
  log(`warm-up: ${warmup} attempts per kind`);
  await measure(baseUrl, kinds, warmup, reference);
  let lastShown = 0;
  const latencies = await measure(baseUrl, kinds, samples, reference, (done, total) => {
    const tenth = Math.floor((done * 10) / total);
    if (tenth > lastShown) log(`measured ${done}/${total}`);
    lastShown = tenth;
  });

  console.log(
    `every failure answered 401 with the same headers and body (request id aside): ${JSON.stringify(reference.answer.body)}`,
  );
  console.table(
    kinds.map((kind) => {
      const s = summarize(latencies.get(kind.name));
      return {
        kind: kind.name,
        answer: kind.expect,
        n: s.n,
        'median ms': ms(s.median),
        'p10 ms': ms(s.p10),
        'p90 ms': ms(s.p90),
        'mean ms': ms(s.mean),
      };
    }),
  );
  console.log(
    `load average ${loadBefore.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end (others' work adds noise to both sides alike)`,
  );
  console.log('');
  const fixed = compare(latencies, 'unknown-fixed', 'wrong-password');
  const fresh = compare(latencies, 'unknown-fresh', 'known-first-failure');
  // Not a leak by itself (an unknown address's first failure creates a counter too): what creating one costs.
  const newCounter = compare(latencies, 'known-first-failure', 'wrong-password');
  const controlled = compare(latencies, kinds.at(-1).name, 'wrong-password');
  for (const c of [fixed, fresh, newCounter, controlled]) console.log(describe(c));
  console.log(
    `sensitivity: the control ${controlled.differs ? 'WAS' : 'was NOT'} told apart ` +
      `(paired ${signed(controlled.paired.ci.estimate)} ms, p ${pValue(controlled.paired.test.p)}); ` +
      'median differences outside the intervals above would have shown at this n',
  );
  console.log('');
  console.log(verdict(fresh, samples, 'first failure of an address, as an attacker probing addresses once sends'));
  console.log(verdict(fixed, samples, 'the same address again, its failure counter already made'));
}

/** A MongoDB given by BENCH_MONGODB_URI outlives the run: drop the database this run made there. */
async function dropBenchDatabase(mongodbUri) {
  const connection = await mongoose.createConnection(mongodbUri).asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}

await runBenchmark(main);
