#!/usr/bin/env node
// `npm run typecheck`: every workspace's `typecheck` script (sources, unit specs and e2e tests alike:
// Jest and Playwright run TypeScript without checking it), then the dev-stack library's JSDoc.
// Runs them all, one after another (a 2-core machine), and prints node:test-style totals for
// scripts/run-tests.mjs. Exit code 1 when any has an error.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const checks = workspaces
  .filter((workspace) => JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')).scripts?.typecheck)
  .map((workspace) => ({ name: workspace, command: ['npm', 'run', '--silent', 'typecheck', '-w', workspace] }));
checks.push({ name: 'scripts', command: ['npx', 'tsc', '-p', 'scripts/tsconfig.json'] });

let failed = 0;
for (const { name, command } of checks) {
  const started = Date.now();
  const [executable, ...args] = command;
  const { status } = spawnSync(executable, args, { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (status === 0) console.log(`✔ typecheck ${name} (${seconds}s)`);
  else {
    failed += 1;
    console.log(`✘ typecheck ${name} (${seconds}s)`);
  }
}
console.log(`ℹ pass ${checks.length - failed}\nℹ fail ${failed}`);
process.exit(failed ? 1 : 0);
