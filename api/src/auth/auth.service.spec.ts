import { UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Test } from '@nestjs/testing';
import { authConfig } from '../config/configuration.js';
import { UsersService } from '../users/users.service.js';
import { VerifyService } from '../verify/verify.service.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokensService } from './refresh-tokens.service.js';
import { SignInLockoutService } from './sign-in-lockout.service.js';

describe('AuthService', () => {
  let service: AuthService;
  let users: { findByEmail: jest.Mock; create: jest.Mock; findById: jest.Mock };
  let lockout: { gate: jest.Mock; recordFailure: jest.Mock; clear: jest.Mock };
  let verify: { start: jest.Mock };
  const config = (verifyEnabled: boolean) => ({
    jwtSecret: 'unused',
    jwtExpiresInSeconds: 600,
    lockout: { maxFailures: 5, lockSeconds: 60 },
    verify: { enabled: verifyEnabled, customers: false },
    admin: {},
  });
  const passwords = new PasswordHasher();
  const jwt = new JwtService({ secret: 'unit-test-secret-unit-test-secret!!' });

  const stored = async (role: 'customer' | 'staff' | 'admin' = 'customer') => ({
    id: '6650f0c2a1b2c3d4e5f60718',
    email: 'ada@example.com',
    name: 'Ada',
    phone: '+447700900123',
    role,
    passwordHash: await passwords.hash('correct-horse-battery'),
    createdAt: new Date('2026-11-25T12:00:00Z'),
  });

  const build = async (verifyEnabled = false) => {
    users = { findByEmail: jest.fn(), create: jest.fn(), findById: jest.fn() };
    lockout = { gate: jest.fn(), recordFailure: jest.fn(), clear: jest.fn() };
    verify = { start: jest.fn().mockResolvedValue({ verificationRequired: true, verifyToken: 'vt' }) };
    const module = await Test.createTestingModule({
      providers: [
        AuthService,
        { provide: UsersService, useValue: users },
        { provide: PasswordHasher, useValue: passwords },
        { provide: JwtService, useValue: jwt },
        { provide: VerifyService, useValue: verify },
        { provide: SignInLockoutService, useValue: lockout },
        { provide: RefreshTokensService, useValue: { issue: jest.fn().mockResolvedValue('refresh-token') } },
        { provide: authConfig.KEY, useValue: config(verifyEnabled) },
      ],
    }).compile();
    service = module.get(AuthService);
  };
  beforeEach(() => build());

  it('issues an access token whose claims name the user and role', async () => {
    users.findByEmail.mockResolvedValue(await stored('staff'));
    const session = await service.login({ email: 'ada@example.com', password: 'correct-horse-battery' }, '203.0.113.7');

    expect(session).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 600,
      refreshToken: 'refresh-token',
      user: { role: 'staff', email: 'ada@example.com' },
    });
    // login answers a session or a one-time-code challenge; with Verify off it must be the session.
    if (!('accessToken' in session)) throw new Error('expected a session, got a challenge');
    const claims = jwt.verify(session.accessToken, { audience: 'tabletalk:access', issuer: 'tabletalk-api' });
    expect(claims).toMatchObject({ sub: '6650f0c2a1b2c3d4e5f60718', role: 'staff' });
    expect(claims.exp - claims.iat).toBe(600);
    expect(lockout.clear).toHaveBeenCalledWith('ada@example.com', '203.0.113.7');
  });

  it('asks staff for a second factor instead of issuing a session, but not customers when they are exempt', async () => {
    await build(true);
    users.findByEmail.mockResolvedValue(await stored('staff'));
    expect(await service.login({ email: 'ada@example.com', password: 'correct-horse-battery' }, '203.0.113.7')).toEqual(
      { verificationRequired: true, verifyToken: 'vt' },
    );
    expect(verify.start).toHaveBeenCalledWith(
      expect.objectContaining({ id: '6650f0c2a1b2c3d4e5f60718', phone: '+447700900123', preferredChannel: 'sms' }),
    );

    users.findByEmail.mockResolvedValue(await stored('customer'));
    expect(
      await service.login({ email: 'ada@example.com', password: 'correct-horse-battery' }, '203.0.113.7'),
    ).toHaveProperty('accessToken');
  });

  it('counts a wrong password and an unknown email alike against the address', async () => {
    users.findByEmail.mockResolvedValueOnce(await stored());
    await expect(service.login({ email: 'ada@example.com', password: 'nope' }, '203.0.113.7')).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    users.findByEmail.mockResolvedValueOnce(null);
    await expect(service.login({ email: 'who@example.com', password: 'nope' }, '203.0.113.7')).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    expect(lockout.recordFailure.mock.calls).toEqual([
      ['ada@example.com', '203.0.113.7'],
      ['who@example.com', '203.0.113.7'],
    ]);
    expect(lockout.clear).not.toHaveBeenCalled();
  });

  it('checks the lock before the password hash: a locked-out client costs no hash (finding 8)', async () => {
    const locked = new Error('locked');
    lockout.gate.mockRejectedValueOnce(locked);
    const verifySpy = jest.spyOn(passwords, 'verify');
    await expect(service.login({ email: 'ada@example.com', password: 'nope' }, '203.0.113.7')).rejects.toBe(locked);
    expect(lockout.gate).toHaveBeenCalledWith('ada@example.com', '203.0.113.7');
    expect(verifySpy).not.toHaveBeenCalled();
    expect(users.findByEmail).not.toHaveBeenCalled();
    verifySpy.mockRestore();
  });

  it('refuses a wrong password and an unknown email with the same error', async () => {
    users.findByEmail.mockResolvedValueOnce(await stored());
    const wrong = await service
      .login({ email: 'ada@example.com', password: 'nope' }, '203.0.113.7')
      .catch((e: unknown) => e);
    users.findByEmail.mockResolvedValueOnce(null);
    const unknown = await service
      .login({ email: 'who@example.com', password: 'nope' }, '203.0.113.7')
      .catch((e: unknown) => e);

    expect(wrong).toBeInstanceOf(UnauthorizedException);
    expect((wrong as UnauthorizedException).getResponse()).toEqual((unknown as UnauthorizedException).getResponse());
  });

  it('registers customers only, storing a hash and never the password', async () => {
    users.create.mockImplementation(async (user) => ({ ...user, id: 'x', createdAt: new Date() }));
    const created = await service.register({
      email: 'new@example.com',
      password: 'long-enough-password',
      name: 'N',
      phone: '+15550001111',
    });

    const saved = users.create.mock.calls[0][0];
    expect(saved.role).toBe('customer');
    expect(saved).not.toHaveProperty('password');
    expect(await passwords.verify(saved.passwordHash, 'long-enough-password')).toBe(true);
    expect(created).not.toHaveProperty('passwordHash');
  });
});
