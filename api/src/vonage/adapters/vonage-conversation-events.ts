import { Inject, Injectable } from '@nestjs/common';
import type { Event, ListConversationsParameters, Member } from '@vonage/conversations';
import { UpstreamError } from '../../common/upstream/upstream.error.js';
import { ConversationEvents, NameTakenError, TransportRef } from '../../conversations/conversation-events.js';
import { VONAGE_CLIENT } from '../vonage.tokens.js';
import { callVonage } from '../vonage-call.js';
import type { VonageClients } from '../vonage-clients.js';

/**
 * Vonage Conversations v1 + Users v1 (In-App Messaging; retired by Vonage in 2026, served by the
 * sandbox). Vonage answers 409 for a duplicate conversation or user name and for a user who is
 * already a member; the first two become NameTakenError, the last is success.
 */
/** Vonage's 409s here mean "exists already", which the methods below handle as an answer. */
const ALREADY_THERE = { expected: [409] };

@Injectable()
export class VonageConversationEvents extends ConversationEvents {
  constructor(@Inject(VONAGE_CLIENT) private readonly vonage: VonageClients) {
    super();
  }

  async findConversation(name: string): Promise<TransportRef | null> {
    return callVonage('conversations.find', async () => {
      // Vonage has no name filter on this list (the sandbox has one): filter here either way.
      const filter = { name, pageSize: 100 } as ListConversationsParameters;
      const conversations = await this.vonage.conversations();
      for await (const conversation of conversations.listAllConversations(filter)) {
        if (conversation.name === name) return { id: conversation.id!, name };
      }
      return null;
    });
  }

  async createConversation({ name, displayName }: { name: string; displayName: string }): Promise<TransportRef> {
    const created = await this.nameTakenOn409('conversation', name, () =>
      callVonage(
        'conversations.create',
        async () => (await this.vonage.conversations()).createConversation({ name, displayName }),
        ALREADY_THERE,
      ),
    );
    return { id: created.id!, name };
  }

  async findUser(name: string): Promise<TransportRef | null> {
    const page = await callVonage('users.find', async () =>
      (await this.vonage.users()).getUserPage({ name, pageSize: 10 }),
    );
    // getUserPage answers Vonage's raw snake_case body.
    const users =
      (page as unknown as { _embedded?: { users?: { id: string; name: string }[] } })._embedded?.users ?? [];
    const user = users.find((candidate) => candidate.name === name);
    return user ? { id: user.id, name } : null;
  }

  async createUser({ name, displayName }: { name: string; displayName: string }): Promise<TransportRef> {
    const created = await this.nameTakenOn409('user', name, () =>
      callVonage(
        'users.create',
        async () => (await this.vonage.users()).createUser({ name, displayName }),
        ALREADY_THERE,
      ),
    );
    return { id: created.id!, name };
  }

  async join(conversationId: string, userId: string): Promise<string> {
    const member = { state: 'JOINED', user: { id: userId }, channel: { type: 'app' } } as unknown as Member;
    try {
      const created = await callVonage(
        'conversations.join',
        async () => (await this.vonage.conversations()).createMember(conversationId, member),
        ALREADY_THERE,
      );
      return created.id!;
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.kind !== 'conflict') throw error;
      // Already a member: find which one.
      const existing = await callVonage('conversations.members', async () => {
        const conversations = await this.vonage.conversations();
        for await (const candidate of conversations.listAllMembers(conversationId)) {
          if (candidate.user?.id === userId && String(candidate.state) !== 'LEFT') return candidate;
        }
        return undefined;
      });
      if (!existing) throw error;
      return existing.id!;
    }
  }

  async post(
    conversationId: string,
    event: { type: string; body: Record<string, unknown>; from?: string },
  ): Promise<{ id: string }> {
    const created = await callVonage('conversations.event', async () =>
      (await this.vonage.conversations()).createEvent(conversationId, {
        type: event.type,
        body: event.body,
        from: event.from,
      } as unknown as Event),
    );
    return { id: String(created.id) };
  }

  private async nameTakenOn409<T>(kind: 'conversation' | 'user', name: string, create: () => Promise<T>): Promise<T> {
    try {
      return await create();
    } catch (error) {
      if (error instanceof UpstreamError && error.kind === 'conflict') throw new NameTakenError(kind, name);
      throw error;
    }
  }
}
