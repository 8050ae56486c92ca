import type { Routes } from '@angular/router';
import { adminOnlyGuard } from '../menu/admin-only.guard';

export default [
  {
    path: '',
    canActivate: [adminOnlyGuard],
    loadComponent: () => import('./users-page/users-page'),
  },
] satisfies Routes;
