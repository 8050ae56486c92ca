import { ConflictException, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types } from 'mongoose';
import type { Role } from '../common/auth/role.js';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';
import { UserDto } from './dto/user.dto.js';
import { Language, NotificationChannel, User, UserDocument, VerifyChannel } from './schemas/user.schema.js';

export interface NewUser {
  email: string;
  name: string;
  phone: string;
  role: Role;
  passwordHash: string;
  verifyChannel?: VerifyChannel;
  language?: Language;
  invite?: User['invite'];
}

/** What every authenticated request needs to know about its account (read per request, so kept small). */
export interface AccountState {
  role: Role;
  tokenVersion: number;
  disabled: boolean;
}

export interface UserListQuery {
  role?: Role;
  disabled?: boolean;
  limit: number;
  /** Page-based: skip (page - 1) * limit. Ignored when `after` is given. */
  page: number;
  /** Cursor-based: the id of the last user of the previous page. */
  after?: string;
}

/**
 * The answers for a taken email or phone. The phone one never says which account holds the
 * number (the caller may not know that account's email).
 */
/** An account that may still act: a deleted one is a 401 (its tokens speak for nobody), a disabled one a 403. */
export function activeAccount(user: UserDocument | null): UserDocument {
  if (!user) throw new UnauthorizedException({ type: 'invalid-token', message: 'The account no longer exists' });
  if (user.disabled) throw accountDisabled();
  return user;
}

export const accountDisabled = () =>
  new ForbiddenException({ type: 'account-disabled', message: 'This account is disabled; ask an admin' });

export const emailTaken = () =>
  new ConflictException({ type: 'email-taken', message: 'An account with this email already exists' });
export const phoneTaken = () =>
  new ConflictException({
    type: 'phone-taken',
    message: 'This phone number belongs to another account; use another number',
  });

@Injectable()
export class UsersService {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  async create(user: NewUser): Promise<UserDocument> {
    const email = user.email.toLowerCase();
    try {
      return await this.users.create({ ...user, email });
    } catch (error) {
      // The unique indexes decide, so two concurrent registrations cannot both win. FerretDB's
      // duplicate-key error does not name the index, so we look which key is taken.
      if (isDuplicateKeyError(error)) throw (await this.exists(email)) ? emailTaken() : phoneTaken();
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

  /** The account with this E.164 phone number (one at most: the phone index is unique). */
  findByPhone(phone: string): Promise<UserDocument | null> {
    return this.users.findOne({ phone }).sort({ createdAt: -1 }).exec();
  }

  /** Whether another account than `exceptId` holds this number. */
  async phoneInUse(phone: string, exceptId?: string): Promise<boolean> {
    const holder = await this.users.findOne({ phone }, { _id: 1 }).lean().exec();
    return holder !== null && holder._id.toString() !== exceptId;
  }

  /** The per-request account check (role, token version, disabled), as a small lean read. */
  async accountState(id: string): Promise<AccountState | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const user = await this.users.findById(id, { role: 1, tokenVersion: 1, disabled: 1 }).lean().exec();
    return user ? { role: user.role, tokenVersion: user.tokenVersion ?? 0, disabled: user.disabled === true } : null;
  }

  /** Sets where order notifications go, for one account (by id) or every account with a phone number; returns how many changed. */
  async setNotificationChannel(phoneOrId: string, channel: NotificationChannel): Promise<number> {
    const filter = /^[0-9a-f]{24}$/i.test(phoneOrId) ? { _id: phoneOrId } : { phone: phoneOrId };
    const result = await this.users.updateMany(filter, { $set: { notificationChannel: channel } }).exec();
    return result.matchedCount;
  }

  /** Applies profile changes the caller may make; resolves with the updated user, or null if gone. */
  async updateProfile(
    id: string,
    changes: Partial<Pick<User, 'name' | 'phone' | 'notificationChannel' | 'verifyChannel' | 'language'>>,
  ): Promise<UserDocument | null> {
    try {
      return await this.users
        .findByIdAndUpdate(id, { $set: changes }, { returnDocument: 'after', runValidators: true })
        .exec();
    } catch (error) {
      // Only the phone is unique among what a profile change may set.
      if (isDuplicateKeyError(error)) throw phoneTaken();
      throw error;
    }
  }

  /** Applies an admin's change; `tokenVersion` is raised in the same write when sessions must end. */
  update(
    id: string,
    set: Partial<Pick<User, 'role' | 'disabled' | 'passwordHash' | 'invite'>>,
    endSessions: boolean,
  ): Promise<UserDocument | null> {
    return this.users
      .findByIdAndUpdate(
        id,
        { $set: set, ...(endSessions ? { $inc: { tokenVersion: 1 } } : {}) },
        { returnDocument: 'after', runValidators: true },
      )
      .exec();
  }

  /** Raises the token version: every access token issued before stops working at once. */
  async endSessions(id: string): Promise<void> {
    await this.users.updateOne({ _id: id }, { $inc: { tokenVersion: 1 } }).exec();
  }

  /** Counts one wrong invitation code; resolves with the updated account. */
  countWrongInviteCode(id: string): Promise<UserDocument | null> {
    return this.users.findByIdAndUpdate(id, { $inc: { 'invite.wrongCodes': 1 } }, { returnDocument: 'after' }).exec();
  }

  /** Admins who can still act: enabled accounts with the admin role. */
  activeAdmins(): Promise<number> {
    return this.users.countDocuments({ role: 'admin', disabled: trusted({ $ne: true }) }).exec();
  }

  /** Newest first (by id, which grows with time), with a total for page-based paging. */
  async list(query: UserListQuery): Promise<{ items: UserDocument[]; total: number; nextCursor: string | null }> {
    const filter: Record<string, unknown> = {};
    if (query.role) filter.role = query.role;
    if (query.disabled !== undefined) filter.disabled = query.disabled ? true : trusted({ $ne: true });
    const pageFilter = query.after ? { ...filter, _id: trusted({ $lt: new Types.ObjectId(query.after) }) } : filter;
    const skip = query.after ? 0 : (query.page - 1) * query.limit;
    const [items, total] = await Promise.all([
      // One more than asked tells whether another page follows.
      this.users
        .find(pageFilter)
        .sort({ _id: -1 })
        .skip(skip)
        .limit(query.limit + 1)
        .exec(),
      this.users.countDocuments(filter).exec(),
    ]);
    const more = items.length > query.limit;
    const page = items.slice(0, query.limit);
    return { items: page, total, nextCursor: more ? page[page.length - 1].id : null };
  }

  async exists(email: string): Promise<boolean> {
    return (await this.users.exists({ email: email.toLowerCase() })) !== null;
  }

  static toDto(user: UserDocument): UserDto {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      phone: user.phone,
      role: user.role,
      verifyChannel: user.verifyChannel ?? 'sms',
      notificationChannel: user.notificationChannel ?? 'sms',
      language: user.language ?? 'en',
      disabled: user.disabled === true,
      invitePending: user.invite != null,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
