import type { Role } from '../../api/models';
import type { IconName } from '../../shared/icon/icon';

export interface NavItem {
  label: string;
  path: string;
  icon: IconName;
  /** One line for the overview page's "what you can do" list. */
  description: string;
  /** Who sees the item; the route's own guard still decides who may open it. */
  roles: readonly Role[];
}

/**
 * The sidebar. A feature adds its entry here together with its child route in app.routes.ts,
 * and only once it works: the nav never shows placeholders.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  {
    label: 'Overview',
    path: '/',
    icon: 'overview',
    description: 'See your account, your role and your current session.',
    roles: ['staff', 'admin'],
  },
  {
    label: 'Orders',
    path: '/orders',
    icon: 'grid',
    description: 'Follow open orders live and move them from placed to ready.',
    roles: ['staff', 'admin'],
  },
  {
    label: 'Menu',
    path: '/menu',
    icon: 'menu-card',
    description: 'Switch dishes on and off, change prices, add and remove items.',
    roles: ['admin'],
  },
  {
    label: 'Support',
    path: '/support',
    icon: 'message',
    description: 'See who asked for help on an order and join their video call.',
    roles: ['staff', 'admin'],
  },
  {
    label: 'Team',
    path: '/users',
    icon: 'users',
    description: 'Invite staff, change roles, disable and enable accounts.',
    roles: ['admin'],
  },
  {
    label: 'Webhooks',
    path: '/webhooks',
    icon: 'pulse',
    description: 'Send events to other systems; see each delivery and send it again.',
    roles: ['admin'],
  },
];
