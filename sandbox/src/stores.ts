import type { SandboxConfig } from './config.js';
import { MessageStore } from './messages/store.js';
import { WebhookSender } from './messages/webhooks.js';
import { VerifyStore } from './verify/store.js';

/** All in-memory state of one sandbox; reset() empties every store. */
export class SandboxStores {
  readonly verify: VerifyStore;
  readonly messages: MessageStore;
  readonly webhooks: WebhookSender;

  constructor(config: SandboxConfig) {
    this.verify = new VerifyStore({
      now: config.now,
      maxAttempts: config.verifyMaxAttempts,
      codeTtlSeconds: config.verifyCodeTtlSeconds,
    });
    this.messages = new MessageStore(config.now);
    this.webhooks = new WebhookSender(config);
  }

  reset(): void {
    this.verify.reset();
    this.messages.reset();
    this.webhooks.reset();
  }
}
