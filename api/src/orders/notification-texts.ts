import type { OrderStatus } from './order-status.js';

export interface TextContext {
  restaurant: string;
  number: number;
  name: string;
  total: string;
}

/** Default texts, one per order event. `{restaurant}`, `{number}`, `{name}` and `{total}` are filled in. */
export const DEFAULT_TEXTS: Record<OrderStatus, string> = {
  placed: '{restaurant}: thanks {name}! Order #{number} ({total}) is in. We will text you as it moves along.',
  preparing: '{restaurant}: good news, order #{number} is being prepared now.',
  ready: '{restaurant}: order #{number} is ready for you. Enjoy!',
  completed: '{restaurant}: order #{number} is complete. Thank you, see you soon!',
  cancelled: '{restaurant}: order #{number} has been cancelled. Reply if this is a surprise.',
};

/** Names longer than this are cut (with an ellipsis): a text is paid per 160-character segment. */
export const MAX_NAME_IN_TEXT = 40;

export function renderText(template: string, context: TextContext): string {
  const values = { ...context, name: safeCustomerText(context.name, MAX_NAME_IN_TEXT) };
  return template.replace(/\{(restaurant|number|name|total)\}/g, (_, key: keyof TextContext) => String(values[key]));
}

// eslint-disable-next-line no-control-regex
const CONTROLS_AND_BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\s]+/g;
/** Full stops a phone or IDNA treats as a domain dot: ASCII, one-dot leader, ideographic, full-width and half-width. */
const DOTS = /[.\u2024\u3002\uff0e\uff61]/;

/**
 * Customer text (a name) made safe to send under the restaurant's name: one line (control
 * characters and line breaks become a space), at most `max` characters, and never a link. Phones
 * turn `evil.example/x`, `www.x.y` or `a@b.c` into links by the dot between two words, and
 * `http://x` by its scheme, so a dot between two non-space characters becomes a space
 * (`evil example/x`) and `://` becomes ` ` (`http evil`). No lookalike character is used in its
 * place: a lookalike dot could itself be read as a dot. Initials like "J. Smith" keep their dot.
 */
export function safeCustomerText(text: string, max: number): string {
  let safe = text.replace(CONTROLS_AND_BREAKS, ' ').trim();
  safe = safe.replace(/:\/\//g, ' ');
  safe = safe.replace(new RegExp(`(?<=\\S)${DOTS.source}+(?=\\S)`, 'g'), ' ');
  safe = safe.replace(/ {2,}/g, ' ').trim();
  const chars = [...safe];
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : safe;
}

export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(cents / 100);
}
