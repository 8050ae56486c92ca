/** A video room two people can join from a browser: one link for the host, one for the guest. */
export interface MeetingRoom {
  id: string;
  hostUrl: string;
  guestUrl: string;
  /** When the room stops accepting people; null when the provider does not say. */
  expiresAt: Date | null;
}

/**
 * Port: opens video rooms. Bound to the Meetings API adapter today (retired by Vonage, served by
 * the sandbox); a Video API adapter can take its place without touching the features.
 * Failures surface as VonageApiError (502/504 problems).
 */
export abstract class MeetingRooms {
  /** An instant room named for people to recognise (e.g. "Order #1042 support"). */
  abstract createRoom(input: { displayName: string }): Promise<MeetingRoom>;
}
