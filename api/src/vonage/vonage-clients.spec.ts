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
