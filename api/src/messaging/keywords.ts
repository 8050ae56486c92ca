/**
 * Carrier keywords, matched before anything else on every inbound SMS and WhatsApp message.
 * Matching ignores case and whitespace ("  stop ", "Stop All" → STOPALL) and trailing
 * punctuation, but the whole message must be the keyword: "CANCEL ORDER" is a request to staff,
 * never the opt-out "CANCEL", and "stop the music" is an ordinary message.
 */
export type Keyword = 'opt-out' | 'opt-in' | 'help' | 'status' | 'cancel-order';

const KEYWORDS: Record<string, Keyword> = {
  STOP: 'opt-out',
  STOPALL: 'opt-out',
  UNSUBSCRIBE: 'opt-out',
  CANCEL: 'opt-out',
  END: 'opt-out',
  QUIT: 'opt-out',
  START: 'opt-in',
  UNSTOP: 'opt-in',
  YES: 'opt-in',
  HELP: 'help',
  INFO: 'help',
  STATUS: 'status',
  CANCELORDER: 'cancel-order',
};

/** The normalised form of a message for keyword matching: upper case, no whitespace, no trailing . ! ? */
export function normaliseKeyword(text: string): string {
  return text
    .replace(/\s+/gu, '')
    .replace(/[.!?]+$/u, '')
    .toUpperCase();
}

export function classifyKeyword(text: string): { keyword: Keyword; word: string } | undefined {
  const word = normaliseKeyword(text);
  const keyword = Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word] : undefined;
  return keyword ? { keyword, word } : undefined;
}
