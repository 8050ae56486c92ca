import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Api } from '../../../api/api';
import { accountsList } from '../../../api/fn/users/accounts-list';
import { accountsResendInvite } from '../../../api/fn/users/accounts-resend-invite';
import { accountsUpdate } from '../../../api/fn/users/accounts-update';
import type { Role, UpdateUserDto, UserDto } from '../../../api/models';
import { Auth } from '../../../core/auth/auth.service';
import { ApiProblem } from '../../../core/http/api-problem';
import { AdminTable } from '../../../shared/admin-table/admin-table';
import { Icon } from '../../../shared/icon/icon';
import { InviteForm } from '../invite-form/invite-form';

const PAGE_SIZE = 25;

export const ROLE_LABELS: Record<Role, string> = { admin: 'Admin', staff: 'Staff', customer: 'Customer' };

type RoleFilter = Role | 'all';

/**
 * Admins run the team: invite staff, change roles, disable and enable accounts. The API ends a
 * person's sessions at once when their rights shrink, and refuses changes to your own account or
 * to the last admin; those refusals show in the row they concern.
 */
@Component({
  selector: 'tt-users-page',
  imports: [AdminTable, Icon, InviteForm],
  templateUrl: './users-page.html',
  styleUrl: './users-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class UsersPage {
  private readonly api = inject(Api);
  private readonly auth = inject(Auth);

  protected readonly roleLabels = ROLE_LABELS;
  protected readonly roles: readonly Role[] = ['admin', 'staff', 'customer'];
  protected readonly filter = signal<RoleFilter>('all');
  protected readonly users = signal<readonly UserDto[]>([]);
  protected readonly total = signal(0);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loaded = signal(false);
  protected readonly loadingMore = signal(false);
  protected readonly loadError = signal<string | null>(null);
  /** Per account: the last refusal or failure, shown in its row. */
  protected readonly rowErrors = signal<Readonly<Record<string, string>>>({});
  /** Per account: what just happened (code sent again), shown in its row. */
  protected readonly rowNotices = signal<Readonly<Record<string, string>>>({});
  protected readonly saving = signal<ReadonlySet<string>>(new Set());

  protected readonly myId = computed(() => this.auth.user()?.id ?? null);
  protected readonly subtitle = computed(() => {
    const shown = this.users();
    const disabled = shown.filter((user) => user.disabled).length;
    const invited = shown.filter((user) => user.invitePending).length;
    return `${this.total()} ${this.total() === 1 ? 'account' : 'accounts'} · ${invited} invited · ${disabled} disabled`;
  });

  constructor() {
    void this.load();
  }

  protected setFilter(value: string): void {
    this.filter.set(value as RoleFilter);
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loaded.set(false);
    try {
      const page = await this.api.invoke(accountsList, { ...this.roleParam(), limit: PAGE_SIZE });
      this.users.set(page.items);
      this.total.set(page.total);
      this.nextCursor.set(page.nextCursor ?? null);
      this.loadError.set(null);
    } catch (error) {
      this.loadError.set(ApiProblem.from(error).detail);
    } finally {
      this.loaded.set(true);
    }
  }

  protected async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (!cursor || this.loadingMore()) return;
    this.loadingMore.set(true);
    try {
      const page = await this.api.invoke(accountsList, { ...this.roleParam(), limit: PAGE_SIZE, cursor });
      this.users.update((users) => [...users, ...page.items]);
      this.total.set(page.total);
      this.nextCursor.set(page.nextCursor ?? null);
    } catch (error) {
      this.loadError.set(ApiProblem.from(error).detail);
    } finally {
      this.loadingMore.set(false);
    }
  }

  protected invited(user: UserDto): void {
    this.users.update((users) => [user, ...users]);
    this.total.update((total) => total + 1);
  }

  protected async changeRole(user: UserDto, select: HTMLSelectElement): Promise<void> {
    const role = select.value as Role;
    if (role === user.role) return;
    const changed = await this.update(user, { role });
    // Refused: the select shows what the account still is, not the choice the API refused.
    if (!changed) select.value = user.role;
  }

  protected toggleDisabled(user: UserDto): void {
    void this.update(user, { disabled: !user.disabled });
  }

  protected async resendInvite(user: UserDto): Promise<void> {
    await this.withSaving(user, async () => {
      const updated = await this.api.invoke(accountsResendInvite, { id: user.id });
      this.replace(updated);
      this.setRow(this.rowNotices, user.id, updated.inviteSent ? `New code sent to ${updated.phone}.` : null);
      if (!updated.inviteSent) this.setRow(this.rowErrors, user.id, 'The text did not go out. Try again in a moment.');
    });
  }

  protected isSaving(user: UserDto): boolean {
    return this.saving().has(user.id);
  }

  protected isMe(user: UserDto): boolean {
    return user.id === this.myId();
  }

  private roleParam(): { role?: Role } {
    const filter = this.filter();
    return filter === 'all' ? {} : { role: filter };
  }

  private update(user: UserDto, body: UpdateUserDto): Promise<boolean> {
    return this.withSaving(user, async () => {
      this.replace(await this.api.invoke(accountsUpdate, { id: user.id, body }));
    });
  }

  private replace(updated: UserDto): void {
    this.users.update((users) => users.map((each) => (each.id === updated.id ? { ...each, ...updated } : each)));
  }

  /** Runs one change of a row; resolves with whether it worked (its failure shows in the row). */
  private async withSaving(user: UserDto, work: () => Promise<void>): Promise<boolean> {
    this.saving.update((ids) => new Set(ids).add(user.id));
    this.setRow(this.rowErrors, user.id, null);
    this.setRow(this.rowNotices, user.id, null);
    try {
      await work();
      return true;
    } catch (error) {
      this.setRow(this.rowErrors, user.id, ApiProblem.from(error).detail);
      return false;
    } finally {
      this.saving.update((ids) => {
        const rest = new Set(ids);
        rest.delete(user.id);
        return rest;
      });
    }
  }

  private setRow(target: typeof this.rowErrors, id: string, message: string | null): void {
    target.update((messages) => {
      const { [id]: _previous, ...rest } = messages;
      return message ? { ...rest, [id]: message } : rest;
    });
  }
}
