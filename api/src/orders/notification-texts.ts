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

export function renderText(template: string, context: TextContext): string {
  return template.replace(/\{(restaurant|number|name|total)\}/g, (_, key: keyof TextContext) => String(context[key]));
}

export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(cents / 100);
}
