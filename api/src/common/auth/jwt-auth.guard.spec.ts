import { type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { bearerToken } from './access-tokens.js';
import type { AuthenticatedUser } from './decorators.js';
import { type AuthenticatedRequest, JwtAuthGuard } from './jwt-auth.guard.js';

const SAM: AuthenticatedUser = { id: 'u1', email: 'sam@x', role: 'staff' };

function setup({ isPublic = false, user = SAM }: { isPublic?: boolean; user?: AuthenticatedUser | null } = {}) {
  const verify = jest.fn(async (_token: string): Promise<AuthenticatedUser | null> => user);
  const reflector = { getAllAndOverride: jest.fn(() => isPublic) } as unknown as Reflector;
  const guard = new JwtAuthGuard(reflector, { verify });
  const request: AuthenticatedRequest = { headers: {} };
  const context = {
    getHandler: () => undefined,
    getClass: () => undefined,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { guard, verify, request, context };
}

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc', 'abc'],
    ['BEARER  abc ', 'abc'],
    ['Basic abc', null],
    ['Bearer', null],
    ['Bearer a b', null],
    [undefined, null],
    [['Bearer a', 'Bearer b'], null],
  ])('%j -> %j', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});

describe('JwtAuthGuard', () => {
  it('lets a public route through without a token', async () => {
    const { guard, verify, context } = setup({ isPublic: true });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(verify).not.toHaveBeenCalled();
  });

  it('puts the verified caller on the request', async () => {
    const { guard, verify, request, context } = setup();
    request.headers.authorization = 'Bearer abc';
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(verify).toHaveBeenCalledWith('abc');
    expect(request.user).toEqual(SAM);
  });

  it.each([
    ['no Authorization header', undefined],
    ['another scheme', 'Basic abc'],
  ])('answers 401 invalid-token for %s', async (_, header) => {
    const { guard, verify, request, context } = setup();
    request.headers.authorization = header;
    await expect(guard.canActivate(context)).rejects.toMatchObject({ response: { type: 'invalid-token' } });
    expect(verify).not.toHaveBeenCalled();
  });

  it('answers 401 invalid-token when the verifier does not accept the token', async () => {
    const { guard, request, context } = setup({ user: null });
    request.headers.authorization = 'Bearer forged';
    const refused = guard.canActivate(context);
    await expect(refused).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(refused).rejects.toMatchObject({ response: { type: 'invalid-token' } });
    expect(request.user).toBeUndefined();
  });
});
