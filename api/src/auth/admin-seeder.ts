import { ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { StartupSeeder } from '../common/database/startup-seeder.js';
import { AuthConfig, authConfig } from '../config/configuration.js';
import { UsersService } from '../users/users.service.js';
import { PasswordHasher } from './password-hasher.js';

/** Creates the first admin from ADMIN_* settings when no account has that email. */
@Injectable()
export class AdminSeeder extends StartupSeeder {
  protected readonly logger = new Logger(AdminSeeder.name);

  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    @InjectConnection() connection: Connection,
  ) {
    super(connection);
  }

  protected async seedOnce(): Promise<void> {
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
      if (!(error instanceof ConflictException)) throw error;
      // One account per phone number: an account already holds ADMIN_PHONE. Retrying cannot help.
      if ((error.getResponse() as { type?: string }).type === 'phone-taken') {
        this.logger.error(
          `not seeding admin ${admin.email}: ADMIN_PHONE belongs to another account; set another ADMIN_PHONE`,
        );
      }
      // Otherwise another instance seeded it first: that is success too.
    }
  }
}
