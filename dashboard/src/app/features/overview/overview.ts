import { ChangeDetectionStrategy, Component, computed, inject, resource } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Auth } from '../../core/auth/auth.service';
import { ROLE_LABELS } from '../../core/auth/roles';
import { Session } from '../../core/auth/session';
import { ApiHealth } from '../../core/health/api-health';
import { NAV_ITEMS } from '../../core/layout/nav-items';
import { DatePipe } from '../../shared/date/date.pipe';
import { Icon } from '../../shared/icon/icon';

function greeting(hour: number): string {
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

/** The signed-in landing page: who you are, how you are signed in, whether TableTalk is up, your tools. */
@Component({
  selector: 'tt-overview',
  imports: [DatePipe, RouterLink, Icon],
  templateUrl: './overview.html',
  styleUrl: './overview.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class Overview {
  private readonly apiHealth = inject(ApiHealth);

  protected readonly user = inject(Auth).user;
  protected readonly expiresAt = inject(Session).expiresAt;
  protected readonly today = new Date();
  protected readonly greeting = greeting(this.today.getHours());
  protected readonly health = resource({ loader: () => this.apiHealth.check() });

  protected readonly roleLabel = computed(() => {
    const user = this.user();
    return user ? ROLE_LABELS[user.role] : '';
  });
  /** Every tool the role can open, apart from this page itself. */
  protected readonly tools = computed(() => {
    const role = this.user()?.role;
    return NAV_ITEMS.filter((item) => item.path !== '/' && role && item.roles.includes(role));
  });
}
