import { allPages } from './all-pages';

describe('allPages', () => {
  it('follows nextCursor from the first page until it is null, keeping the order', async () => {
    const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
      first: { items: [1, 2], nextCursor: 'a' },
      a: { items: [3, 4], nextCursor: 'b' },
      b: { items: [5], nextCursor: null },
    };
    const asked: (string | undefined)[] = [];
    const items = await allPages(async (cursor) => {
      asked.push(cursor);
      return pages[cursor ?? 'first'];
    });
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([undefined, 'a', 'b']);
  });

  it('stops at one page when there is no next cursor', async () => {
    expect(await allPages(async () => ({ items: ['x'] }))).toEqual(['x']);
  });

  it('gives up on a list that never ends instead of spinning', async () => {
    await expect(allPages(async () => ({ items: [], nextCursor: 'again' }))).rejects.toThrow(/did not end/);
  });
});
