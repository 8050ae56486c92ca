import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { StartupSeeder } from '../common/database/startup-seeder.js';
import { User } from './schemas/user.schema.js';

/**
 * Databases made before "one account per phone number" have a plain `phone_1` index, which
 * blocks the unique one the schema now declares (same key, other options). This drops the old
 * index and builds the unique one — unless several accounts already share a number: then it
 * logs which numbers (masked) need a decision and leaves the index as it is. New sign-ups and
 * phone changes are refused for taken numbers either way (UsersService checks first).
 */
@Injectable()
export class PhoneIndexMigration extends StartupSeeder {
  protected readonly logger = new Logger(PhoneIndexMigration.name);

  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    @InjectConnection() connection: Connection,
  ) {
    super(connection);
  }

  protected async seedOnce(): Promise<void> {
    const collection = this.users.collection;
    const indexes = await collection.indexes().catch(() => []);
    const phone = indexes.find((index) => index.name === 'phone_1');
    if (phone?.unique) return;
    const shared = await this.users
      .aggregate<{ _id: string; count: number }>([
        { $group: { _id: '$phone', count: { $sum: 1 } } },
        { $match: { count: { $gt: 1 } } },
      ])
      .exec();
    if (shared.length > 0) {
      this.logger.error(
        { numbers: shared.map((s) => `${s._id.slice(0, 3)}…${s._id.slice(-2)} (${s.count} accounts)`) },
        `${shared.length} phone number(s) are shared by several accounts: give each account its own number, then restart to make phone numbers unique`,
      );
      return;
    }
    if (phone) await collection.dropIndex('phone_1');
    await collection.createIndex({ phone: 1 }, { unique: true, name: 'phone_1' });
    this.logger.log('phone numbers are now unique per account');
  }
}
