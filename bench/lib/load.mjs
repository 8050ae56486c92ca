// HTTP load with autocannon, plus the server-side CPU each run cost.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux x86-64

/** User + system CPU seconds a process has used so far (Linux /proc). */
export function cpuSecondsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/**
 * Runs one bounded autocannon load against `target` and measures the CPU its server
 * (and the database) spent meanwhile. Any non-2xx answer or socket error fails the run,
 * so a benchmark never reports the speed of error responses.
 */
export async function runLoad(target, { connections, durationSeconds, databasePid, warmUp = false, bounded }) {
  // Several processes serve one target behind a round-robin: their CPU adds up.
  const pids = target.pids ?? [target.pid];
  const serverCpuOf = () => pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  const serverCpuBefore = serverCpuOf();
  const databaseCpuBefore = cpuSecondsOf(databasePid);
  const result = await autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    headers: target.headers,
    ...(target.body !== undefined ? { body: target.body } : {}),
    connections,
    // A route whose answers take seconds (the order list on FerretDB) runs a fixed number of
    // requests with a timeout that fits them, rather than a few seconds that end before the first answer.
    ...(bounded ? { amount: bounded.amount, timeout: bounded.timeoutSeconds } : { duration: durationSeconds }),
    pipelining: 1,
  });
  const serverCpu = serverCpuOf() - serverCpuBefore;
  const databaseCpu = cpuSecondsOf(databasePid) - databaseCpuBefore;

  const ok = result['2xx'];
  if (warmUp && !result.non2xx && !result.errors) return null; // a warm-up may end before slow answers came back
  // No answer at all within a round is not an error for a database-bound route (a 3-s query):
  // it is 0 req/s. Error answers and socket errors are.
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(
      `${target.name}: ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)}), ` +
        `${result.errors} errors, ${result.timeouts} timeouts, ${ok} ok`,
    );
  }
  // autocannon notices the last of a fixed number of answers only at its next 1-s sample, so a
  // bounded run's duration is rounded up to whole seconds: its time is the answers' own (their mean
  // latency times how many each connection answered), exact for one connection.
  const seconds = bounded && ok ? (result.latency.mean * ok) / connections / 1000 : result.duration;
  return {
    requests: ok,
    seconds,
    requestsPerSecond: ok / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    serverCpuMsPerRequest: (serverCpu * 1000) / ok,
    databaseCpuMsPerRequest: (databaseCpu * 1000) / ok,
  };
}

/** Combines measured rounds of one target: totals for throughput and CPU, mean of per-round percentiles. */
export function combineRounds(rounds) {
  const requests = rounds.reduce((sum, r) => sum + r.requests, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  const mean = (pick) => rounds.reduce((sum, r) => sum + pick(r), 0) / rounds.length;
  const weighted = (pick) => rounds.reduce((sum, r) => sum + pick(r) * r.requests, 0) / requests;
  return {
    requests,
    seconds,
    requestsPerSecond: requests / seconds,
    p50Ms: mean((r) => r.p50Ms),
    p99Ms: mean((r) => r.p99Ms),
    serverCpuMsPerRequest: weighted((r) => r.serverCpuMsPerRequest),
    databaseCpuMsPerRequest: weighted((r) => r.databaseCpuMsPerRequest),
  };
}
