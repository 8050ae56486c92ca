import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuthService } from '../auth/auth.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import type { AuthenticatedUser } from '../common/auth/decorators.js';
import { KeyedLock } from '../common/concurrency/keyed-lock.js';
import { AuthConfig, authConfig, OrdersConfig, ordersConfig } from '../config/configuration.js';
import { MessageSender } from '../messaging/message-sender.js';
import { UserDto } from '../users/dto/user.dto.js';
import { UserDocument } from '../users/schemas/user.schema.js';
import { UsersService } from '../users/users.service.js';
import { AcceptInviteDto } from './dto/accept-invite.dto.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { CreatedUserDto } from './dto/created-user.dto.js';
import { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserPageDto } from './dto/user-page.dto.js';
import { hashInviteCode, inviteCodeMatches, newInviteCode } from './invite-code.js';

/** Compared against when there is no open invitation, so both refusals cost the same. */
const NO_INVITE_HASH = hashInviteCode(randomBytes(8).toString('hex'));
/** An id no account has: the counting write of a refusal without an invitation goes there. */
const NOBODY = '000000000000000000000000';

/** Wrong codes before an invitation is void (the admin sends a new one). */
export const MAX_WRONG_INVITE_CODES = 5;

const invalidInvite = () =>
  // One answer for unknown email, no invitation, expired, wrong or used code: it tells nothing about the account.
  new UnauthorizedException({
    type: 'invalid-invite',
    message: 'This email and code do not match an open invitation; ask an admin for a new one',
  });

