import { Agent, get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { MenuService } from '../src/menu/menu.service.js';
import { startTestApp } from './support/test-app.js';

describe('shutdown (e2e)', () => {
  it('stops promptly when a keep-alive request is still running as it stops', async () => {
    const t = await startTestApp();
    const list = MenuService.prototype.list;
    // A request that is still being answered when the stop begins, on a connection the client keeps alive.
    jest.spyOn(MenuService.prototype, 'list').mockImplementation(async function (this: MenuService, query) {
      await sleep(600);
      return list.call(this, query);
    });
    const agent = new Agent({ keepAlive: true });
    const answered = new Promise<number>((resolve, reject) =>
      get(`${t.url}/api/menu`, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      }).on('error', reject),
    );
    await sleep(200);
    const stopping = Date.now();
    await t.close();
    // Before: the connection stayed open for Fastify's keepAliveTimeout (72 s) after the answer.
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect(await answered).toBeGreaterThan(0);
    agent.destroy();
    jest.restoreAllMocks();
  });
});
