import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { Session } from './session';

/** Our own API only: the token must never leak to another origin (e.g. a CDN or Vonage). */
function isApiRequest(url: string): boolean {
  return url.startsWith('/api/');
}

/**
 * Adds the bearer token to API calls. A 401 on a call that carried a token means the session is
 * no longer valid (expired, revoked), so it is dropped and the user is sent back to sign in.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiRequest(request.url)) return next(request);

  const session = inject(Session);
  const router = inject(Router);
  const token = session.accessToken();
  const authorized = token
    ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } })
    : request;

  return next(authorized).pipe(
    catchError((error: unknown) => {
      if (token && error instanceof HttpErrorResponse && error.status === 401) {
        session.clear();
        void router.navigate(['/login'], { queryParams: { reason: 'session-expired' } });
      }
      return throwError(() => error);
    }),
  );
};
