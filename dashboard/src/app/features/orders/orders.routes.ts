import type { Routes } from '@angular/router';

export default [
  {
    path: '',
    loadComponent: () => import('./board/board'),
    children: [
      {
        path: ':id',
        title: 'Order · TableTalk',
        loadComponent: () => import('./detail/order-detail'),
      },
    ],
  },
] satisfies Routes;
