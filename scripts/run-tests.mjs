#!/usr/bin/env node
// Runs every test suite of the repository in turn (all of them, even after a failure),
// then prints one summary: per suite, and a closing "N passed, N failed" line.
//   node scripts/run-tests.mjs [suite ...]   e.g. `api-unit dashboard`; default: all
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killGroup } from './lib/dev-stack.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = mkdtempSync(join(tmpdir(), 'tabletalk-tests-'));
// A suite that hangs (a leaked handle keeping Jest alive, a server that never answers) fails
// after this long instead of holding CI until its own limit.
const SUITE_TIMEOUT_MS = Number(process.env.TEST_SUITE_TIMEOUT_S ?? 900) * 1000;
const vmModules = { NODE_OPTIONS: '--experimental-vm-modules --no-warnings=ExperimentalWarning' };

/** Counts from Jest's --json report. */
const jestCounts = (file) => () => {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + report.numRuntimeErrorTestSuites,
    skipped: report.numPendingTests,
  };
};

/** Counts from Vitest's summary line ("Tests  12 passed | 1 failed (13)"), as printed by `ng test`. */
const vitestCounts = (output) => {
  /* eslint-disable no-control-regex -- strips the ANSI colour codes (ESC [ ... m) that ng test prints */
  const line = output.split('\n').find((l) => /^\s*Tests\s+\d/.test(l.replace(/\x1b\[[0-9;]*m/g, '')));
  const clean = (line ?? '').replace(/\x1b\[[0-9;]*m/g, '');
  /* eslint-enable no-control-regex */
  const count = (word) => Number(clean.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
};

/** Counts from node:test's closing lines ("ℹ pass 6", "ℹ fail 0", "ℹ skipped 0"). */
const nodeTestCounts = (output) => {
  const count = (word) => Number(output.match(new RegExp(`^ℹ ${word} (\\d+)$`, 'm'))?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail'), skipped: count('skipped') };
};

/** Counts from Playwright's JSON reporter. */
const playwrightCounts = (file) => () => {
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
};

/** Lint and format check pass or fail as a whole: one count each. */
const lintCounts = (steps) => (output) => {
  const failed = steps.filter((step) => output.includes(`[lint suite] ${step} failed`)).length;
  return { passed: steps.length - failed, failed, skipped: 0 };
};

const suites = [
  {
    // Types first, specs and e2e tests included (Jest and Playwright run TypeScript unchecked). It is
    // quick, and a type error stops the run here rather than after the long suites (failFast).
    name: 'typecheck',
    cwd: '.',
    command: ['node', 'scripts/typecheck.mjs'],
    env: {},
    parse: nodeTestCounts,
    failFast: true,
  },
  {
    // Fast (cached), right after the types: ESLint with --max-warnings 0, then Prettier's check; both run even if the first fails.
    name: 'lint',
    cwd: '.',
    command: [
      'bash',
      '-c',
      'npm run --silent lint || { r=1; echo "[lint suite] lint failed"; }; npm run --silent format:check || { r=1; echo "[lint suite] format failed"; }; exit ${r:-0}',
    ],
    env: {},
    parse: lintCounts(['lint', 'format']),
  },
  {
    name: 'api-unit',
    cwd: 'api',
    command: ['npx', 'jest', '--selectProjects', 'unit', '--json', `--outputFile=${join(reports, 'api-unit.json')}`],
    env: vmModules,
    counts: jestCounts(join(reports, 'api-unit.json')),
  },
  {
    name: 'api-e2e',
    cwd: 'api',
    command: [
      'npx',
      'jest',
      '--selectProjects',
      'e2e',
      '--runInBand',
      '--json',
      `--outputFile=${join(reports, 'api-e2e.json')}`,
    ],
    env: vmModules,
    counts: jestCounts(join(reports, 'api-e2e.json')),
  },
  {
    name: 'sandbox',
    cwd: 'sandbox',
    command: ['npx', 'jest', '--json', `--outputFile=${join(reports, 'sandbox.json')}`],
    env: vmModules,
    counts: jestCounts(join(reports, 'sandbox.json')),
  },
  {
    // The typed client (issue #17): regenerated from openapi.yaml and type-checked, then its unit tests.
    name: 'client',
    cwd: 'client',
    command: ['npm', 'test'],
    env: {},
    parse: nodeTestCounts,
  },
  {
    name: 'docker',
    cwd: 'docker',
    command: ['node', '--test', '--test-reporter=spec', 'docker.test.mjs'],
    env: {},
    parse: nodeTestCounts,
  },
  {
    name: 'dashboard',
    cwd: 'dashboard',
    command: ['npm', 'test'],
    env: { CI: 'true' },
    parse: vitestCounts,
  },
  {
    // Spectral, a third-party generated client, schemathesis against the API and the sandbox (contract/run.mjs).
    name: 'contract',
    cwd: 'contract',
    command: ['node', 'run.mjs'],
    env: { CONTRACT_REPORT_DIR: join(reports, 'contract') },
    parse: nodeTestCounts,
  },
  {
    name: 'browser',
    cwd: 'e2e',
    command: ['npx', 'playwright', 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'browser.json') },
    counts: playwrightCounts(join(reports, 'browser.json')),
  },
];

let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    if (current) killGroup(current, 'SIGTERM');
    process.exit(130);
  });
}

