/** A conversation, a participant or a membership as the event transport names it. */
export interface TransportRef {
  id: string;
  name: string;
}

/** The transport refused a create because the name exists (someone else created it first). */
export class NameTakenError extends Error {
  constructor(kind: 'conversation' | 'user', name: string) {
    super(`A ${kind} named '${name}' already exists`);
    this.name = 'NameTakenError';
  }
}

/**
 * Port: a named channel staff dashboards listen to, with participants and custom events.
 * Bound to Vonage Conversations + Users today (In-App Messaging, retired by Vonage in 2026 and
 * served by the sandbox); another transport implements these six calls and nothing else changes.
 * The find-or-create logic, caching and retries live in ConversationsService, not here.
 * A transport failure is an UpstreamError (common/upstream); `kind` 'not-found' means an id it
 * no longer knows.
 */
export abstract class ConversationEvents {
  abstract findConversation(name: string): Promise<TransportRef | null>;
  /** @throws NameTakenError when the name is taken. */
  abstract createConversation(input: { name: string; displayName: string }): Promise<TransportRef>;
  abstract findUser(name: string): Promise<TransportRef | null>;
  /** @throws NameTakenError when the name is taken. */
  abstract createUser(input: { name: string; displayName: string }): Promise<TransportRef>;
  /** Makes the user a joined member (already being one is fine); resolves with the member id. */
  abstract join(conversationId: string, userId: string): Promise<string>;
  /** Posts a custom event (type e.g. `custom:support_request`), optionally from a member. */
  abstract post(
    conversationId: string,
    event: { type: string; body: Record<string, unknown>; from?: string },
  ): Promise<{ id: string }>;
}
