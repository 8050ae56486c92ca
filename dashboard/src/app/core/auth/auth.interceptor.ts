import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { Session } from './session';
import { SessionRefresh, SKIP_SESSION } from './session-refresh';

/** Our own API only: the token must never leak to another origin (e.g. a CDN or Vonage). */
function isApiRequest(url: string): boolean {
  return url.startsWith('/api/');
}

function withBearer(request: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

/**
 * Adds the bearer token to API calls and keeps the session alive silently: a token about to expire
 * is refreshed before the call, and a call refused with 401 is refreshed and retried once. When the
 * refresh itself is refused, `SessionRefresh` ends the session and sends the user to sign in.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiRequest(request.url) || request.context.get(SKIP_SESSION)) return next(request);

  const session = inject(Session);
  const refresher = inject(SessionRefresh);

  const sendRetryingOnce = (token: string | null) =>
    next(withBearer(request, token)).pipe(
      catchError((error: unknown) => {
        if (!token || !(error instanceof HttpErrorResponse) || error.status !== 401) {
          return throwError(() => error);
        }
        return from(refresher.refresh(token)).pipe(
          switchMap((fresh) => (fresh ? next(withBearer(request, fresh)) : throwError(() => error))),
        );
      }),
    );

  if (session.needsRefresh()) {
    return from(refresher.refresh()).pipe(
      // A failed refresh may still leave a token that is valid for a few more seconds.
      switchMap((fresh) => sendRetryingOnce(fresh ?? session.accessToken())),
    );
  }
  return sendRetryingOnce(session.accessToken());
};
