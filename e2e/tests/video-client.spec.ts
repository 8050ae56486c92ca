import { expect, test } from '@playwright/test';
import { createRequire } from 'node:module';
import { chromiumLaunchOptions } from '../../scripts/chromium.cjs';
import { watchCsp } from './csp';

/**
 * The production call client, Vonage's `@vonage/client-sdk-video` (the dashboard loads it lazily
 * when the API does not run against the sandbox), loads and initialises in our Chromium. It can
 * only talk to Vonage, so this stops short of a call: that is README's manual check with real
 * credentials. The script comes from node_modules (no download); nothing may leave the machine.
 */
test.use({
  launchOptions: {
    ...chromiumLaunchOptions,
    args: [...chromiumLaunchOptions.args, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
});

const sdk = createRequire(import.meta.url).resolve('@vonage/client-sdk-video/dist/js/opentok.min.js');

test('Vonage’s client SDK loads under the dashboard’s CSP, passes its system check and starts a publisher on the fake camera', async ({
  page,
  context,
}) => {
  const csp = await watchCsp(context);
  const blocked: string[] = [];
  await page.route(
    (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
    (route) => {
      blocked.push(new URL(route.request().url()).hostname);
      return route.abort();
    },
  );
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // A dashboard page (served with its Content-Security-Policy; loopback is a secure context, as
  // camera access needs), with the SDK served from node_modules as one of its own scripts would be.
  await page.route('**/__vonage-client-sdk-video.js', (route) =>
    route.fulfill({ path: sdk, contentType: 'text/javascript' }),
  );
  await page.goto('/login');
  await page.addScriptTag({ url: '/__vonage-client-sdk-video.js' });

  const result = await page.evaluate(async () => {
    const OT = (window as unknown as { OT: any }).OT;
    const target = document.createElement('div');
    target.style.width = '320px';
    target.style.height = '240px';
    document.body.append(target);
    const published = await new Promise<{ error?: string; width?: number }>((resolve) => {
      const publisher = OT.initPublisher(
        target,
        { insertMode: 'append', width: 320, height: 240 },
        (error: { name: string } | undefined) => {
          if (error) return resolve({ error: error.name });
          const video = target.querySelector('video');
          const poll = () =>
            video && video.videoWidth > 0 ? resolve({ width: video.videoWidth }) : setTimeout(poll, 100);
          poll();
        },
      );
      (window as unknown as { publisher: unknown }).publisher = publisher;
    });
    return { version: OT.version as string, systemRequirements: OT.checkSystemRequirements() as number, published };
  });

  console.log(
    `@vonage/client-sdk-video ${result.version}: checkSystemRequirements() = ${result.systemRequirements}; requests kept from leaving: ${blocked.length}`,
  );
  expect(result.systemRequirements).toBe(1);
  expect(result.published.error).toBeUndefined();
  expect(result.published.width).toBeGreaterThan(0);
  expect(errors).toEqual([]);
  csp();
});
