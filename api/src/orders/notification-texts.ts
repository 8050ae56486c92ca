import type { OrderStatus } from './order-status.js';

export interface TextContext {
  restaurant: string;
  number: number;
  name: string;
  total: string;
  /** The ready-by time (HH:MM in the restaurant's time zone), once the kitchen has started. */
  readyBy?: string;
}

/** Events a customer is texted about: every status, and the kitchen running late. */
export type TextEvent = OrderStatus | 'late';
export const TEXT_EVENTS: readonly TextEvent[] = ['placed', 'preparing', 'ready', 'completed', 'cancelled', 'late'];
export const TEXT_LANGUAGES = ['en', 'es'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

/** The placeholders a template may use; `{readyBy}` only where a ready-by time is known. */
const PLACEHOLDERS = ['restaurant', 'number', 'name', 'total', 'readyBy'] as const;
const READY_BY_EVENTS: readonly TextEvent[] = ['preparing', 'late'];

/** Default texts, one per event and language. */
export const DEFAULT_TEXTS_BY_LANGUAGE: Record<TextLanguage, Record<TextEvent, string>> = {
  en: {
    placed: '{restaurant}: thanks {name}! Order #{number} ({total}) is in. We will text you as it moves along.',
    preparing: '{restaurant}: good news, order #{number} is being prepared now. Ready by {readyBy}.',
    ready: '{restaurant}: order #{number} is ready for you. Enjoy!',
    completed: '{restaurant}: order #{number} is complete. Thank you, see you soon!',
    cancelled: '{restaurant}: order #{number} has been cancelled. Reply if this is a surprise.',
    late: '{restaurant}: sorry {name}, order #{number} is running late (it was due at {readyBy}). It will not be long now.',
  },
  es: {
    placed: '{restaurant}: ¡gracias {name}! Tu pedido #{number} ({total}) está registrado. Te avisaremos de cada paso.',
    preparing: '{restaurant}: buenas noticias, estamos preparando tu pedido #{number}. Estará listo a las {readyBy}.',
    ready: '{restaurant}: tu pedido #{number} está listo. ¡Que aproveche!',
    completed: '{restaurant}: pedido #{number} completado. ¡Gracias, hasta pronto!',
    cancelled: '{restaurant}: el pedido #{number} ha sido cancelado. Responde si no lo esperabas.',
    late: '{restaurant}: lo sentimos {name}, el pedido #{number} va con retraso (previsto a las {readyBy}). Ya falta poco.',
  },
};

/** English defaults (kept for callers of the single-language API). */
export const DEFAULT_TEXTS: Record<TextEvent, string> = DEFAULT_TEXTS_BY_LANGUAGE.en;

/**
 * Problems with a set of templates: unknown placeholders (a typo would reach customers as
 * "{numbr}"), `{readyBy}` where no time is known, or a missing template. Checked at start-up.
 */
export function templateProblems(templates: Record<TextLanguage, Partial<Record<TextEvent, string>>>): string[] {
  const problems: string[] = [];
  for (const language of TEXT_LANGUAGES) {
    for (const event of TEXT_EVENTS) {
      const template = templates[language]?.[event];
      if (!template) {
        problems.push(`${language}/${event}: no template`);
        continue;
      }
      for (const [, name] of template.matchAll(/\{([^{}]*)\}/g)) {
        if (!(PLACEHOLDERS as readonly string[]).includes(name))
          problems.push(`${language}/${event}: unknown placeholder {${name}}`);
        else if (name === 'readyBy' && !READY_BY_EVENTS.includes(event))
          problems.push(`${language}/${event}: {readyBy} is only known for ${READY_BY_EVENTS.join(' and ')}`);
      }
    }
  }
  return problems;
}

/** Names longer than this are cut (with an ellipsis): a text is paid per 160-character segment. */
export const MAX_NAME_IN_TEXT = 40;

export function renderText(template: string, context: TextContext): string {
  const values = { ...context, name: safeCustomerText(context.name, MAX_NAME_IN_TEXT) };
  return template.replace(/\{(restaurant|number|name|total|readyBy)\}/g, (_, key: keyof TextContext) =>
    String(values[key] ?? ''),
  );
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
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : safe;
}

export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(cents / 100);
}

/** "HH:MM" in the given IANA time zone (the customer reads the restaurant's clock). */
export function formatClockTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(at);
}
