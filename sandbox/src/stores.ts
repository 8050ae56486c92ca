import type { SandboxConfig } from './config.js';
import { ConversationStore } from './conversations/store.js';
import { FaultStore } from './faults/store.js';
import { RoomStore } from './meetings/store.js';
import { MessageStore } from './messages/store.js';
import { WebhookSender } from './messages/webhooks.js';
import { VerifyStore } from './verify/store.js';
import { VideoStore } from './video/store.js';

/** All in-memory state of one sandbox; reset() empties every store. */
export class SandboxStores {
  readonly verify: VerifyStore;
  readonly messages: MessageStore;
  readonly webhooks: WebhookSender;
  readonly rooms: RoomStore;
  readonly conversations: ConversationStore;
  readonly faults: FaultStore;
  readonly video: VideoStore;

  constructor(config: SandboxConfig) {
    this.verify = new VerifyStore({
      now: config.now,
      maxAttempts: config.verifyMaxAttempts,
      codeTtlSeconds: config.verifyCodeTtlSeconds,
    });
    this.messages = new MessageStore(config.now);
    this.webhooks = new WebhookSender(config);
    this.rooms = new RoomStore(config.now);
    this.conversations = new ConversationStore(config.now);
    this.faults = new FaultStore(config.now);
    this.video = new VideoStore(config.now);
  }

  reset(): void {
    this.verify.reset();
    this.messages.reset();
    this.webhooks.reset();
    this.rooms.reset();
    this.conversations.reset();
    this.faults.reset();
    this.video.reset();
  }
}
