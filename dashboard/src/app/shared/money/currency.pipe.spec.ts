import { CurrencyPipe as AngularCurrencyPipe } from '@angular/common';
import { CurrencyPipe } from './currency.pipe';

describe('CurrencyPipe (the dashboard’s own)', () => {
  it('answers exactly as Angular’s CurrencyPipe (en-US) for the kiosk’s prices', () => {
    const ours = new CurrencyPipe();
    const angular = new AngularCurrencyPipe('en-US');
    for (const amount of [0, 0.5, 11.5, 1234.56, 100000]) {
      expect(ours.transform(amount, 'USD')).toBe(angular.transform(amount, 'USD'));
    }
    expect(ours.transform(null, 'USD')).toBeNull();
  });
});
