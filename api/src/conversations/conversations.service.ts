import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { PermanentError } from '../common/outbox/outbox.errors.js';
import { OutboxService } from '../common/outbox/outbox.service.js';
import type { OutboxTopic } from '../common/outbox/outbox-topics.js';
import { UpstreamError } from '../common/upstream/upstream.error.js';
import { VonageConfig, vonageConfig } from '../config/configuration.js';
import { ConversationEvents, NameTakenError, TransportRef } from './conversation-events.js';
import { ResourceIds } from './resource-ids.js';

declare module '../common/outbox/outbox-topics.js' {
  interface OutboxTopics {
    /** An event to post to a Vonage Conversation. */
    'conversations.event': ConversationEventPayload;
  }
}

/** Outbox topic of conversation events. */
export const CONVERSATION_EVENT_TOPIC = 'conversations.event' satisfies OutboxTopic;

/** One of our users, as the transport will know them. */
export interface Person {
  id: string;
  name: string;
}

export interface Membership {
  conversation: TransportRef;
  user: TransportRef;
  memberId: string;
}

export interface ConversationEventPayload extends Record<string, unknown> {
  conversation: string;
  type: string;
  body: Record<string, unknown>;
  /** Who the event is from: made a member first, so staff see who asked. */
  from?: Person;
}

/** The transport user name of one of our users: stable, and safe in any Vonage name. */
export const transportUserName = (person: Pick<Person, 'id'>) => `tt-${person.id}`;

/**
 * Conversations by name, people as transport users, membership, and events posted through the
 * outbox. Ids are looked up once, then kept in memory (one lookup in flight per name, so a burst
 * of callers makes one) and in `vonage_resources` (shared by instances and restarts). Two
 * instances creating the same name at once: one wins, the other's NameTakenError means "look it up".
 */
@Injectable()
export class ConversationsService implements OnModuleInit {
  private readonly logger = new Logger(ConversationsService.name);
  private readonly known = new Map<string, Promise<TransportRef>>();

  constructor(
    private readonly transport: ConversationEvents,
    private readonly ids: ResourceIds,
    private readonly outbox: OutboxService,
    @Inject(vonageConfig.KEY) private readonly config: VonageConfig,
  ) {}

  onModuleInit(): void {
    this.outbox.registerHandler(CONVERSATION_EVENT_TOPIC, (payload) => this.deliver(payload));
  }

  /** Name of the conversation staff dashboards listen to (pos-notifications). */
  get notificationsConversationName(): string {
    return this.config.notificationsConversation;
  }

  conversation(name: string): Promise<TransportRef> {
    return this.findOrCreate(`conversation:${name}`, {
      find: () => this.transport.findConversation(name),
      create: () => this.transport.createConversation({ name, displayName: name }),
    });
  }

  participant(person: Person): Promise<TransportRef> {
    const name = transportUserName(person);
    return this.findOrCreate(`user:${name}`, {
      find: () => this.transport.findUser(name),
      create: () => this.transport.createUser({ name, displayName: person.name }),
    });
  }

  /** Makes the person a joined member of the conversation (creating either as needed). */
  join(person: Person, conversationName = this.notificationsConversationName): Promise<Membership> {
    return this.withFreshIds(person, conversationName, () => this.membership(person, conversationName));
  }

  /**
   * Queues a custom event for the conversation; the outbox posts it, retrying while the transport
   * is down. `key` makes queueing idempotent (the same key is queued once).
   */
  async publish(key: string, event: ConversationEventPayload): Promise<void> {
    await this.outbox.enqueue([{ key, topic: CONVERSATION_EVENT_TOPIC, payload: event }]);
  }

  /** The outbox handler: join the sender, post the event. */
  async deliver(payload: ConversationEventPayload): Promise<{ conversationId: string; eventId: string }> {
    if (
      typeof payload?.conversation !== 'string' ||
      typeof payload.type !== 'string' ||
      typeof payload.body !== 'object'
    ) {
      throw new PermanentError('conversation event payload needs conversation, type and body');
    }
    const conversationName = payload.conversation;
    return this.withFreshIds(payload.from, conversationName, async () => {
      let from: string | undefined;
      let conversation: TransportRef;
      if (payload.from) ({ memberId: from, conversation } = await this.membership(payload.from, conversationName));
      else conversation = await this.conversation(conversationName);
      const event = await this.transport.post(conversation.id, { type: payload.type, body: payload.body, from });
      return { conversationId: conversation.id, eventId: event.id };
    });
  }

  private async membership(person: Person, conversationName: string): Promise<Membership> {
    const [conversation, user] = await Promise.all([this.conversation(conversationName), this.participant(person)]);
    const memberId = await this.transport.join(conversation.id, user.id);
    return { conversation, user, memberId };
  }

  private findOrCreate(
    key: string,
    how: { find: () => Promise<TransportRef | null>; create: () => Promise<TransportRef> },
  ): Promise<TransportRef> {
    let pending = this.known.get(key);
    if (!pending) {
      pending = this.resolve(key, how);
      this.known.set(key, pending);
      // A failure is not remembered: the next caller tries again.
      pending.catch(() => this.known.delete(key));
    }
    return pending;
  }

  private async resolve(
    key: string,
    { find, create }: { find: () => Promise<TransportRef | null>; create: () => Promise<TransportRef> },
  ) {
    const name = key.slice(key.indexOf(':') + 1);
    const stored = await this.ids.get(key);
    if (stored) return { id: stored, name };
    let found = await find();
    if (!found) {
      try {
        found = await create();
        this.logger.log(`created ${key} (${found.id})`);
      } catch (error) {
        if (!(error instanceof NameTakenError)) throw error;
        found = await find();
        if (!found) throw error;
      }
    }
    await this.ids.remember(key, found.id);
    // If another instance stored a different id first, everyone uses that one.
    return { id: (await this.ids.get(key)) ?? found.id, name };
  }

  /** A remembered id the transport no longer knows (deleted by hand, sandbox restarted): forget it and try once more. */
  private async withFreshIds<T>(
    person: Person | undefined,
    conversationName: string,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.kind !== 'not-found') throw error;
      const keys = [`conversation:${conversationName}`, ...(person ? [`user:${transportUserName(person)}`] : [])];
      this.logger.warn(`transport no longer knows ${keys.join(' or ')}; looking them up again`);
      for (const key of keys) {
        this.known.delete(key);
        await this.ids.forget(key);
      }
      return work();
    }
  }
}
