import type { OutboxTopic } from '../common/outbox/outbox-topics.js';

export const LIVE_EVENT_TYPES = [
  'order.created',
  'order.status_changed',
  'notification.updated',
  'support_request.created',
  'support_request.updated',
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

declare module '../common/outbox/outbox-topics.js' {
  interface OutboxTopics {
    /** A live event to append to `live_events` (when the fast path did not). */
    'live.event': LiveEventInput;
  }
}

/** The outbox topic that turns a pending live event into a stored one (when the fast path did not). */
export const LIVE_EVENTS_TOPIC = 'live.event' satisfies OutboxTopic;

/** A live event as producers hand it over (also the outbox payload). */
export interface LiveEventInput {
  type: LiveEventType;
  /** The customer who may see it; null/undefined = staff only. */
  customerId?: string | null;
  data: Record<string, unknown>;
  /** Fields only staff and admins receive. */
  staffData?: Record<string, unknown> | null;
}

/** The SSE `event:` that tells a client to reload its lists (its id is older than what is kept). */
export const RESET_EVENT = 'reset';

/** The last SSE `event:` of a stream whose account may no longer listen (signed out, disabled, role changed). */
export const SESSION_ENDED_EVENT = 'session_ended';
