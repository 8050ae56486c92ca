#!/usr/bin/env node
// Footprint (issue #15): the production API's ready time and idle memory, the dashboard's initial
// JavaScript as transferred (gzip), and the whole system run the production way (`npm run serve`).
//   node bench/footprint.mjs            (or: npm run footprint -w bench)
// Knobs: BENCH_FOOTPRINT_RUNS (3) API starts measured; BENCH_SERVE=0 skips the whole-system part.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { API_NODE_FLAGS } from '../scripts/production-flags.mjs';
import {
  API_DIST,
  checkPrerequisites,
  log,
  positiveInt,
  ROOT,
  runBenchmark,
  startApi,
  startDatabase,
  throwawaySecrets,
  writeResult,
} from './lib/api-stack.mjs';
import { freePort, memoryOf, startProcess, stopAll, waitForLine, waitUntil } from './lib/processes.mjs';

const runs = positiveInt('BENCH_FOOTPRINT_RUNS', 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fixed = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');

/** Every process of a tree (the serve script and what it started), from /proc. */
function treeOf(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  const all = [];
  const walk = (p) => {
    all.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return all;
}

function processName(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .slice(0, 3)
      .join(' ')
      .replace(ROOT + '/', '');
  } catch {
    return '?';
  }
}

/** The API as production runs it: started `runs` times, median ready time and idle RSS. */
async function apiFootprint() {
  const secrets = await throwawaySecrets();
  const { serverUri } = await startDatabase();
  const results = [];
  for (let i = 0; i < runs; i++) {
    const { api, readyMs } = await startApi(`${serverUri}/bench_footprint`, secrets, {}, { nodeArgs: API_NODE_FLAGS });
    await sleep(2000); // idle: start-up work (seeding, index builds, the first poll) has settled
    const idle = memoryOf(api);
    results.push({ readyMs, idleRssMiB: idle.rssMiB });
    log(`API start ${i + 1}: ready ${readyMs} ms, idle RSS ${fixed(idle.rssMiB, 1)} MiB`);
    api.child.kill('SIGTERM');
    await api.exited;
  }
  return {
    nodeFlags: API_NODE_FLAGS.join(' '),
    runs: results,
    readyMs: median(results.map((r) => r.readyMs)),
    idleRssMiB: median(results.map((r) => r.idleRssMiB)),
  };
}

/** Initial JavaScript of the built dashboard: the scripts index.html loads and preloads, gzip -9 as a server would send them. */
function dashboardFootprint() {
  const dist = join(ROOT, 'dashboard/dist/dashboard/browser');
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return { error: 'dashboard/dist is missing: npm run build -w dashboard' };
  const html = readFileSync(index, 'utf8');
  const files = [
    ...new Set(
      [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((m) => m[1]),
    ),
  ];
  const sizes = files.map((file) => {
    const bytes = readFileSync(join(dist, file));
    return { file, rawKiB: bytes.length / 1024, gzipKiB: gzipSync(bytes, { level: 9 }).length / 1024 };
  });
  const lazy = readdirSync(dist).filter((f) => f.endsWith('.js') && !files.includes(f));
  const lazyWith = (needle) => lazy.filter((f) => readFileSync(join(dist, f), 'utf8').includes(needle));
  const initialWith = (needle) => files.filter((f) => readFileSync(join(dist, f), 'utf8').includes(needle));
  return {
    files: sizes,
    rawKiB: sizes.reduce((s, x) => s + x.rawKiB, 0),
    gzipKiB: sizes.reduce((s, x) => s + x.gzipKiB, 0),
    // Marker strings of the two SDKs: they must be in lazy chunks only.
    nexmoClientInitial: initialWith('nexmoClient').length + initialWith('NexmoClient').length > 0,
    nexmoClientLazy: lazyWith('NexmoClient').length > 0,
    // The Video API client talks to *.tokbox.com: its code names the host.
    videoSdkInitial: initialWith('tokbox').length > 0,
    videoSdkLazy: lazyWith('tokbox').length > 0,
  };
}

/** `npm run serve` on free ports with a temporary data folder: ready time and idle RSS of every process. */
async function serveFootprint() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tabletalk-serve-'));
  const ports = { PORT: await freePort(), SANDBOX_PORT: await freePort(), DB_PORT: await freePort() };
  const startedAt = performance.now();
  const serve = startProcess('serve', process.execPath, [...API_NODE_FLAGS, join(ROOT, 'scripts/serve.mjs')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TABLETALK_DATA_DIR: dataDir,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    },
  });
  try {
    const base = `http://127.0.0.1:${ports.PORT}`;
    await waitForLine(serve, /\[serve\] TableTalk on/, 60_000);
    await waitUntil(
      serve,
      'health/ready and the dashboard',
      async () => {
        const [ready, page] = await Promise.all([fetch(`${base}/api/health/ready`), fetch(`${base}/`)]);
        if (ready.status !== 200) await ready.body?.cancel();
        return ready.status === 200 && page.status === 200 && (await page.text()).includes('<tt-root');
      },
      60_000,
      50,
    );
    const readyMs = Math.round(performance.now() - startedAt);
    await sleep(3000);
    const processes = treeOf(serve.child.pid)
      .map((pid) => ({ pid, name: processName(pid), rssMiB: memoryOf({ child: { pid } }).rssMiB }))
      .filter((p) => Number.isFinite(p.rssMiB));
    const rssMiB = processes.reduce((s, p) => s + p.rssMiB, 0);
    return { readyMs, rssMiB, processes };
  } finally {
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  checkPrerequisites();
  log(`API build ${API_DIST}, production flags: ${API_NODE_FLAGS.join(' ') || '(none)'}`);
  const api = await apiFootprint();
  await stopAll();
  const dashboard = dashboardFootprint();
  const serve = process.env.BENCH_SERVE === '0' ? null : await serveFootprint();

  console.log('\nFootprint');
  console.table([
    {
      what: `API ready (health/ready 200), median of ${runs}`,
      value: `${api.readyMs} ms`,
      runs: api.runs.map((r) => r.readyMs).join(', '),
    },
    {
      what: 'API idle RSS, median',
      value: `${fixed(api.idleRssMiB, 1)} MiB`,
      runs: api.runs.map((r) => fixed(r.idleRssMiB, 1)).join(', '),
    },
    {
      what: 'dashboard initial JS (gzip -9)',
      value:
        dashboard.error ??
        `${fixed(dashboard.gzipKiB, 1)} kB (raw ${fixed(dashboard.rawKiB, 1)} kB, ${dashboard.files.length} files)`,
      runs: '',
    },
    ...(serve
      ? [
          { what: 'npm run serve: ready (API + dashboard)', value: `${serve.readyMs} ms`, runs: '' },
          { what: 'npm run serve: idle RSS, all processes', value: `${fixed(serve.rssMiB, 1)} MiB`, runs: '' },
        ]
      : []),
  ]);
  if (serve) console.table(serve.processes.map((p) => ({ process: p.name, 'RSS MiB': fixed(p.rssMiB, 1) })));
  if (!dashboard.error) {
    console.log(
      `nexmo-client in the initial JS: ${dashboard.nexmoClientInitial ? 'YES' : 'no'}; in a lazy chunk: ${dashboard.nexmoClientLazy ? 'yes' : 'no'}`,
    );
    console.log(
      `Video API client in the initial JS: ${dashboard.videoSdkInitial ? 'YES' : 'no'}; in a lazy chunk: ${dashboard.videoSdkLazy ? 'yes' : 'no'}`,
    );
  }
  writeResult({ api, dashboard, serve });
}

await runBenchmark(main);
