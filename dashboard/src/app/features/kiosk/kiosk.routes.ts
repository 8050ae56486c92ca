import type { Routes } from '@angular/router';
import { CALL_BACKEND, CustomerCallBackend } from '../call/call-backend';
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
  {
    // The customer's side of a support call (the API's guestUrl points here).
    path: 'call/:id',
    title: 'Video call · TableTalk',
    providers: [provideKioskHttp(), KioskAuth, { provide: CALL_BACKEND, useClass: CustomerCallBackend }],
    loadComponent: () => import('../call/kiosk-call'),
  },
] satisfies Routes;
