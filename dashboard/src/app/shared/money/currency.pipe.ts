import { Pipe, type PipeTransform } from '@angular/core';

/**
 * `{{ amount | currency: 'USD' }}` as Angular's CurrencyPipe (en-US, symbol) writes it, with the
 * browser's Intl: Angular's pipe brings its CLDR number formatting code into a chunk the first
 * screen loads (see the date pipe beside MoneyPipe's users).
 */
@Pipe({ name: 'currency' })
export class CurrencyPipe implements PipeTransform {
  private readonly formats = new Map<string, Intl.NumberFormat>();

  transform(amount: number | null | undefined, code: string): string | null {
    if (amount === null || amount === undefined) return null;
    let format = this.formats.get(code);
    if (!format)
      this.formats.set(code, (format = new Intl.NumberFormat('en-US', { style: 'currency', currency: code })));
    return format.format(amount);
  }
}
