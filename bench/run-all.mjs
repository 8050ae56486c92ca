#!/usr/bin/env node
// `npm run bench`: every benchmark, then one machine-readable line per issue-#15 target:
//   TARGET <name> <measured> <goal> PASS|FAIL
// The full tables come first (each benchmark prints its own). Each run is recorded in
// bench/results/<date>-<commit>.json and the latest run's lines replace the block in bench/README.md.
// Every benchmark is bounded (durations, counts, deadlines), loopback only, and stops what it started.
// Knobs: BENCH_ONLY (comma list of http,footprint,pipeline), and each benchmark's own (bench/README.md);
// the defaults here are sized for a ~20-minute run on a 2-core machine.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = (process.env.BENCH_ONLY ?? 'http,footprint,pipeline').split(',');
const tmp = mkdtempSync(join(tmpdir(), 'tabletalk-bench-all-'));
const defaults = (extra) => ({ ...extra, ...process.env });

function runChild(name, script, env) {
  const resultFile = join(tmp, `${name}.json`);
  return new Promise((resolve) => {
    console.log(`\n===== ${name}: node bench/${script} =====`);
    const child = spawn(process.execPath, [join(ROOT, 'bench', script)], {
      cwd: ROOT,
      env: { ...env, BENCH_RESULT_FILE: resultFile },
      stdio: 'inherit',
    });
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    child.on('exit', (code) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(
        existsSync(resultFile)
          ? { code, result: JSON.parse(readFileSync(resultFile, 'utf8')) }
          : { code, result: null },
      );
    });
  });
}

const targets = [];
const fmt = (v, d = 3) => (Number.isFinite(v) ? Number(v.toFixed(d)).toString() : 'n/a');
function target(name, measured, goal, pass, unit = '') {
  targets.push({
    name,
    measured: Number.isFinite(measured) ? measured : null,
    goal,
    pass: Boolean(pass) && Number.isFinite(measured),
    line: `TARGET ${name} ${fmt(measured)}${unit} ${goal} ${pass && Number.isFinite(measured) ? 'PASS' : 'FAIL'}`,
  });
}
const missing = (name, goal) =>
  targets.push({ name, measured: null, goal, pass: false, line: `TARGET ${name} n/a ${goal} FAIL` });

const started = new Date();
const loadBefore = loadavg();
const record = {
  started: started.toISOString(),
  node: process.version,
  loadAverageAtStart: loadBefore,
  benchmarks: {},
};

if (only.includes('http')) {
  const { result } = await runChild(
    'http-overhead',
    'http-overhead.mjs',
    defaults({
      BENCH_TWO_INSTANCES: '1',
      BENCH_DURATION_S: '8',
      BENCH_WARMUP_S: '3',
      BENCH_ROUNDS: '2',
      BENCH_ORDERS: '10000',
    }),
  );
  record.benchmarks.http = result;
  for (const [key, name] of [
    ['me', 'http-auth-me'],
    ['list', 'http-orders-list'],
    ['create', 'http-orders-create'],
  ]) {
    const route = result?.routes?.[key];
    if (!route || route.error) {
      missing(`${name}-api/raw`, '>=0.85');
      if (route?.error) console.log(`INFO ${name} not measured: ${route.error}`);
      continue;
    }
    target(`${name}-api/raw`, route.apiVsRaw.ratio, '>=0.85', route.apiVsRaw.ratio >= 0.85);
    console.log(
      `INFO ${name}-express/raw ${fmt(route.expressVsRaw.ratio)} (seed-style Express + mongodb driver; api/express ${fmt(route.apiVsExpress.ratio)}); api/raw rounds ${route.apiVsRaw.perRound.map((x) => fmt(x)).join(',')}`,
    );
    if (route.twoInstances)
      target(`${name}-2instances-api/raw`, route.twoInstances.ratio, '>=0.85', route.twoInstances.ratio >= 0.85);
  }
  if (result?.api) console.log(`INFO api-peak-rss-under-load ${fmt(result.api.peakRssMiB, 1)}MiB`);
}

