import { Routes } from '@angular/router';
import { KioskAuth } from './kiosk-auth';
import { provideKioskHttp } from './kiosk-http';
import { KioskOrders } from './kiosk-orders';

export default [
  {
    path: '',
    title: 'Order · TableTalk',
    providers: [provideKioskHttp(), KioskAuth, KioskOrders],
    loadComponent: () => import('./kiosk'),
  },
] satisfies Routes;
