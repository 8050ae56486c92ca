/** The API's upper bound for a price, in cents. */
export const MAX_PRICE_CENTS = 1_000_000;

const PRICE = /^\s*£?\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/;

/** "11.5", "£11.50", "11,50" → 1150; null when it is not a price the API would take. */
export function parsePrice(text: string): number | null {
  const match = PRICE.exec(text);
  if (!match) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return cents <= MAX_PRICE_CENTS ? cents : null;
}

/** 1150 → "11.50", what a price field shows for editing. */
export function priceInput(cents: number): string {
  return (cents / 100).toFixed(2);
}

export const PRICE_HINT = 'Enter a price like 11.50 (up to 10,000).';
