import { type BrowserContext, expect, test as base } from '@playwright/test';

/**
 * The dashboard is served with a Content-Security-Policy (no inline script). Whatever the CSP
 * blocks in a page of this context (a script, a style, nexmo-client's websocket) is collected, so
 * a test fails on it instead of on some later, unexplained symptom.
 */
export async function watchCsp(context: BrowserContext): Promise<() => void> {
  const violations: string[] = [];
  await context.exposeBinding('__cspViolation', (_source, text: string) => {
    violations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __cspViolation: (text: string) => void }).__cspViolation;
      void report(
        `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  return () => expect(violations, 'Content-Security-Policy violations').toEqual([]);
}

/** Playwright's test, with every test's own context watched for CSP violations. */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ context }, use) => {
      const check = await watchCsp(context);
      await use();
      check();
    },
    { auto: true },
  ],
});
export { expect };
