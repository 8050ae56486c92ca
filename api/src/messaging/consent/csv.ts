/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * Cells a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return
 * that hides one) get a leading apostrophe first: an export opened in Excel must not execute
 * anything a customer typed. Phone numbers (+44…) therefore read '+44… — the price of safety.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: (string | number | boolean | null | undefined)[]): string {
  return values.map(csvCell).join(',');
}
