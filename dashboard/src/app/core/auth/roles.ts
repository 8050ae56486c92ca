import type { Role } from '../../api/models';

/** Customers order through the kiosk; only restaurant staff use the admin dashboard. */
export const DASHBOARD_ROLES: readonly Role[] = ['staff', 'admin'];

export function canUseDashboard(role: Role): boolean {
  return DASHBOARD_ROLES.includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  staff: 'Staff',
  customer: 'Customer',
};
