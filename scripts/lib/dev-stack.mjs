// The one way this repository starts its pieces outside production images: the Vonage application
// identity (key pair and secrets), the embedded FerretDB, the Vonage sandbox and the API, and their
// teardown. Used by scripts/ (start, serve, contract), bench/, the api e2e set-up and the sandbox tests.
// Plain ESM with JSDoc types: node scripts import it as is, TypeScript reads the types (allowJs),
// and Jest (CommonJS through SWC) loads it through Node's require(esm).
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const FERRETDB_BIN = join(ROOT, '.bin/ferretdb');
export const SANDBOX_MAIN = join(ROOT, 'sandbox/dist/main.js');
export const API_MAIN = join(ROOT, 'api/dist/main.js');

/**
 * @typedef {object} KeyPair
 * @property {string} privateKey PKCS#8 PEM (what VONAGE_PRIVATE_KEY takes)
 * @property {string} publicKey SPKI PEM (what the sandbox's VONAGE_PUBLIC_KEY takes)
 */

/** An RSA key pair as Vonage applications use (2048 bits, RS256). Slow (~100 ms): make one per run. */
/** @returns {KeyPair} */
export function generateKeyPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
}

/**
 * @typedef {object} VonageIdentity A Vonage application identity: the API signs with it, the sandbox verifies.
 * @property {string} applicationId
 * @property {string} privateKey PEM
 * @property {string} publicKey PEM
 * @property {string} apiKey
 * @property {string} apiSecret
 * @property {string} signatureSecret
 */

/** A throwaway identity, in memory only. @returns {VonageIdentity} */
export function newVonageIdentity() {
  return {
    applicationId: randomUUID(),
    ...generateKeyPair(),
    apiKey: randomBytes(4).toString('hex'),
    apiSecret: randomBytes(12).toString('base64url'),
    signatureSecret: randomBytes(24).toString('base64url'),
  };
}

/**
 * @typedef {object} LocalVonage An identity kept on disk, by file path for the keys.
 * @property {string} applicationId
 * @property {string} apiKey
 * @property {string} apiSecret
 * @property {string} signatureSecret
 * @property {string} privateKeyPath
 * @property {string} publicKeyPath
 */

/**
 * The local Vonage identity of a data folder (`<dataDir>/vonage`): made on first use, then reused so
 * restarts (and tokens already issued) keep working. With real Vonage credentials it is not used.
 * @param {string} dataDir
 * @returns {LocalVonage}
 */
export function ensureLocalVonage(dataDir) {
  const dir = join(dataDir, 'vonage');
  const file = join(dir, 'application.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey, publicKey, ...application } = newVonageIdentity();
    writeFileSync(join(dir, 'private.key'), privateKey, { mode: 0o600 });
    writeFileSync(join(dir, 'public.key'), publicKey);
    writeFileSync(file, JSON.stringify(application, null, 2), { mode: 0o600 });
  }
  const application = JSON.parse(readFileSync(file, 'utf8'));
  return { ...application, privateKeyPath: join(dir, 'private.key'), publicKeyPath: join(dir, 'public.key') };
}

/** The environment both the API and the sandbox need to agree on the identity. @param {{ applicationId: string, apiKey: string, apiSecret: string, signatureSecret: string }} identity */
export function sharedVonageEnv(identity) {
  return {
    VONAGE_APPLICATION_ID: identity.applicationId,
    VONAGE_API_KEY: identity.apiKey,
    VONAGE_API_SECRET: identity.apiSecret,
    VONAGE_SIGNATURE_SECRET: identity.signatureSecret,
  };
}

/** A port that was free a moment ago on loopback (the OS picks it). @returns {Promise<number>} */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  return address.port;
}

/** A fresh temporary folder, in RAM when /dev/shm exists. @param {string} prefix */
export function makeTempDir(prefix) {
  return mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), prefix));
}

/**
 * FerretDB's command-line arguments, for callers that run the binary themselves (under
 * keep-running, or a benchmark that measures the process). SQLite files in `dataDir`: FerretDB's
 * own in-memory mode locks a database for good with several writers (requests hang forever).
 * @param {{ port?: number, dataDir: string }} options port 0: a free one (FerretDB prints its URI)
 */
export function ferretDbArgs({ port = 0, dataDir }) {
  return ['-listen-addr', `127.0.0.1:${port}`, '-data-dir', dataDir, '-log-level', 'error'];
}

