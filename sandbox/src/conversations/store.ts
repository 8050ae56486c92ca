import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { ProblemError } from '../problem.js';

export interface User {
  id: string;
  name: string;
  displayName?: string;
  imageUrl?: string;
  customData: Record<string, unknown>;
  createdAt: number;
}

export interface Conversation {
  id: string;
  name: string;
  displayName?: string;
  imageUrl?: string;
  state: 'ACTIVE' | 'INACTIVE';
  customData: Record<string, unknown>;
  ttl?: number;
  createdAt: number;
  /** Id of the last event: events are numbered 1, 2, 3… per conversation. */
  sequenceNumber: number;
}

export type MemberState = 'JOINED' | 'INVITED' | 'LEFT';

export interface Member {
  id: string;
  conversationId: string;
  userId: string;
  state: MemberState;
  channel: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface ConversationEvent {
  id: number;
  conversationId: string;
  type: string;
  from?: string;
  body: Record<string, unknown>;
  timestamp: number;
}

const CONVERSATION_ERRORS = 'https://developer.nexmo.com/api-errors/conversation';

/** A Conversation API error: Vonage's body carries the error `code` next to the problem fields. */
export function conversationError(status: number, code: string, title: string, detail: string): ProblemError {
  return new ProblemError(status, { type: `${CONVERSATION_ERRORS}#${code}`, title, code, detail });
}

const userNotFound = () =>
  conversationError(404, 'user:error:not-found', 'Not found.', 'User does not exist, or you do not have access.');
const conversationNotFound = () =>
  conversationError(
    404,
    'conversation:error:not-found',
    'Not found.',
    'Conversation does not exist, or you do not have access.',
  );
const memberNotFound = () =>
  conversationError(404, 'member:error:not-found', 'Not found.', 'Member does not exist, or you do not have access.');

/**
 * Users, conversations, members and events of the Conversation API, in memory. Every event added
 * to a conversation is emitted as 'event' so the real-time layer can push it to sessions.
 */
export class ConversationStore extends EventEmitter<{ event: [ConversationEvent] }> {
  private users = new Map<string, User>();
  private conversations = new Map<string, Conversation>();
  private members = new Map<string, Member>();
  private events = new Map<string, ConversationEvent[]>();

  constructor(private readonly now: () => number) {
    super();
  }

  reset(): void {
    this.users.clear();
    this.conversations.clear();
    this.members.clear();
    this.events.clear();
  }

  // Users

  createUser(input: {
    name?: string;
    displayName?: string;
    imageUrl?: string;
    customData?: Record<string, unknown>;
  }): User {
    const name = input.name ?? `NAM-${randomUUID()}`;
    if (this.userByName(name))
      throw conversationError(
        409,
        'user:error:duplicate-name',
        'Conflict.',
        `User with name '${name}' already exists.`,
      );
    const user: User = {
      id: `USR-${randomUUID()}`,
      name,
      displayName: input.displayName,
      imageUrl: input.imageUrl,
      customData: input.customData ?? {},
      createdAt: this.now(),
    };
    this.users.set(user.id, user);
    return user;
  }

