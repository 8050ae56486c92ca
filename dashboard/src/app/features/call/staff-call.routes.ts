import type { Routes } from '@angular/router';
import { CALL_BACKEND, StaffCallBackend } from './call-backend';

/**
 * The staff side of a support call, as a lazy route file: its backend provider pulls in the call
 * carriers (relay and Vonage Video wrappers), which the first screen never needs. Naming the
 * provider in app.routes put all of that into the initial JavaScript.
 */
export default [
  {
    path: '',
    title: 'Support call · TableTalk',
    providers: [{ provide: CALL_BACKEND, useClass: StaffCallBackend }],
    loadComponent: () => import('./call-page'),
  },
] satisfies Routes;
