import {
  HttpErrorResponse,
  type HttpInterceptorFn,
  provideHttpClient,
  withFetch,
  withInterceptors,
} from '@angular/common/http';
import { type EnvironmentProviders, inject, type Provider } from '@angular/core';
import { tap } from 'rxjs';
import { Api } from '../../api/api';
import { KioskSession } from './kiosk-session';

/**
 * The kiosk's calls carry the customer's token, never the staff one; a refused token just means
 * the customer signs in again (kiosk sessions are short and there is nothing to lose).
 */
export const kioskAuthInterceptor: HttpInterceptorFn = (request, next) => {
  if (!request.url.startsWith('/api/')) return next(request);
  const session = inject(KioskSession);
  const token = session.accessToken();
  const authorised = token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
  return next(authorised).pipe(
    tap({
      error: (error: unknown) => {
        if (token && error instanceof HttpErrorResponse && error.status === 401) session.clear();
      },
    }),
  );
};

/** A separate HttpClient (and Api on top of it) for the kiosk's route: the staff interceptor never sees it. */
export function provideKioskHttp(): (Provider | EnvironmentProviders)[] {
  return [KioskSession, provideHttpClient(withFetch(), withInterceptors([kioskAuthInterceptor])), Api];
}