  updateUser(
    id: string,
    changes: { name?: string; displayName?: string; imageUrl?: string; customData?: Record<string, unknown> },
  ): User {
    const user = this.user(id);
    if (changes.name !== undefined && changes.name !== user.name && this.userByName(changes.name)) {
      throw conversationError(
        409,
        'user:error:duplicate-name',
        'Conflict.',
        `User with name '${changes.name}' already exists.`,
      );
    }
    Object.assign(user, Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)));
    return user;
  }

  deleteUser(id: string): void {
    this.user(id);
    this.users.delete(id);
  }

  user(id: string): User {
    const user = this.users.get(id);
    if (!user) throw userNotFound();
    return user;
  }

  userByName(name: string): User | undefined {
    return [...this.users.values()].find((u) => u.name === name);
  }

  listUsers(name?: string): User[] {
    return [...this.users.values()]
      .filter((u) => name === undefined || u.name === name)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  // Conversations

  createConversation(input: {
    name?: string;
    displayName?: string;
    imageUrl?: string;
    customData?: Record<string, unknown>;
    ttl?: number;
  }): Conversation {
    const name = input.name ?? `NAM-${randomUUID()}`;
    if (this.conversationByName(name)) {
      throw conversationError(
        409,
        'conversation:error:duplicate-name',
        'Conflict.',
        `A conversation named '${name}' already exists.`,
      );
    }
    const conversation: Conversation = {
      id: `CON-${randomUUID()}`,
      name,
      displayName: input.displayName,
      imageUrl: input.imageUrl,
      state: 'ACTIVE',
      customData: input.customData ?? {},
      ttl: input.ttl,
      createdAt: this.now(),
      sequenceNumber: 0,
    };
    this.conversations.set(conversation.id, conversation);
    this.events.set(conversation.id, []);
    return conversation;
  }

  updateConversation(
    id: string,
    changes: { name?: string; displayName?: string; imageUrl?: string; customData?: Record<string, unknown> },
  ): Conversation {
    const conversation = this.conversation(id);
    if (changes.name !== undefined && changes.name !== conversation.name && this.conversationByName(changes.name)) {
      throw conversationError(
        409,
        'conversation:error:duplicate-name',
        'Conflict.',
        `A conversation named '${changes.name}' already exists.`,
      );
    }
    Object.assign(conversation, Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)));
    return conversation;
  }

  deleteConversation(id: string): void {
    this.conversation(id);
    this.conversations.delete(id);
    this.events.delete(id);
    for (const member of this.members.values()) if (member.conversationId === id) this.members.delete(member.id);
  }

  conversation(id: string): Conversation {
    const conversation = this.conversations.get(id);
    if (!conversation) throw conversationNotFound();
    return conversation;
  }

  conversationByName(name: string): Conversation | undefined {
    return [...this.conversations.values()].find((c) => c.name === name);
  }

  listConversations(filter: { name?: string; userId?: string } = {}): Conversation[] {
    return [...this.conversations.values()]
      .filter((c) => filter.name === undefined || c.name === filter.name)
      .filter(
        (c) =>
          filter.userId === undefined ||
          this.listMembers(c.id).some((m) => m.userId === filter.userId && m.state !== 'LEFT'),
      )
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  // Members

  createMember(
    conversationId: string,
    input: { userId?: string; userName?: string; state: MemberState; channel?: Record<string, unknown> },
  ): Member {
    this.conversation(conversationId);
    const user = input.userId ? this.user(input.userId) : input.userName ? this.userByName(input.userName) : undefined;
    if (!user) throw userNotFound();
    const existing = this.listMembers(conversationId).find((m) => m.userId === user.id && m.state !== 'LEFT');
    if (existing) {
      throw conversationError(
        409,
        'member:error:user-already-joined',
        'Conflict.',
        `User ${user.id} is already a member of ${conversationId}.`,
      );
    }
    const now = this.now();
    const member: Member = {
      id: `MEM-${randomUUID()}`,
      conversationId,
      userId: user.id,
      state: input.state,
      channel: input.channel ?? { type: 'app' },
      createdAt: now,
      updatedAt: now,
    };
    this.members.set(member.id, member);
    this.addEvent(conversationId, {
      type: input.state === 'INVITED' ? 'member:invited' : 'member:joined',
      from: member.id,
      body: {
        user: { id: user.id, name: user.name, display_name: user.displayName ?? user.name },
        channel: member.channel,
      },
    });
    return member;
  }

  updateMemberState(conversationId: string, memberId: string, state: MemberState): Member {
    const member = this.member(conversationId, memberId);
    if (member.state !== state) {
      member.state = state;
      member.updatedAt = this.now();
      const user = this.user(member.userId);
      this.addEvent(conversationId, {
        type: `member:${state.toLowerCase()}`,
        from: member.id,
        body: { user: { id: user.id, name: user.name } },
      });
    }
    return member;
  }

  member(conversationId: string, memberId: string): Member {
    this.conversation(conversationId);
    const member = this.members.get(memberId);
    if (member?.conversationId !== conversationId) throw memberNotFound();
    return member;
  }

  memberOfUser(conversationId: string, userId: string): Member | undefined {
    return this.listMembers(conversationId).find((m) => m.userId === userId && m.state !== 'LEFT');
  }

  listMembers(conversationId: string): Member[] {
    return [...this.members.values()]
      .filter((m) => m.conversationId === conversationId)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  // Events

  addEvent(
    conversationId: string,
    input: { type: string; from?: string; body: Record<string, unknown> },
  ): ConversationEvent {
    const conversation = this.conversation(conversationId);
    if (input.from !== undefined) this.member(conversationId, input.from);
    conversation.sequenceNumber += 1;
    const event: ConversationEvent = {
      id: conversation.sequenceNumber,
      conversationId,
      type: input.type,
      from: input.from,
      body: input.body,
      timestamp: this.now(),
    };
    this.events.get(conversationId)!.push(event);
    this.emit('event', event);
    return event;
  }

  listEvents(conversationId: string): ConversationEvent[] {
    this.conversation(conversationId);
    return [...(this.events.get(conversationId) ?? [])];
  }

  event(conversationId: string, eventId: number): ConversationEvent {
    const event = this.listEvents(conversationId).find((e) => e.id === eventId);
    if (!event)
      throw conversationError(
        404,
        'event:error:not-found',
        'Not found.',
        'Event does not exist, or you do not have access.',
      );
    return event;
  }

  deleteEvent(conversationId: string, eventId: number): void {
    this.event(conversationId, eventId);
    this.events.set(
      conversationId,
      this.listEvents(conversationId).filter((e) => e.id !== eventId),
    );
  }
}
