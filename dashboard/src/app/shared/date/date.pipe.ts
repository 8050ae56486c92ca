import { Pipe, type PipeTransform } from '@angular/core';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const two = (n: number) => String(n).padStart(2, '0');

/** The fields the dashboard's formats use, in the browser's time zone (as Angular's DatePipe by default). */
const FIELDS: Record<string, (d: Date) => string> = {
  EEEE: (d) => DAYS[d.getDay()],
  MMMM: (d) => MONTHS[d.getMonth()],
  MMM: (d) => MONTHS[d.getMonth()].slice(0, 3),
  y: (d) => String(d.getFullYear()),
  d: (d) => String(d.getDate()),
  HH: (d) => two(d.getHours()),
  mm: (d) => two(d.getMinutes()),
  ss: (d) => two(d.getSeconds()),
};
const TOKEN = /EEEE|MMMM|MMM|HH|mm|ss|y|d/g;

/**
 * `{{ at | date: 'd MMM, HH:mm' }}`: the same answers as Angular's DatePipe (en-US) for the
 * fields above, and nothing else. Angular's pipe brings the whole CLDR date and number formatting
 * code, which the bundler put into a chunk the first screen loads (its module also holds the
 * router's Location): about 5 kB of the 100 kB first-load budget (issue #15).
 */
@Pipe({ name: 'date' })
export class DatePipe implements PipeTransform {
  transform(value: Date | string | number | null | undefined, format: string): string | null {
    if (value === null || value === undefined || value === '') return null;
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) throw new Error(`date pipe: "${String(value)}" is not a date`);
    return format.replace(TOKEN, (token) => FIELDS[token](date));
  }
}
