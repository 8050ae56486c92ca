import type { OrdersConfig } from '../config/configuration.js';
import type { LiveEventsService } from '../live-events/live-events.service.js';
import { OrderNotifications } from './order-notifications.js';

/** The start-up check of notification templates (OrderNotifications.onModuleInit), without a database. */
function initWith(texts: Record<string, string | undefined>) {
  const notifications = new OrderNotifications({ texts } as OrdersConfig, {} as LiveEventsService);
  return () => notifications.onModuleInit();
}

describe('notification templates at start-up', () => {
  it('starts with the shipped templates and valid overrides', () => {
    expect(initWith({ ready: 'Order #{number} is ready, {name}!' })).not.toThrow();
  });

  it('refuses to start with a placeholder typo, naming the template', () => {
    expect(initWith({ ready: 'Order #{numbr} is ready' })).toThrow(
      /Notification templates are invalid: en\/ready: unknown placeholder \{numbr\}/,
    );
  });

  it('refuses {readyBy} where no time is known', () => {
    expect(initWith({ placed: 'Ready by {readyBy}' })).toThrow(
      /en\/placed: \{readyBy\} is only known for preparing and late/,
    );
  });
});
