export const SUPPORT_REQUEST_STATES = ['open', 'joined', 'closed'] as const;
export type SupportRequestState = (typeof SUPPORT_REQUEST_STATES)[number];

/** open → joined → closed, or open → closed; staying in the same state is a harmless repeat. */
const NEXT: Record<SupportRequestState, readonly SupportRequestState[]> = {
  open: ['joined', 'closed'],
  joined: ['closed'],
  closed: [],
};

export function canMoveSupportRequest(from: SupportRequestState, to: SupportRequestState): boolean {
  return NEXT[from].includes(to);
}

/** Still being handled: a new call for the order reuses its room. */
export const isActive = (state: SupportRequestState) => state !== 'closed';
