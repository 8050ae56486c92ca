/**
 * The most a list answers per page (the API's MAX_LIMIT): whole lists the dashboard shows at once
 * (the menu, an order's texts) take one request in the usual case.
 */
export const PAGE_LIMIT = 100;

/** Past this many pages something is wrong (a cursor that never ends): stop rather than spin. */
const MAX_PAGES = 1000;

/**
 * Every item of a cursor-paged list, in order: calls `page(cursor)` from the first page until
 * `nextCursor` is null. The API continues each page after the last item seen, so items added
 * meanwhile never make one repeat or go missing.
 */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const answer = await page(cursor);
    items.push(...answer.items);
    cursor = answer.nextCursor ?? undefined;
    if (!cursor) return items;
  }
  throw new Error(`a list did not end after ${MAX_PAGES} pages`);
}