/** @param {string} what @param {string} file @param {string} hint */
function requireFile(what, file, hint) {
  if (!existsSync(file)) throw new Error(`${what} is missing (${file}): ${hint}`);
}

/**
 * @typedef {object} RunningProcess
 * @property {import('node:child_process').ChildProcess} process
 * @property {() => Promise<void>} stop SIGTERM, SIGKILL after a grace period; resolves once it is gone
 */

/**
 * @typedef {RunningProcess & { uri: string, dataDir: string }} RunningDatabase
 * uri: the server's MongoDB URI (no database path); dataDir: where its SQLite files are (a restart
 * with the same dataDir finds the same data).
 */

/**
 * Starts the embedded FerretDB and resolves once it listens (it prints its URI when bound).
 * @param {{ port?: number, dataDir?: string, keepData?: boolean }} [options] without dataDir, a fresh
 *   temporary one; the data folder is removed on stop unless keepData
 * @returns {Promise<RunningDatabase>}
 */
export async function startFerretDb({ port = 0, dataDir, keepData = false } = {}) {
  requireFile('the embedded FerretDB', FERRETDB_BIN, 'run scripts/bootstrap.sh (it builds it)');
  const dir = dataDir ?? makeTempDir('tabletalk-ferretdb-');
  const child = spawnTracked(FERRETDB_BIN, ferretDbArgs({ port, dataDir: dir }), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [uri] = await firstLine(child, 'ferretdb', /^mongodb:\/\/\S+/, 30_000);
  return {
    uri: uri.replace(/\/+$/, ''),
    dataDir: dir,
    process: child,
    stop: async () => {
      await stopProcess(child);
      if (!keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * @typedef {RunningProcess & { url: string }} RunningSandbox
 */

/**
 * Starts the built Vonage sandbox (sandbox/dist/main.js) trusting `identity`; resolves with its URL.
 * @param {Omit<VonageIdentity, 'privateKey'>} identity
 * @param {{ port?: number, env?: Record<string, string | undefined>, logPrefix?: string }} [options]
 *   port 0: a free one, read from the URL the sandbox prints; logPrefix: its output goes to ours,
 *   each line prefixed `[logPrefix] ` (otherwise only its stderr is kept, for a start-up error)
 * @returns {Promise<RunningSandbox>}
 */
export async function startSandbox(identity, { port = 0, env = {}, logPrefix } = {}) {
  requireFile('the built sandbox', SANDBOX_MAIN, 'run `npm run build -w sandbox`');
  const child = spawnTracked(process.execPath, [SANDBOX_MAIN], {
    env: {
      ...process.env,
      // The caller's NODE_OPTIONS (Jest's --experimental-vm-modules) are not the sandbox's.
      NODE_OPTIONS: '',
      SANDBOX_PORT: String(port),
      SANDBOX_HOST: '127.0.0.1',
      ...sharedVonageEnv(identity),
      VONAGE_PUBLIC_KEY: identity.publicKey,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (logPrefix) prefixOutput(child, logPrefix);
  const [url] = await firstLine(child, 'sandbox', /^https?:\/\/\S+/, 30_000);
  return { url, process: child, stop: () => stopProcess(child) };
}

/**
 * @typedef {RunningProcess & { url: string }} RunningApi url: the API's origin (routes are under /api)
 */

/**
 * Starts the API, built (`node api/dist/main.js`) or from source with rebuilds on change (`dev`),
 * and resolves once GET /api/health/ready answers 200 (up and its database reachable).
 * @param {{ port: number, env?: Record<string, string | undefined>, dev?: boolean, nodeArgs?: string[], main?: string, timeoutMs?: number, logPrefix?: string }} options
 *   logPrefix: each line of its output prefixed `[logPrefix] ` (otherwise written as is)
 * @returns {Promise<RunningApi>}
 */
export async function startApi({
  port,
  env = {},
  dev = false,
  nodeArgs = [],
  main = API_MAIN,
  timeoutMs = 120_000,
  logPrefix,
}) {
  if (!dev) requireFile('the built API', main, 'run `npm run build -w api`');
  const [command, args] = dev
    ? ['npx', ['nest', 'start', '--watch', '--preserveWatchOutput']]
    : [process.execPath, [...nodeArgs, main]];
  // Its own process group: `dev` is npx → nest → node, and stopping must reach the last one.
  const child = spawnTracked(command, args, {
    cwd: dev ? ROOT : dirname(dirname(main)),
    env: { ...process.env, NODE_OPTIONS: '', ...env, PORT: String(port) },
    stdio: ['ignore', logPrefix ? 'pipe' : 'inherit', logPrefix ? 'pipe' : 'inherit'],
    detached: true,
  });
  if (logPrefix) prefixOutput(child, logPrefix);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(`${url}/api/health/ready`, { timeoutMs, child });
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { url, process: child, stop: () => stopProcess(child) };
}

/**
 * Polls `url` until it answers 2xx; fails early when `child` exits first. Every 50 ms: a 250-ms
 * pause added up to a quarter of a second to every start (`npm run serve`, test set-ups) for the
 * price of a few refused connections or 503s, which cost the starting API next to nothing.
 * @param {string} url
 * @param {{ timeoutMs?: number, child?: import('node:child_process').ChildProcess, intervalMs?: number }} [options]
 */
export async function waitForReady(url, { timeoutMs = 120_000, child, intervalMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`exited (${child.signalCode ?? child.exitCode}) before ${url} answered`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = /** @type {Error} */ (error).message;
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last})`);
}

/**
 * Spawns a child and registers it for the last-resort kill when this process exits. `detached`
 * gives it its own process group, which stopProcess then signals as a whole (for a child that
 * starts children of its own); otherwise it stays in ours, so a Ctrl-C in the terminal reaches it.
 * @param {string} command @param {string[]} args @param {import('node:child_process').SpawnOptions} options
 */
export function spawnTracked(command, args, options) {
  const child = spawn(command, args, options);
  if (options.detached) groups.add(child);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
/** @type {WeakSet<import('node:child_process').ChildProcess>} */
const groups = new WeakSet();
// Whatever ends this process, nothing started through here outlives it.
process.once('exit', () => {
  for (const child of running) signalChild(child, 'SIGKILL');
});

/**
 * Sends `signal` to a child's whole process group (a child spawned detached is its group's leader).
 * @param {import('node:child_process').ChildProcess} child @param {NodeJS.Signals} signal
 */
export function killGroup(child, signal) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** @param {import('node:child_process').ChildProcess} child @param {NodeJS.Signals} signal */
function signalChild(child, signal) {
  if (groups.has(child)) killGroup(child, signal);
  else child.kill(signal);
}

/**
 * SIGTERM (to its process group when it has one), SIGKILL after `graceMs`; resolves once the child is gone.
 * @param {import('node:child_process').ChildProcess} child @param {number} [graceMs]
 */
export async function stopProcess(child, graceMs = 5_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signalChild(child, 'SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(graceMs, false, { ref: false })]);
  if (!stopped) {
    signalChild(child, 'SIGKILL');
    await exited;
  }
}

/**
 * Copies a piped child's output to ours, each line prefixed `[name] `.
 * @param {import('node:child_process').ChildProcess} child @param {string} name
 */
export function prefixOutput(child, name) {
  /** @param {Buffer} chunk */
  const prefix = (chunk) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((line) => `[${name}] ${line}\n`)
      .join('');
  child.stdout?.on('data', (chunk) => process.stdout.write(prefix(chunk)));
  child.stderr?.on('data', (chunk) => process.stderr.write(prefix(chunk)));
}

/**
 * Resolves with the first stdout line matching `pattern` (the line's match); rejects when the child
 * exits or errors first, or after `timeoutMs`, with what it wrote to stderr (when piped).
 * @param {import('node:child_process').ChildProcess} child @param {string} name @param {RegExp} pattern @param {number} timeoutMs
 * @returns {Promise<RegExpMatchArray>}
 */
function firstLine(child, name, pattern, timeoutMs) {
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4_000)));
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (/** @type {string} */ why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stopProcess(child);
      reject(new Error(`${name} ${why}${stderr ? `: ${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`was not ready within ${timeoutMs} ms`), timeoutMs);
    // Kept reading after the match: a full pipe would stall the child on its next write.
    const lines = createInterface({ input: /** @type {NodeJS.ReadableStream} */ (child.stdout) });
    lines.on('line', (line) => {
      const match = settled ? null : line.trim().match(pattern);
      if (!match) return;
      settled = true;
      clearTimeout(timer);
      resolve(match);
    });
    child.once('exit', (code, signal) => fail(`exited early (${signal ?? code})`));
    child.once('error', (error) => fail(`could not start: ${error.message}`));
  });
}
