import type { LiveStatus } from '../../core/notifications/support-notifications';

export const LIVE_STATUS_COPY: Readonly<Record<LiveStatus, { label: string; tone: string }>> = {
  off: { label: 'Live alerts off', tone: 'muted' },
  connecting: { label: 'Connecting…', tone: 'muted' },
  live: { label: 'Live', tone: 'success' },
  reconnecting: { label: 'Reconnecting…', tone: 'warning' },
  offline: { label: 'Offline', tone: 'danger' },
};
