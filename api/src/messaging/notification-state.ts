export const NOTIFICATION_STATES = ['queued', 'submitted', 'delivered', 'read', 'rejected', 'failed'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/**
 * Which states each state may be reached from. Receipts arrive in any order and more than
 * once, so a state only ever moves forward: "delivered" after "read" is ignored, and
 * rejected/failed are final (as are delivered/read for a failure report).
 */
const REACHABLE_FROM: Record<NotificationState, readonly NotificationState[]> = {
  queued: [],
  submitted: ['queued'],
  delivered: ['queued', 'submitted'],
  read: ['queued', 'submitted', 'delivered'],
  rejected: ['queued', 'submitted'],
  failed: ['queued', 'submitted'],
};

export function statesBefore(state: NotificationState): readonly NotificationState[] {
  return REACHABLE_FROM[state];
}

export function canMove(from: NotificationState, to: NotificationState): boolean {
  return REACHABLE_FROM[to].includes(from);
}

/** Vonage Messages status → ours; undefined for statuses we do not track. */
export function stateOfVonageStatus(status: string): NotificationState | undefined {
  switch (status) {
    case 'accepted':
    case 'submitted':
      return 'submitted';
    case 'delivered':
      return 'delivered';
    case 'read':
      return 'read';
    case 'rejected':
      return 'rejected';
    case 'undeliverable':
    case 'failed':
      return 'failed';
    default:
      return undefined;
  }
}
