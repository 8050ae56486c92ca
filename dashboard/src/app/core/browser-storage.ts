import { DOCUMENT, inject, InjectionToken } from '@angular/core';

/** The tab's sessionStorage, behind a token so tests (and a future "remember me") can swap it. */
export const SESSION_STORAGE = new InjectionToken<Storage>('SESSION_STORAGE', {
  providedIn: 'root',
  factory: () => inject(DOCUMENT).defaultView!.sessionStorage,
});
