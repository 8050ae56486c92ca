import { aclAllows } from '../auth/acl.js';
import type { Acl } from '../auth/credentials.js';
import type { ConversationEvent, ConversationStore } from '../conversations/store.js';
import { iso } from '../validation.js';

/**
 * A conversation event as the Client SDKs receive it, over the socket (event name = type) and
 * from the /beta2 events list: `cid` names the conversation, `_embedded` the sender.
 */
export function clientEvent(event: ConversationEvent, store: ConversationStore) {
  let fromUser: { id: string; name: string; display_name: string } | undefined;
  if (event.from) {
    try {
      const user = store.user(store.member(event.conversationId, event.from).userId);
      fromUser = { id: user.id, name: user.name, display_name: user.displayName ?? user.name };
    } catch {
      fromUser = undefined; // sender gone (deleted user or conversation)
    }
  }
  return {
    id: event.id,
    cid: event.conversationId,
    type: event.type,
    ...(event.from !== undefined && { from: event.from }),
    body: event.body,
    timestamp: iso(event.timestamp),
    _embedded: {
      ...(event.from !== undefined && { from_member: { id: event.from } }),
      ...(fromUser && { from_user: fromUser }),
    },
  };
}

/**
 * Whether a client token may read a conversation's events: its ACL must grant GET on the
 * conversation (`/*\/conversations/<id>`) or on its events. A token without ACL has full access.
 */
export function canReadConversation(acl: Acl | undefined, conversationId: string): boolean {
  return (
    aclAllows(acl, 'GET', `/v0.3/conversations/${conversationId}`) ||
    aclAllows(acl, 'GET', `/v0.3/conversations/${conversationId}/events`)
  );
}
