import { ConflictException, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { whenDatabaseReady } from '../common/database/when-database-ready.js';
import { authConfig, AuthConfig } from '../config/configuration.js';
import { UsersService } from '../users/users.service.js';
import { PasswordHasher } from './password-hasher.js';

/**
 * Creates the first admin from ADMIN_* settings when no account has that email.
 * Runs in the background so a late database does not hold up start-up.
 */
@Injectable()
export class AdminSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminSeeder.name);
  private readonly shutdown = new AbortController();
  private running?: Promise<boolean>;

  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  /** Settles once the admin account exists (tests wait on it). */
  get seeded(): Promise<boolean> {
    return this.running ?? Promise.resolve(false);
  }

  onApplicationBootstrap(): void {
    this.running = whenDatabaseReady(this.connection, () => this.seedOnce(), {
      signal: this.shutdown.signal,
      logger: this.logger,
      name: 'admin seeding',
    });
  }

  /** Lets an attempt in flight finish, so nothing touches the database after it closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    await this.running;
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
