import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { Auth } from './auth.service';
import { PendingVerification } from './pending-verification';
import { canUseDashboard } from './roles';
import { Session } from './session';

/** Lets staff through; sends everyone else to /login, remembering where they were going. */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(Auth);
  const router = inject(Router);
  const user = await auth.restore();
  if (user && canUseDashboard(user.role)) return true;
  if (user) {
    // A customer token would bounce between the two guards forever: drop it and say why.
    void auth.signOut();
    return router.createUrlTree(['/login'], { queryParams: { reason: 'not-staff' } });
  }
  return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Keeps a signed-in user away from the login and code pages. */
export const signedOutGuard: CanActivateFn = () =>
  inject(Session).isActive() ? inject(Router).createUrlTree(['/']) : true;

/** The code page needs a sign-in waiting for its code; without one there is nothing to enter. */
export const pendingVerificationGuard: CanActivateFn = () => {
  const pending = inject(PendingVerification);
  const router = inject(Router);
  if (pending.active()) return true;
  if (pending.challenge()) {
    pending.clear();
    return router.createUrlTree(['/login'], { queryParams: { reason: 'verification-expired' } });
  }
  return router.createUrlTree(['/login']);
};
