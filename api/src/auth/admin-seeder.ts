import { ConflictException, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { once } from 'node:events';
import type { Connection } from 'mongoose';
import { authConfig, AuthConfig } from '../config/configuration.js';
import { UsersService } from '../users/users.service.js';
import { PasswordHasher } from './password-hasher.js';

const RETRY_DELAY_MS = 2000;

/**
 * Creates the first admin from ADMIN_* settings when no account has that email.
 * Runs in the background so a late database does not hold up start-up.
 */
@Injectable()
export class AdminSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminSeeder.name);
  private resolveSeeded!: () => void;
  private readonly shutdown = new AbortController();

  /** Settles once the admin account exists (tests and the readiness story wait on it). */
  readonly seeded = new Promise<void>((resolve) => (this.resolveSeeded = resolve));

  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  private running?: Promise<void>;

  onApplicationBootstrap(): void {
    this.running = this.seedUntilDone();
  }

  /** Lets an attempt in flight finish, so nothing touches the database after it closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    await this.running;
  }

  private async seedUntilDone(): Promise<void> {
    const { signal } = this.shutdown;
    while (!signal.aborted) {
      try {
        // Wait for the database instead of letting queries pile up in mongoose's buffer.
        if (this.connection.readyState !== 1) await once(this.connection, 'connected', { signal });
        await this.seedOnce();
        this.resolveSeeded();
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.logger.warn(`admin seeding failed, retrying: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS).unref());
      }
    }
  }

  private async seedOnce(): Promise<void> {
    const { admin } = this.config;
    if (await this.users.exists(admin.email)) return;
    try {
      await this.users.create({
        email: admin.email,
        name: admin.name,
        phone: admin.phone,
        role: 'admin',
        passwordHash: await this.passwords.hash(admin.password),
      });
      this.logger.log(`seeded admin account ${admin.email}`);
    } catch (error) {
      // Another instance seeded it first: that is success too.
      if (!(error instanceof ConflictException)) throw error;
    }
  }
}
