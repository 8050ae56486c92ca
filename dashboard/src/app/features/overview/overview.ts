import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Auth } from '../../core/auth/auth.service';
import { ROLE_LABELS } from '../../core/auth/roles';
import { Session } from '../../core/auth/session';
import { NAV_ITEMS } from '../../core/layout/nav-items';
import { Icon } from '../../shared/icon/icon';

function greeting(hour: number): string {
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

/** The signed-in landing page: who you are, how you are signed in, and what you can open. */
@Component({
  selector: 'tt-overview',
  imports: [DatePipe, RouterLink, Icon],
  templateUrl: './overview.html',
  styleUrl: './overview.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class Overview {
  protected readonly user = inject(Auth).user;
  protected readonly expiresAt = inject(Session).expiresAt;

  protected readonly today = new Date();
  protected readonly greeting = greeting(this.today.getHours());
  protected readonly firstName = computed(() => this.user()?.name.split(/\s+/)[0] ?? '');
  protected readonly roleLabel = computed(() => {
    const user = this.user();
    return user ? ROLE_LABELS[user.role] : '';
  });
  protected readonly available = computed(() => {
    const role = this.user()?.role;
    return NAV_ITEMS.filter((item) => role && item.roles.includes(role));
  });
}
