import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { Auth } from '../../core/auth/auth.service';

/** Menu management is the admins' job (issue #6); staff who follow a link land on the overview. */
export const adminOnlyGuard: CanActivateFn = () =>
  inject(Auth).user()?.role === 'admin' || inject(Router).createUrlTree(['/']);
