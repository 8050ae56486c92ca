import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const COMMITTED = resolve(__dirname, '../../openapi.yaml');
const EXPORTER = resolve(__dirname, '../dist/openapi.js');

/**
 * The contract is what the compiled app (with the Swagger CLI plugin's metadata) serves at
 * /api/docs-json. The exporter renders exactly that; the committed openapi.yaml must equal it.
 */
describe('openapi.yaml contract (e2e)', () => {
  let produced: string;

  beforeAll(() => {
    if (!existsSync(EXPORTER)) throw new Error('api/dist is missing: run `npm run build -w api` first');
    const target = join(mkdtempSync(join(tmpdir(), 'tabletalk-openapi-')), 'openapi.yaml');
    execFileSync(process.execPath, [EXPORTER, target], { stdio: 'pipe' });
    produced = readFileSync(target, 'utf8');
  });

  it('is up to date with the API (run `npm run openapi` after changing the API)', () => {
    expect(produced).toBe(readFileSync(COMMITTED, 'utf8'));
  });

  it('documents the routes, their error shape and the DTO fields with examples', () => {
    for (const path of ['/api/auth/login', '/api/auth/register', '/api/auth/me', '/api/health/ready']) {
      expect(produced).toContain(`${path}:`);
    }
    expect(produced).toMatch(/ProblemDetails:/);
    expect(produced).toContain('example: "+447700900123"');
  });

  it('shows a request example (when there is a body) and an example of every answer with content, for every operation', () => {
    const doc = parse(produced) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { example?: unknown }> };
            responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
          }
        >
      >;
    };
    const missing: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        operations++;
        for (const [type, media] of Object.entries(operation.requestBody?.content ?? {}))
          if (media.example === undefined) missing.push(`${method} ${path} request ${type}`);
        let answers = 0;
        for (const [status, response] of Object.entries(operation.responses)) {
          for (const [type, media] of Object.entries(response.content ?? {})) {
            answers++;
            if (media.example === undefined) missing.push(`${method} ${path} ${status} ${type}`);
          }
        }
        if (answers === 0) missing.push(`${method} ${path}: no answer with content`);
      }
    }
    expect(operations).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });
});
