import { OrdersService } from './orders.service.js';

/** The start-up check of notification templates (OrdersService.onModuleInit), without a database. */
function initWith(texts: Record<string, string | undefined>) {
  // config is private: reached through a structural view, as the real constructor is not run here.
  const service = Object.create(OrdersService.prototype) as { config: unknown; onModuleInit(): void };
  service.config = { texts };
  return () => service.onModuleInit();
}

describe('notification templates at start-up', () => {
  it('starts with the shipped templates and valid overrides', () => {
    expect(initWith({ ready: 'Order #{number} is ready, {name}!' })).not.toThrow();
  });

  it('refuses to start with a placeholder typo, naming the template', () => {
    expect(initWith({ ready: 'Order #{numbr} is ready' })).toThrow(/Notification templates are invalid: en\/ready: unknown placeholder \{numbr\}/);
  });

  it('refuses {readyBy} where no time is known', () => {
    expect(initWith({ placed: 'Ready by {readyBy}' })).toThrow(/en\/placed: \{readyBy\} is only known for preparing and late/);
  });
});
