import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { iso } from '../validation.js';

/** Instant rooms live this long after creation. */
export const INSTANT_ROOM_LIFETIME_MS = 10 * 60 * 1000;

export interface RoomInput {
  display_name: string;
  type?: 'instant' | 'long_term';
  metadata?: string;
  expires_at?: string;
  recording_options?: { auto_record?: boolean; record_only_owner?: boolean };
  expire_after_use?: boolean;
  theme_id?: string;
  join_approval_level?: 'none' | 'after_owner_only' | 'explicit_approval';
  initial_join_options?: { microphone_state?: 'on' | 'off' | 'default' };
  callback_urls?: { rooms_callback_url?: string; sessions_callback_url?: string; recordings_callback_url?: string };
  available_features?: {
    is_recording_available?: boolean;
    is_chat_available?: boolean;
    is_whiteboard_available?: boolean;
  };
  ui_settings?: { language?: string };
}

export interface Room {
  id: string;
  input: RoomInput;
  meetingCode: string;
  /** Secret part of the host link (participant_token), so a guest link cannot be turned into a host one. */
  hostToken: string;
  createdAt: number;
  expiresAt: number;
}

export class RoomStore {
  private readonly rooms = new Map<string, Room>();

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.rooms.clear();
  }

  create(input: RoomInput): Room {
    const createdAt = this.now();
    const expiresAt =
      input.type === 'long_term' && input.expires_at
        ? Date.parse(input.expires_at)
        : createdAt + INSTANT_ROOM_LIFETIME_MS;
    let meetingCode: string;
    do meetingCode = String(randomInt(100_000_000, 1_000_000_000));
    while (this.byCode(meetingCode));
    const room: Room = {
      id: randomUUID(),
      input: { type: 'instant', ...input },
      meetingCode,
      hostToken: randomBytes(16).toString('hex'),
      createdAt,
      expiresAt,
    };
    this.rooms.set(room.id, room);
    return room;
  }

  update(room: Room, changes: Partial<RoomInput>): void {
    room.input = { ...room.input, ...changes };
    if (changes.expires_at) room.expiresAt = Date.parse(changes.expires_at);
  }

  get(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  byCode(code: string): Room | undefined {
    return [...this.rooms.values()].find((room) => room.meetingCode === code);
  }

  list(): Room[] {
    return [...this.rooms.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  isAvailable(room: Room): boolean {
    return this.now() < room.expiresAt;
  }
}

/** The Meetings API room resource (201/200 body). */
export function roomResource(room: Room, available: boolean, baseUrl: string) {
  const input = room.input;
  const guestUrl = `${baseUrl}/meetings/${room.meetingCode}`;
  return {
    id: room.id,
    display_name: input.display_name,
    // Unset optional fields are left out (the spec types them as plain strings, not nullable).
    ...(input.metadata !== undefined && { metadata: input.metadata }),
    type: input.type ?? 'instant',
    expires_at: iso(room.expiresAt),
    recording_options: { auto_record: false, record_only_owner: false, ...input.recording_options },
    meeting_code: room.meetingCode,
    _links: {
      host_url: { href: `${guestUrl}?participant_token=${room.hostToken}` },
      guest_url: { href: guestUrl },
    },
    created_at: iso(room.createdAt),
    is_available: available,
    expire_after_use: input.expire_after_use ?? false,
    ...(input.theme_id !== undefined && { theme_id: input.theme_id }),
    initial_join_options: { microphone_state: 'default', ...input.initial_join_options },
    join_approval_level: input.join_approval_level ?? 'none',
    callback_urls: { ...input.callback_urls },
    available_features: {
      is_recording_available: true,
      is_chat_available: true,
      is_whiteboard_available: true,
      ...input.available_features,
    },
    ui_settings: { language: 'default', ...input.ui_settings },
  };
}
