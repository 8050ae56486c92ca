/** Which Vonage product holds the rooms: the Video API (default) or the retired Meetings API. */
export type RoomProviderName = 'video' | 'meetings';

/** A room as the provider opened it. Links are the Meetings API's own; the Video API has none. */
export interface ProviderRoom {
  /** Video API session id, or Meetings API room id. */
  roomId: string;
  hostUrl: string | null;
  guestUrl: string | null;
  /** When the provider stops accepting people; null when it does not say. */
  expiresAt: Date | null;
}

/** Who joins: staff (and admins) host the call, the request's customer is the guest. */
export interface RoomParticipant {
  side: 'staff' | 'customer';
  /** Shown to the other person (Video API connection data). */
  name: string;
  userId: string;
}

/** What a participant needs to join from a browser, per provider. */
export type RoomJoin =
  | { provider: 'video'; applicationId: string; sessionId: string; token: string; role: 'moderator' | 'publisher' }
  | { provider: 'meetings'; url: string; role: 'host' | 'guest' };

/**
 * Port: opens, joins and ends video rooms. Bound to the Video API adapter (SUPPORT_VIDEO=video) or
 * to the retired Meetings API adapter (SUPPORT_VIDEO=meetings), so features never name a product.
 * Failures are UpstreamErrors (common/upstream: 502/504 problems, or what the caller caused).
 */
export abstract class MeetingRooms {
  abstract readonly provider: RoomProviderName;

  /** An instant room named for people to recognise (e.g. "Order #1042 support"). */
  abstract createRoom(input: { displayName: string; expiresAt: Date }): Promise<ProviderRoom>;

  /** Credentials for one participant, valid at most until `expiresAt` (the room's end). */
  abstract join(room: StoredRoomRef, who: RoomParticipant, expiresAt: Date): Promise<RoomJoin>;

  /** Ends the room for everyone still in it. */
  abstract close(room: StoredRoomRef & { connectionIds: string[] }): Promise<void>;
}

/** The parts of a stored room an adapter needs. */
export interface StoredRoomRef {
  roomId: string;
  hostUrl: string;
  guestUrl: string;
}
