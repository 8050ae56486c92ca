/**
 * Why someone is on the login page, in plain words, keyed by `?reason=`. The code page sends the
 * user back with the API's problem kind as the reason when their code can no longer be used.
 */
export const SIGN_IN_NOTICES: Readonly<Record<string, string>> = {
  'session-expired': 'Your session has ended. Please sign in again.',
  'signed-out': 'You have signed out.',
  'not-staff': 'This dashboard is for restaurant staff. Customers order at the kiosk.',
  'verification-expired': 'Your code has expired. Sign in again and we’ll send a new one.',
  'too-many-attempts': 'That was too many wrong codes. Sign in again to get a new one.',
  'verification-cancelled': 'That sign-in was cancelled. Please sign in again.',
  'verification-used': 'That code has already been used. Please sign in again.',
  'invalid-verify-token': 'We couldn’t finish that sign-in. Please sign in again.',
  'no-other-channel': 'We’ve sent the code every way we can. Sign in again to get a fresh one.',
};
