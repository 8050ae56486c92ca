import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The production API's idle memory and start-up time (bench/footprint.mjs, issue #15) depend on
 * these packages being loaded when first used (`await import(...)`), not at start-up: a static
 * value import anywhere loads them with the app again. Type-only imports are erased and fine.
 */
const LOADED_ON_FIRST_USE: { pkg: RegExp; why: string }[] = [
  { pkg: /^@vonage\//, why: 'Vonage SDK clients: src/vonage/vonage-clients.ts' },
  { pkg: /^undici$/, why: 'webhook deliveries: src/webhook-endpoints/webhook-sender.ts' },
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('packages loaded on first use', () => {
  const files = sources(join(import.meta.dirname, '../..'));

  it('finds the sources it checks', () => {
    expect(files.some((file) => file.endsWith('vonage-clients.ts'))).toBe(true);
  });

  it.each(LOADED_ON_FIRST_USE)('$why: no static value import', ({ pkg }) => {
    const eager = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)]
        .map((match) => match[1])
        .filter((name) => pkg.test(name))
        .map((name) => `${file}: ${name}`),
    );
    expect(eager).toEqual([]);
  });
});

describe('the production entry (main.ts)', () => {
  it('leaves the compile cache off: Node would hold every cached module in memory (+16–18 MiB idle RSS)', () => {
    const main = readFileSync(join(import.meta.dirname, '../../main.ts'), 'utf8');
    expect(main).not.toMatch(/^[^/\n]*enableCompileCache\s*\(/m);
  });
});