function run(suite) {
  return new Promise((resolve) => {
    const [command, ...args] = suite.command;
    const child = spawn(command, args, {
      cwd: join(root, suite.cwd),
      env: { ...process.env, ...suite.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // The runner and everything it starts (servers, browsers) in one process group, stopped as one.
      detached: true,
    });
    current = child;
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    let timedOut = false;
    const watchdog = setTimeout(() => {
      timedOut = true;
      console.error(
        `\n\x1b[31m${suite.name} still running after ${SUITE_TIMEOUT_MS / 1000} s: stopping it (TEST_SUITE_TIMEOUT_S)\x1b[0m`,
      );
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 10_000).unref();
    }, SUITE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(watchdog);
      current = undefined;
      resolve({ code: timedOut ? 124 : code, output });
    });
  });
}

const wanted = process.argv.slice(2);
const selected = suites.filter((s) => (wanted.length ? wanted.includes(s.name) : existsSync(join(root, s.cwd))));
const results = [];
for (const suite of selected) {
  console.log(`\n\x1b[1m━━ ${suite.name} ━━\x1b[0m`);
  const started = Date.now();
  const { code, output } = await run(suite);
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    counts = suite.parse ? suite.parse(output) : suite.counts();
  } catch {
    // No report: the runner died before writing one; the exit code below says so.
  }
  // A runner that failed without a failing test (crash, compile error) still fails the run.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  results.push({ name: suite.name, code, seconds: (Date.now() - started) / 1000, ...counts });
  if (suite.failFast && code !== 0 && suite !== selected.at(-1)) {
    console.error(`\n\x1b[31m${suite.name} failed: the other suites are not run (fix it, or run them by name)\x1b[0m`);
    break;
  }
}

console.log('\n\x1b[1mTest summary\x1b[0m');
for (const r of results) {
  const mark = r.code === 0 ? '\x1b[32m✔\x1b[0m' : '\x1b[31m✘\x1b[0m';
  console.log(
    `${mark} ${r.name.padEnd(10)} ${String(r.passed).padStart(4)} passed  ${String(r.failed).padStart(3)} failed  ${String(r.skipped).padStart(3)} skipped  ${r.seconds.toFixed(1)}s`,
  );
}
const total = (key) => results.reduce((sum, r) => sum + r[key], 0);
const skipped = total('skipped');
console.log(`${total('passed')} passed, ${total('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(results.every((r) => r.code === 0) && total('passed') > 0 ? 0 : 1);
