import { UnauthorizedException } from '@nestjs/common';
import type { AuthConfig } from '../config/configuration.js';
import type { AccountState, UsersService } from '../users/users.service.js';
import { JwtStrategy } from './jwt.strategy.js';

function strategy(account: AccountState | null) {
  const users = { accountState: jest.fn(async () => account) };
  return new JwtStrategy({ jwtSecret: 'x'.repeat(32) } as AuthConfig, users as unknown as UsersService);
}

const claims = { sub: '6650f0c2a1b2c3d4e5f60718', email: 'sam@x', role: 'staff' as const, tv: 2 };

describe('JwtStrategy.validate (checked on every request)', () => {
  it('accepts a token of the current version, role and an enabled account', async () => {
    await expect(strategy({ role: 'staff', tokenVersion: 2, disabled: false }).validate(claims)).resolves.toEqual({
      id: claims.sub,
      email: 'sam@x',
      role: 'staff',
    });
  });

  it.each([
    ['an older token version (logout, password change)', { role: 'staff', tokenVersion: 3, disabled: false }],
    ['another role now (demoted)', { role: 'customer', tokenVersion: 2, disabled: false }],
    ['a disabled account', { role: 'staff', tokenVersion: 2, disabled: true }],
    ['an account that is gone', null],
  ] as const)('refuses %s with 401 session-ended', async (_, account) => {
    const refused = strategy(account).validate(claims);
    await expect(refused).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(refused).rejects.toMatchObject({ response: { type: 'session-ended' } });
  });

  it('reads a token without a version (issued before versions) as version 0', async () => {
    const { tv: _tv, ...old } = claims;
    await expect(strategy({ role: 'staff', tokenVersion: 0, disabled: false }).validate(old)).resolves.toMatchObject({
      id: claims.sub,
    });
  });
});
