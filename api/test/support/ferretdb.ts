import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const FERRETDB_BIN = resolve(__dirname, '../../../.bin/ferretdb');

export interface RunningDatabase {
  uri: string;
  process: ChildProcess;
  stop(): Promise<void>;
  /** Where its SQLite files are (a restart with the same dataDir finds the same data). */
  dataDir: string;
}

/**
 * Starts the embedded FerretDB on a free port with its SQLite files in a fresh temporary folder
 * (in RAM when /dev/shm exists). Not FerretDB's `mode=memory`: with several connections writing
 * it locks a database for good (seen as requests hanging forever).
 * Resolves with its MongoDB URI, which the runner prints once the socket is bound.
 */
export async function startFerretDb(options: { port?: number; dataDir?: string; keepData?: boolean } = {}): Promise<RunningDatabase> {
  if (!existsSync(FERRETDB_BIN)) {
    throw new Error(`${FERRETDB_BIN} is missing: run scripts/bootstrap.sh (it builds the embedded database)`);
  }
  const dataDir = options.dataDir ?? mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'tabletalk-ferretdb-'));
  const child = spawn(FERRETDB_BIN, ['-listen-addr', `127.0.0.1:${options.port ?? 0}`, '-data-dir', dataDir, '-log-level', 'error'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const uri = await new Promise<string>((resolveUri, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolveUri(line.trim()));
    child.once('exit', (code) => reject(new Error(`ferretdb exited early with code ${code}`)));
    child.once('error', reject);
  });
  return {
    uri,
    process: child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
    dataDir,
  };
}

/** The same server URI with a database path, e.g. mongodb://127.0.0.1:1234/tabletalk_x */
export function withDatabase(serverUri: string, database: string): string {
  const url = new URL(serverUri);
  url.pathname = `/${database}`;
  return url.toString();
}
