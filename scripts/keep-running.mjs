#!/usr/bin/env node
// Runs a command and starts it again whenever it dies on its own, so `npm start` survives a crash
// of the embedded database (the API answers 503 meanwhile and reconnects by itself; nothing else
// stops). Stopping this process (SIGINT/SIGTERM) stops the command for good. A command that keeps
// dying (RESTART_LIMIT times within RESTART_WINDOW_MS) is given up on, with exit code 1.
//   node scripts/keep-running.mjs <command> [args...]
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: keep-running.mjs <command> [args...]');
  process.exit(2);
}
const RESTART_DELAY_MS = Number(process.env.KEEP_RUNNING_DELAY_MS ?? 500);
const RESTART_LIMIT = 5;
const RESTART_WINDOW_MS = 60_000;

let child;
let stopping = false;
const deaths = [];

function start() {
  child = spawn(command, args, { stdio: 'inherit' });
  console.error(`[keep-running] started ${command} (pid ${child.pid})`);
  child.on('error', (error) => console.error(`[keep-running] ${command}: ${error.message}`));
  child.on('exit', (code, signal) => {
    if (stopping) process.exit(code ?? 0);
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && deaths[0] < now - RESTART_WINDOW_MS) deaths.shift();
    if (deaths.length >= RESTART_LIMIT) {
      console.error(
        `[keep-running] ${command} died ${deaths.length} times within ${RESTART_WINDOW_MS / 1000} s; giving up`,
      );
      process.exit(1);
    }
    console.error(
      `[keep-running] ${command} exited (${signal ?? `code ${code}`}); restarting in ${RESTART_DELAY_MS} ms`,
    );
    setTimeout(start, RESTART_DELAY_MS);
  });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    if (child?.exitCode === null && child.signalCode === null) child.kill(signal);
    else process.exit(0);
  });
}
start();
