/** Only same-app paths: an attacker-supplied `returnUrl=https://evil.example` must not redirect. */
export function safeReturnUrl(url: string | undefined): string {
  return url?.startsWith('/') && !url.startsWith('//') ? url : '/';
}
