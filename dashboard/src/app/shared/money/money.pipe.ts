import { inject, InjectionToken, Pipe, type PipeTransform } from '@angular/core';

/** ISO 4217 code prices are shown in; the API stores integer minor units (cents/pence) without one. */
export const CURRENCY = new InjectionToken<string>('CURRENCY', {
  providedIn: 'root',
  factory: () => 'GBP',
});

/** Integer cents → "£11.50", with the browser's Intl formatting. */
@Pipe({ name: 'money' })
export class MoneyPipe implements PipeTransform {
  private readonly format = new Intl.NumberFormat('en-GB', {
    style: 'currency',
    currency: inject(CURRENCY),
  });

  transform(cents: number): string {
    return this.format.format(cents / 100);
  }
}
