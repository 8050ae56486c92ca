import type { Routes } from '@angular/router';
import { adminOnlyGuard } from './admin-only.guard';

export default [
  {
    path: '',
    canActivate: [adminOnlyGuard],
    loadComponent: () => import('./menu-page/menu-page'),
  },
] satisfies Routes;
