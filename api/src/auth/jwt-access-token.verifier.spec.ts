import { UnauthorizedException } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { ACCESS_TOKEN_AUDIENCE, TOKEN_ISSUER } from '../common/auth/tokens.js';
import type { AuthConfig } from '../config/configuration.js';
import type { AccountState, UsersService } from '../users/users.service.js';
import { JwtAccessTokenVerifier } from './jwt-access-token.verifier.js';

const SECRET = 'x'.repeat(32);
const claims = { sub: '6650f0c2a1b2c3d4e5f60718', email: 'sam@x', role: 'staff' as const, tv: 2 };
const current: AccountState = { role: 'staff', tokenVersion: 2, disabled: false };

function verifier(account: AccountState | null = current) {
  const users = { accountState: jest.fn(async () => account) };
  return {
    verifier: new JwtAccessTokenVerifier({ jwtSecret: SECRET } as AuthConfig, users as unknown as UsersService),
    users,
  };
}

function token(payload: object = claims, options: jwt.SignOptions = {}, secret = SECRET) {
  return jwt.sign(payload, secret, {
    issuer: TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
    expiresIn: 60,
    ...options,
  });
}

describe('JwtAccessTokenVerifier', () => {
  it('accepts an access token of the current version and role for an enabled account', async () => {
    const { verifier: v, users } = verifier();
    await expect(v.verify(token())).resolves.toEqual({ id: claims.sub, email: 'sam@x', role: 'staff' });
    expect(users.accountState).toHaveBeenCalledWith(claims.sub);
  });

  it.each([
    ['another secret', () => token(claims, {}, 'y'.repeat(32))],
    ['another audience (a 2FA or refresh token)', () => token(claims, { audience: 'tabletalk:2fa' })],
    ['another issuer', () => token(claims, { issuer: 'someone-else' })],
    ['an expired token', () => token(claims, { expiresIn: -10 })],
    [
      'an unsigned token (alg none)',
      () => jwt.sign(claims, '', { algorithm: 'none', issuer: TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE }),
    ],
    ['something that is not a JWT', () => 'not-a-token'],
  ])('answers null for %s, without reading the account', async (_, make) => {
    const { verifier: v, users } = verifier();
    await expect(v.verify(make())).resolves.toBeNull();
    expect(users.accountState).not.toHaveBeenCalled();
  });

  it.each([
    ['an older token version (logout, password change)', { role: 'staff', tokenVersion: 3, disabled: false }],
    ['another role now (demoted)', { role: 'customer', tokenVersion: 2, disabled: false }],
    ['a disabled account', { role: 'staff', tokenVersion: 2, disabled: true }],
    ['an account that is gone', null],
  ] as const)('refuses %s with 401 session-ended', async (_, account) => {
    const refused = verifier(account).verifier.verify(token());
    await expect(refused).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(refused).rejects.toMatchObject({ response: { type: 'session-ended' } });
  });

  it('reads a token without a version (issued before versions) as version 0', async () => {
    const { tv: _tv, ...old } = claims;
    const { verifier: v } = verifier({ role: 'staff', tokenVersion: 0, disabled: false });
    await expect(v.verify(token(old))).resolves.toMatchObject({ id: claims.sub });
  });

  it('lets a failure to read the account through: a database outage is not a bad token', async () => {
    const users = { accountState: jest.fn(async () => Promise.reject(new Error('connection closed'))) };
    const v = new JwtAccessTokenVerifier({ jwtSecret: SECRET } as AuthConfig, users as unknown as UsersService);
    await expect(v.verify(token())).rejects.toThrow('connection closed');
  });
});
