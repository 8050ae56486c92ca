import { iso } from '../validation.js';
import type { Conversation, ConversationEvent, ConversationStore, Member, User } from './store.js';

/** JSON representations of the Conversation and Users APIs (v1), with HAL links under `base`. */

export function userSummary(user: User, base: string) {
  return {
    id: user.id,
    name: user.name,
    display_name: user.displayName ?? user.name,
    _links: { self: { href: `${base}/v1/users/${user.id}` } },
  };
}

export function userResource(user: User, base: string) {
  return {
    ...userSummary(user, base),
    ...(user.imageUrl !== undefined && { image_url: user.imageUrl }),
    properties: { custom_data: user.customData },
    channels: {},
  };
}

export function conversationResource(conversation: Conversation, base: string) {
  return {
    id: conversation.id,
    name: conversation.name,
    display_name: conversation.displayName ?? conversation.name,
    ...(conversation.imageUrl !== undefined && { image_url: conversation.imageUrl }),
    state: conversation.state,
    sequence_number: conversation.sequenceNumber,
    timestamp: { created: iso(conversation.createdAt) },
    properties: {
      ...(conversation.ttl !== undefined && { ttl: conversation.ttl }),
      custom_data: conversation.customData,
    },
    _links: { self: { href: `${base}/v1/conversations/${conversation.id}` } },
  };
}

export function memberResource(member: Member, store: ConversationStore, base: string) {
  const user = store.user(member.userId);
  const stateTimestamp = member.state === 'JOINED' ? 'joined' : member.state === 'INVITED' ? 'invited' : 'left';
  return {
    id: member.id,
    conversation_id: member.conversationId,
    _embedded: { user: userSummary(user, base) },
    state: member.state,
    timestamp: { [stateTimestamp]: iso(member.updatedAt) },
    initiator: { joined: { is_system: true } },
    channel: member.channel,
    _links: { href: `${base}/v1/conversations/${member.conversationId}/members/${member.id}` },
  };
}

/** An event as the v1 REST API returns it; `_embedded` names the member and user who sent it. */
export function eventResource(event: ConversationEvent, store: ConversationStore, base: string) {
  const member = event.from ? safeMember(store, event) : undefined;
  const user = member ? store.user(member.userId) : undefined;
  return {
    id: event.id,
    type: event.type,
    ...(event.from !== undefined && { from: event.from }),
    body: event.body,
    timestamp: iso(event.timestamp),
    _embedded: {
      ...(member && { from_member: { id: member.id } }),
      ...(user && { from_user: { id: user.id, name: user.name, display_name: user.displayName ?? user.name } }),
    },
    _links: { self: { href: `${base}/v1/conversations/${event.conversationId}/events/${event.id}` } },
  };
}

function safeMember(store: ConversationStore, event: ConversationEvent): Member | undefined {
  try {
    return store.member(event.conversationId, event.from as string);
  } catch {
    return undefined; // the member left and was removed with its conversation
  }
}

/** Cursor paging as Vonage does it: `cursor` is opaque; here it encodes the offset. */
export function paginate<T>(
  items: T[],
  query: { page_size?: number; cursor?: string; order?: string },
  selfUrl: string,
) {
  const pageSize = query.page_size ?? 10;
  const ordered = query.order?.toLowerCase() === 'desc' ? [...items].reverse() : items;
  const offset = query.cursor ? Number(Buffer.from(query.cursor, 'base64url').toString()) || 0 : 0;
  const page = ordered.slice(offset, offset + pageSize);
  const link = (at: number) => {
    const url = new URL(selfUrl);
    url.searchParams.set('page_size', String(pageSize));
    if (query.order) url.searchParams.set('order', query.order);
    if (at > 0) url.searchParams.set('cursor', Buffer.from(String(at)).toString('base64url'));
    else url.searchParams.delete('cursor');
    return { href: url.toString() };
  };
  return {
    page,
    pageSize,
    links: {
      first: link(0),
      self: link(offset),
      ...(offset + pageSize < ordered.length && { next: link(offset + pageSize) }),
      ...(offset > 0 && { prev: link(Math.max(0, offset - pageSize)) }),
    },
  };
}
