import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { BrandMark } from '../../../shared/brand-mark/brand-mark';
import { Icon } from '../../../shared/icon/icon';
import { Auth } from '../../auth/auth.service';
import { ROLE_LABELS } from '../../auth/roles';
import { NAV_ITEMS } from '../nav-items';

/** The signed-in frame: sidebar navigation, a top bar with the user, and the page in between. */
@Component({
  selector: 'tt-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, Icon, BrandMark],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class Shell {
  private readonly auth = inject(Auth);
  private readonly router = inject(Router);

  protected readonly user = this.auth.user;
  protected readonly roleLabel = computed(() => {
    const user = this.user();
    return user ? ROLE_LABELS[user.role] : '';
  });
  protected readonly initials = computed(() =>
    (this.user()?.name ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0].toUpperCase())
      .join(''),
  );
  protected readonly navItems = computed(() => {
    const role = this.user()?.role;
    return NAV_ITEMS.filter((item) => role && item.roles.includes(role));
  });

  protected signOut(): void {
    // The session is gone locally at once; the API is told in the background.
    void this.auth.signOut();
    void this.router.navigate(['/login'], { queryParams: { reason: 'signed-out' } });
  }
}
