import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onFirstUse } from './vonage-clients.js';

describe('onFirstUse', () => {
  it('loads once, however many callers ask at the same time', async () => {
    const load = jest.fn(() => Promise.resolve({ client: 1 }));
    const get = onFirstUse(load);
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(await get()).toBe(a);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries again after a failed load instead of keeping the failure', async () => {
    const load = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('EMFILE'))
      .mockResolvedValueOnce('loaded');
    const get = onFirstUse(load);
    await expect(get()).rejects.toThrow('EMFILE');
    await expect(get()).resolves.toBe('loaded');
    expect(load).toHaveBeenCalledTimes(2);
  });
});

/**
 * The production API's idle memory and start-up (bench/footprint.mjs) depend on the Vonage SDK
 * being loaded on first use: a static value import of an SDK package loads it (and, for
 * @vonage/server-sdk, all sixteen API clients) at start-up again.
 */
describe('Vonage SDK packages', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? sources(join(dir, entry.name))
        : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
          ? [join(dir, entry.name)]
          : [],
    );

  it('are imported statically as types only (@vonage/jwt, small and synchronous, excepted)', () => {
    const eager = sources(join(import.meta.dirname, '..')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import\s+(?!type\b)[^;]*?from\s+'(@vonage\/[^']+)'/gm)]
        .map((match) => match[1])
        .filter((pkg) => pkg !== '@vonage/jwt')
        .map((pkg) => `${file}: ${pkg}`),
    );
    expect(eager).toEqual([]);
  });
});