/**
 * Staff accounts, run by admins: list, invite (a one-time code by SMS through the Messages API),
 * change role, disable and enable. Every change that takes rights away ends the account's
 * sessions at once; nobody changes their own role or disables themselves, and the last active
 * admin stays one.
 */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);
  /** Serialises admin-count checks in this process; the re-count after each write covers other instances. */
  private readonly adminChanges = new KeyedLock();

  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly passwords: PasswordHasher,
    private readonly sender: MessageSender,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    @Inject(ordersConfig.KEY) private readonly orders: OrdersConfig,
  ) {}

  async list(query: ListUsersQueryDto): Promise<UserPageDto> {
    const page = query.cursor ? 1 : (query.page ?? 1);
    const limit = query.limit ?? 20;
    const { items, total, nextCursor } = await this.users.list({
      role: query.role,
      disabled: query.disabled,
      limit,
      page,
      after: query.cursor,
    });
    return { items: items.map((user) => UsersService.toDto(user)), page, limit, total, nextCursor };
  }

  async get(id: string): Promise<UserDto> {
    return UsersService.toDto(await this.existing(id));
  }

  async create(input: CreateUserDto): Promise<CreatedUserDto> {
    const code = newInviteCode();
    const user = await this.users.create({
      email: input.email,
      name: input.name,
      phone: input.phone,
      role: input.role,
      // Unusable until the invitation is accepted: nobody knows a password for this hash.
      passwordHash: await this.passwords.hash(randomBytes(32).toString('base64url')),
      invite: this.newInvite(code),
    });
    return { ...UsersService.toDto(user), inviteSent: await this.sendInvite(user, code) };
  }

  /** A new invitation code (the old one stops working), for an account that has not set its password yet. */
  async resendInvite(id: string): Promise<CreatedUserDto> {
    const user = await this.existing(id);
    if (!user.invite)
      throw new ConflictException({ type: 'invite-accepted', message: 'This person has already set a password' });
    const code = newInviteCode();
    const updated = (await this.users.update(id, { invite: this.newInvite(code) }, false)) ?? user;
    return { ...UsersService.toDto(updated), inviteSent: await this.sendInvite(updated, code) };
  }

  async update(caller: AuthenticatedUser, id: string, changes: UpdateUserDto): Promise<UserDto> {
    if (id === caller.id && (changes.role !== undefined || changes.disabled !== undefined)) {
      throw new ConflictException({
        type: 'own-account',
        message: 'You cannot change your own role or disable yourself; ask another admin',
      });
    }
    return this.adminChanges.run('admins', async () => {
      const user = await this.existing(id);
      const set: { role?: UserDto['role']; disabled?: boolean } = {};
      if (changes.role !== undefined && changes.role !== user.role) set.role = changes.role;
      if (changes.disabled !== undefined && changes.disabled !== (user.disabled === true))
        set.disabled = changes.disabled;
      if (Object.keys(set).length === 0) return UsersService.toDto(user);

      const wasActiveAdmin = user.role === 'admin' && !user.disabled;
      const staysActiveAdmin = (set.role ?? user.role) === 'admin' && !(set.disabled ?? user.disabled);
      const losesAdmin = wasActiveAdmin && !staysActiveAdmin;
      if (losesAdmin && (await this.users.activeAdmins()) <= 1) throw lastAdmin();

      const updated = await this.users.update(id, set, false);
      if (!updated) throw notFound();
      // Another instance may have taken the other admin away meanwhile: if none is left, undo.
      if (losesAdmin && (await this.users.activeAdmins()) === 0) {
        await this.users.update(id, { role: user.role, disabled: user.disabled === true }, false);
        throw lastAdmin();
      }
      // Rights taken away (role changed or disabled): every session of the account ends now.
      if (set.role !== undefined || set.disabled === true) await this.auth.endAllSessions(id);
      this.logger.log({ userId: id, by: caller.id, ...set }, 'account changed by an admin');
      return UsersService.toDto((await this.users.findById(id)) ?? updated);
    });
  }

  /** The public half: the invited person sets a password with the code they received. */
  async acceptInvite(input: AcceptInviteDto): Promise<void> {
    const user = await this.users.findByEmail(input.email);
    const invite = user?.invite;
    const open = !!user && !!invite && !user.disabled && invite.expiresAt.getTime() > Date.now();
    // Every refusal does the same work (a hash compare, one counting write: to nobody when there is
    // no open invitation), so its timing does not tell whether the email has one.
    const matches = inviteCodeMatches(input.code, open ? invite.codeHash : NO_INVITE_HASH);
    if (!open || !matches) {
      const counted = await this.users.countWrongInviteCode(open ? user.id : NOBODY);
      if (!open) throw invalidInvite();
      // Too many guesses void the invitation: the admin sends a new one.
      if ((counted?.invite?.wrongCodes ?? MAX_WRONG_INVITE_CODES) >= MAX_WRONG_INVITE_CODES) {
        await this.users.update(user.id, { invite: null }, false);
      }
      throw invalidInvite();
    }
    const passwordHash = await this.passwords.hash(input.password);
    await this.users.update(user.id, { passwordHash, invite: null }, true);
  }

  private newInvite(code: string) {
    return {
      codeHash: hashInviteCode(code),
      expiresAt: new Date(Date.now() + this.config.invite.ttlSeconds * 1000),
      wrongCodes: 0,
    };
  }

  /**
   * Texts the code to the new person's phone through the Messages API. Not through the order
   * outbox: a failed invitation is the admin's to resend (they see `inviteSent: false`), and the
   * code must not sit in a queue in clear.
   */
  private async sendInvite(user: UserDocument, code: string): Promise<boolean> {
    const hours = Math.round(this.config.invite.ttlSeconds / 3600);
    const text = `${this.orders.restaurant}: you are invited to the staff dashboard. Set your password at ${this.config.invite.url} with the code ${code} (valid ${hours} hours).`;
    try {
      await this.sender.send({ channel: 'sms', to: user.phone, text, clientRef: `invite-${user.id}` });
      return true;
    } catch (error) {
      this.logger.warn({ userId: user.id, err: (error as Error).message }, 'invitation text not sent');
      return false;
    }
  }

  private async existing(id: string): Promise<UserDocument> {
    const user = await this.users.findById(id);
    if (!user) throw notFound();
    return user;
  }
}

const notFound = () => new NotFoundException({ type: 'user-not-found', message: 'No account with this id' });
const lastAdmin = () =>
  new ConflictException({
    type: 'last-admin',
    message: 'This is the last active admin; make someone else admin first',
  });
