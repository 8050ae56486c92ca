import { ConflictException } from '@nestjs/common';
import type { AuthService } from '../auth/auth.service.js';
import type { PasswordHasher } from '../auth/password-hasher.js';
import type { AuthConfig, OrdersConfig } from '../config/configuration.js';
import type { MessageSender } from '../messaging/message-sender.js';
import type { UsersService } from '../users/users.service.js';
import { AccountsService } from './accounts.service.js';

const ADMIN_B = { id: 'b', role: 'admin', disabled: false, createdAt: new Date(), invite: null };

function service(activeAdmins: number[]) {
  const counts = [...activeAdmins];
  const users = {
    findById: jest.fn(async () => ({ ...ADMIN_B })),
    activeAdmins: jest.fn(async () => counts.shift() ?? 0),
    update: jest.fn(async (_id: string, set: object) => ({ ...ADMIN_B, ...set })),
  };
  const auth = { endAllSessions: jest.fn(async () => undefined) };
  const accounts = new AccountsService(
    users as unknown as UsersService,
    auth as unknown as AuthService,
    {} as PasswordHasher,
    {} as MessageSender,
    { invite: { ttlSeconds: 3600, url: 'http://x/invite' } } as AuthConfig,
    { restaurant: 'R' } as OrdersConfig,
  );
  return { accounts, users, auth };
}

const caller = { id: 'a', email: 'a@x', role: 'admin' as const };

describe('AccountsService.update', () => {
  it('refuses changes to your own role or to disable yourself, before reading anything', async () => {
    const { accounts, users } = service([2]);
    await expect(accounts.update(caller, 'a', { role: 'staff' })).rejects.toMatchObject({
      response: { type: 'own-account' },
    });
    await expect(accounts.update(caller, 'a', { disabled: true })).rejects.toBeInstanceOf(ConflictException);
    expect(users.update).not.toHaveBeenCalled();
  });

  it('refuses to demote the last active admin', async () => {
    const { accounts, users } = service([1]);
    await expect(accounts.update(caller, 'b', { role: 'staff' })).rejects.toMatchObject({
      response: { type: 'last-admin' },
    });
    expect(users.update).not.toHaveBeenCalled();
  });

  it('undoes a change when another instance took the other admin away meanwhile', async () => {
    // Two admins when checked, none left after the write.
    const { accounts, users, auth } = service([2, 0]);
    await expect(accounts.update(caller, 'b', { disabled: true })).rejects.toMatchObject({
      response: { type: 'last-admin' },
    });
    expect(users.update).toHaveBeenLastCalledWith('b', { role: 'admin', disabled: false }, false);
    expect(auth.endAllSessions).not.toHaveBeenCalled();
  });

  it('ends the sessions of an account whose rights shrink', async () => {
    const { accounts, auth } = service([2, 1]);
    await accounts.update(caller, 'b', { role: 'staff' });
    expect(auth.endAllSessions).toHaveBeenCalledWith('b');
  });

  it('changes nothing (and ends nothing) when the values are already so', async () => {
    const { accounts, users, auth } = service([2]);
    await accounts.update(caller, 'b', { role: 'admin', disabled: false });
    expect(users.update).not.toHaveBeenCalled();
    expect(auth.endAllSessions).not.toHaveBeenCalled();
  });
});
