import { type Browser, chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../scripts/chromium.cjs';
import { json, serverToken, startSandbox, type TestSandbox } from './support/sandbox';

describe('inbox page (GET /) in Chromium', () => {
  let sandbox: TestSandbox;
  let browser: Browser;

  beforeAll(async () => {
    sandbox = await startSandbox({ messageDeliveryDelayMs: 20 });
    browser = await chromium.launch(chromiumLaunchOptions);
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await sandbox.close();
  });

  function post(path: string, body: unknown) {
    return fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serverToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('shows each phone with its codes and messages, takes a customer reply and resets', async () => {
    await post('/v2/verify', { brand: 'TableTalk', workflow: [{ channel: 'sms', to: '447700900321' }] });
    await post('/v1/messages', {
      channel: 'whatsapp',
      message_type: 'text',
      to: '447700900321',
      from: '447700900000',
      text: 'Order #7 is <ready>',
    });
    const [{ code }] = await json(await fetch(`${sandbox.url}/_sandbox/verify?to=447700900321`));

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${sandbox.url}/`);

    const phone = page.locator('[data-phone="447700900321"]');
    await phone.locator('.code-value').waitFor();
    expect(await phone.locator('.code-value').textContent()).toBe(code);
    // Message text is shown as text, not HTML.
    expect(await phone.locator('[data-message]').textContent()).toContain('Order #7 is <ready>');

    await page.fill('#inject input[name=from]', '447700900321');
    await page.fill('#inject input[name=to]', '447700900000');
    await page.fill('#inject input[name=text]', 'Thanks!');
    await page.click('#inject button[type=submit]');
    await phone.locator('.bubble.in').waitFor();
    expect(await phone.locator('.bubble.in').textContent()).toContain('Thanks!');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('#reset');
    await page.locator('#phones .empty').waitFor();
    expect(await page.locator('.phone').count()).toBe(0);
    expect(await json(await fetch(`${sandbox.url}/_sandbox/messages`))).toEqual([]);
    expect(errors).toEqual([]);
  }, 30_000);
});
