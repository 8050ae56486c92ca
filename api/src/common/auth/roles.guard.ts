import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedUser, ROLES_KEY } from './decorators.js';
import type { Role } from './role.js';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.length) return true;
    const user: AuthenticatedUser | undefined = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (user && required.includes(user.role)) return true;
    throw new ForbiddenException({
      type: 'forbidden',
      message: `This action needs one of the roles: ${required.join(', ')}`,
    });
  }
}
