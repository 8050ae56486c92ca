import { DatePipe as AngularDatePipe } from '@angular/common';
import { DatePipe } from './date.pipe';

describe('DatePipe (the dashboard’s own)', () => {
  const ours = new DatePipe();
  const angular = new AngularDatePipe('en-US');

  it('answers exactly as Angular’s DatePipe for every format the templates use', () => {
    const formats = ['EEEE, d MMMM', 'd MMM y', 'HH:mm', 'HH:mm:ss', 'd MMM, HH:mm'];
    const values: (Date | string | number)[] = [
      '2026-12-01T03:04:05.000Z',
      '2026-01-09T23:59:59Z',
      new Date(2026, 6, 4, 0, 0, 7),
      Date.UTC(2027, 1, 28, 12, 30),
    ];
    for (const format of formats) {
      for (const value of values) expect(ours.transform(value, format)).toBe(angular.transform(value, format));
    }
  });

  it('renders nothing for a missing value, like Angular’s', () => {
    expect(ours.transform(null, 'HH:mm')).toBeNull();
    expect(ours.transform(undefined, 'HH:mm')).toBeNull();
  });
});
