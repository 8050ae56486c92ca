import { ExecutionContext, ForbiddenException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Roles } from './decorators.js';
import { RolesGuard } from './roles.guard.js';

class Routes {
  @Roles('staff', 'admin')
  staffOnly() {}

  open() {}
}

const contextFor = (handler: keyof Routes, user?: { role: string }) =>
  ({
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ user }) }),
  }) as unknown as ExecutionContext;

describe('RolesGuard', () => {
  const guard = new RolesGuard(new Reflector());

  it('lets any authenticated caller through a route without @Roles', () => {
    expect(guard.canActivate(contextFor('open', { role: 'customer' }))).toBe(true);
  });

  it('lets a listed role through', () => {
    expect(guard.canActivate(contextFor('staffOnly', { role: 'admin' }))).toBe(true);
  });

  it('refuses other roles and anonymous callers with 403', () => {
    expect(() => guard.canActivate(contextFor('staffOnly', { role: 'customer' }))).toThrow(ForbiddenException);
    expect(() => guard.canActivate(contextFor('staffOnly'))).toThrow(ForbiddenException);
  });
});
