const relative = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto', style: 'short' });

/** "just now", "4 min ago", "2 hr ago", "3 days ago": how long ago `iso` was, seen from `now`. */
export function timeAgo(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return relative.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return relative.format(-hours, 'hour');
  return relative.format(-Math.round(hours / 24), 'day');
}

/** Minutes since `iso`, for spotting orders that have waited too long. */
export function minutesSince(iso: string, now: number): number {
  return Math.floor((now - Date.parse(iso)) / 60_000);
}
