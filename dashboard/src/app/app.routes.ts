import type { Routes } from '@angular/router';
import { pendingVerificationGuard, signedInGuard, signedOutGuard } from './core/auth/auth.guard';

// Pages outside the signed-in shell (login, the code step, and later /kiosk) sit at the top level;
// everything staff use once signed in is a child of the shell so it gets the nav and top bar.
export const routes: Routes = [
  {
    path: 'login',
    title: 'Sign in · TableTalk',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./features/auth/login/login'),
  },
  {
    path: 'verify',
    title: 'Enter your code · TableTalk',
    canActivate: [signedOutGuard, pendingVerificationGuard],
    loadComponent: () => import('./features/auth/verify/verify'),
  },
  {
    // The link in a staff invitation text: set a password with the code (public, like sign-in).
    path: 'invite',
    title: 'Set your password · TableTalk',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./features/auth/invite/invite'),
  },
  {
    path: 'kiosk',
    loadChildren: () => import('./features/kiosk/kiosk.routes'),
  },
  {
    path: '',
    canActivate: [signedInGuard],
    loadComponent: () => import('./core/layout/shell/shell'),
    children: [
      {
        path: '',
        title: 'Overview · TableTalk',
        loadComponent: () => import('./features/overview/overview'),
      },
      {
        path: 'support',
        title: 'Support requests · TableTalk',
        loadComponent: () => import('./features/support/support-requests-panel'),
      },
      {
        // Title and the call backend live in the lazy route file: nothing of the call in the first load.
        path: 'support/:id/call',
        loadChildren: () => import('./features/call/staff-call.routes'),
      },
      {
        path: 'orders',
        title: 'Orders · TableTalk',
        loadChildren: () => import('./features/orders/orders.routes'),
      },
      {
        path: 'menu',
        title: 'Menu · TableTalk',
        loadChildren: () => import('./features/menu/menu.routes'),
      },
      {
        path: 'users',
        title: 'Team · TableTalk',
        loadChildren: () => import('./features/users/users.routes'),
      },
      {
        path: 'webhooks',
        title: 'Webhooks · TableTalk',
        loadChildren: () => import('./features/webhooks/webhooks.routes'),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
