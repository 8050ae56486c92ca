import { ConflictException, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { Role } from '../common/auth/role.js';
import { UserDto } from './dto/user.dto.js';
import { NotificationChannel, User, UserDocument, VerifyChannel } from './schemas/user.schema.js';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';

export interface NewUser {
  email: string;
  name: string;
  phone: string;
  role: Role;
  passwordHash: string;
  verifyChannel?: VerifyChannel;
}


@Injectable()
export class UsersService {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  async create(user: NewUser): Promise<UserDocument> {
    try {
      return await this.users.create({ ...user, email: user.email.toLowerCase() });
    } catch (error) {
      // The unique index decides, so two concurrent registrations cannot both win.
      if (isDuplicateKeyError(error)) {
        throw new ConflictException({ type: 'email-taken', message: 'An account with this email already exists' });
      }
      throw error;
    }
  }

  /**
   * The account with this email, read so that finding one costs what finding none costs (sign-in
   * must not tell which addresses exist by its timing). Asking for up to two matches of a unique
   * field does that: MongoDB answers both from the index alike, and FerretDB v1, which scans the
   * collection for this filter, reads all of it whether the address is there or not — with
   * `findOne` it stopped at a match, and unknown addresses answered measurably later
   * (bench/login-timing.mjs: +35 ms with 400 accounts).
   */
  async findByEmail(email: string): Promise<UserDocument | null> {
    const [user] = await this.users.find({ email: email.toLowerCase() }).limit(2).exec();
    return user ?? null;
  }

  findById(id: string): Promise<UserDocument | null> {
    return this.users.findById(id).exec();
  }

  /** The most recent account with this E.164 phone number (numbers are not unique across accounts). */
  findByPhone(phone: string): Promise<UserDocument | null> {
    return this.users.findOne({ phone }).sort({ createdAt: -1 }).exec();
  }

  /** Sets where order notifications go, for one account (by id) or every account with a phone number; returns how many changed. */
  async setNotificationChannel(phoneOrId: string, channel: NotificationChannel): Promise<number> {
    const filter = /^[0-9a-f]{24}$/i.test(phoneOrId) ? { _id: phoneOrId } : { phone: phoneOrId };
    const result = await this.users.updateMany(filter, { $set: { notificationChannel: channel } }).exec();
    return result.matchedCount;
  }

  /** Applies profile changes the caller may make; resolves with the updated user, or null if gone. */
  updateProfile(
    id: string,
    changes: Partial<Pick<User, 'name' | 'phone' | 'notificationChannel' | 'verifyChannel'>>,
  ): Promise<UserDocument | null> {
    return this.users.findByIdAndUpdate(id, { $set: changes }, { returnDocument: 'after', runValidators: true }).exec();
  }

  async exists(email: string): Promise<boolean> {
    return (await this.users.exists({ email: email.toLowerCase() })) !== null;
  }

  static toDto(user: UserDocument): UserDto {
    return {
      id: user.id as string,
      email: user.email,
      name: user.name,
      phone: user.phone,
      role: user.role,
      verifyChannel: user.verifyChannel ?? 'sms',
      notificationChannel: user.notificationChannel ?? 'sms',
      createdAt: user.createdAt.toISOString(),
    };
  }
}