if (only.includes('footprint')) {
  const { result } = await runChild('footprint', 'footprint.mjs', defaults({}));
  record.benchmarks.footprint = result;
  if (result?.api) {
    target('api-idle-rss', result.api.idleRssMiB, '<=150MiB', result.api.idleRssMiB <= 150, 'MiB');
    target('api-ready', result.api.readyMs, '<=2000ms', result.api.readyMs <= 2000, 'ms');
  } else {
    missing('api-idle-rss', '<=150MiB');
    missing('api-ready', '<=2000ms');
  }
  if (result?.dashboard && !result.dashboard.error) {
    target('dashboard-initial-js-gzip', result.dashboard.gzipKiB, '<=100kB', result.dashboard.gzipKiB <= 100, 'kB');
    target(
      'dashboard-nexmo-client-lazy',
      result.dashboard.nexmoClientInitial ? 1 : 0,
      '==0-in-initial',
      !result.dashboard.nexmoClientInitial,
    );
    if (result.dashboard.videoSdkInitial !== undefined)
      target(
        'dashboard-video-sdk-lazy',
        result.dashboard.videoSdkInitial ? 1 : 0,
        '==0-in-initial',
        !result.dashboard.videoSdkInitial,
      );
  } else missing('dashboard-initial-js-gzip', '<=100kB');
  if (result?.serve) {
    target('serve-idle-rss', result.serve.rssMiB, '<=400MiB', result.serve.rssMiB <= 400, 'MiB');
    target('serve-ready', result.serve.readyMs, '<=5000ms', result.serve.readyMs <= 5000, 'ms');
  } else {
    missing('serve-idle-rss', '<=400MiB');
    missing('serve-ready', '<=5000ms');
  }
}

if (only.includes('pipeline')) {
  const { result } = await runChild(
    'notification-pipeline',
    'notification-pipeline.mjs',
    defaults({ BENCH_MESSAGES: '300', BENCH_FAULT_MESSAGES: '100', BENCH_KILL_MESSAGES: '100' }),
  );
  record.benchmarks.pipeline = result;
  const r = result?.results ?? {};
  const rate = result?.settings?.rate ?? 30;
  if (r.clean) {
    target('pipeline-lost', r.clean.lost, '==0', r.clean.lost === 0);
    target('pipeline-drained', r.clean.undrained, '==0-left', r.clean.undrained === 0);
    target('pipeline-duplicated', r.clean.duplicated, '==0', r.clean.duplicated === 0);
    target('pipeline-busiest-second', r.clean.busiestSecond, `<=${rate}`, r.clean.busiestSecond <= rate);
    target('pipeline-drain/floor', r.clean.drainVsFloor, '<=1.1', r.clean.drainVsFloor <= 1.1);
    target('pipeline-orders-p99-drain/idle', r.clean.p99Ratio, '<=1.2', r.clean.p99Ratio <= 1.2);
    console.log(`INFO pipeline-messages ${r.clean.messages} (BENCH_MESSAGES; the issue's figure is 10000)`);
  } else
    [
      'pipeline-lost',
      'pipeline-duplicated',
      'pipeline-busiest-second',
      'pipeline-drain/floor',
      'pipeline-orders-p99-drain/idle',
    ].forEach((n) => missing(n, '?'));
  for (const name of ['faults', 'kill']) {
    if (r[name]) {
      target(`pipeline-${name}-lost`, r[name].lost, '==0', r[name].lost === 0);
      target(`pipeline-${name}-drained`, r[name].undrained, '==0-left', r[name].undrained === 0);
      target(`pipeline-${name}-duplicated`, r[name].duplicated, '==0', r[name].duplicated === 0);
    } else {
      missing(`pipeline-${name}-lost`, '==0');
      missing(`pipeline-${name}-duplicated`, '==0');
    }
  }
}

rmSync(tmp, { recursive: true, force: true });
record.finished = new Date().toISOString();
record.loadAverageAtEnd = loadavg();
record.targets = targets.map(({ line, ...t }) => t);
let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  if (execFileSync('git', ['status', '--porcelain'], { cwd: ROOT }).toString().trim()) commit += '-dirty';
} catch {
  // not a git checkout
}
record.commit = commit;
const resultsDir = join(ROOT, 'bench/results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `${started.toISOString().replace(/[:.]/g, '-').slice(0, 19)}-${commit}.json`);
writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);

console.log(
  `\nload average at start ${loadBefore.map((x) => x.toFixed(1)).join(' ')}, at end ${record.loadAverageAtEnd.map((x) => x.toFixed(1)).join(' ')}; recorded in ${file.replace(`${ROOT}/`, '')}`,
);
for (const t of targets) console.log(t.line);

// README: the latest run's lines between the markers.
const readme = join(ROOT, 'bench/README.md');
const text = readFileSync(readme, 'utf8');
const block = [
  '<!-- latest-run:start -->',
  `Latest \`npm run bench\`: ${record.started} on commit \`${commit}\`, Node ${process.version}, load average ${loadBefore.map((x) => x.toFixed(1)).join(' ')} at start (${file.replace(`${ROOT}/bench/`, '')}):`,
  '',
  '```',
  ...targets.map((t) => t.line),
  '```',
  '<!-- latest-run:end -->',
].join('\n');
if (text.includes('<!-- latest-run:start -->'))
  writeFileSync(readme, text.replace(/<!-- latest-run:start -->[\s\S]*<!-- latest-run:end -->/, block));
process.exitCode = 0;
