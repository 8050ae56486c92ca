import type { SandboxConfig } from './config.js';
import { VerifyStore } from './verify/store.js';

/** All in-memory state of one sandbox; reset() empties every store. */
export class SandboxStores {
  readonly verify: VerifyStore;

  constructor(config: SandboxConfig) {
    this.verify = new VerifyStore({
      now: config.now,
      maxAttempts: config.verifyMaxAttempts,
      codeTtlSeconds: config.verifyCodeTtlSeconds,
    });
  }

  reset(): void {
    this.verify.reset();
  }
}
