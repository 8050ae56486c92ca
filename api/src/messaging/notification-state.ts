export const NOTIFICATION_STATES = ['queued', 'sent', 'delivered', 'read', 'failed', 'suppressed'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/** States nothing moves on from: a late or repeated receipt never overwrites them. */
export const FINAL_STATES: readonly NotificationState[] = ['failed', 'suppressed'];

/**
 * Which states each state may be reached from. Receipts arrive in any order and more than
 * once, so a state only ever moves forward: "delivered" after "read" is ignored, failed and
 * suppressed are final, and a delivered or read text stays so when a failure report comes late.
 */
const REACHABLE_FROM: Record<NotificationState, readonly NotificationState[]> = {
  queued: [],
  sent: ['queued'],
  delivered: ['queued', 'sent'],
  read: ['queued', 'sent', 'delivered'],
  failed: ['queued', 'sent'],
  // Suppressed before it ever reached Vonage (the number opted out).
  suppressed: ['queued'],
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
      return 'sent';
    case 'delivered':
      return 'delivered';
    case 'read':
      return 'read';
    case 'rejected':
    case 'undeliverable':
    case 'failed':
      return 'failed';
    default:
      return undefined;
  }
}

/** Records written before the states were renamed (submitted → sent, rejected → failed). */
export function currentState(stored: string): NotificationState {
  if (stored === 'submitted') return 'sent';
  if (stored === 'rejected') return 'failed';
  return stored as NotificationState;
}
