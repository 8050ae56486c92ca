import { canMove, currentState, stateOfVonageStatus } from './notification-state.js';

describe('notification state', () => {
  it('moves forward through the receipts', () => {
    expect(canMove('queued', 'sent')).toBe(true);
    expect(canMove('sent', 'delivered')).toBe(true);
    expect(canMove('delivered', 'read')).toBe(true);
    expect(canMove('queued', 'delivered')).toBe(true);
  });

  it('never moves backwards when receipts arrive late', () => {
    expect(canMove('read', 'delivered')).toBe(false);
    expect(canMove('delivered', 'sent')).toBe(false);
    expect(canMove('delivered', 'delivered')).toBe(false);
  });

  it('keeps failed and suppressed final, and a delivered message delivered', () => {
    for (const later of ['sent', 'delivered', 'read', 'failed'] as const) {
      expect(canMove('suppressed', later)).toBe(false);
      if (later !== 'failed') expect(canMove('failed', later)).toBe(false);
    }
    expect(canMove('delivered', 'failed')).toBe(false);
    expect(canMove('read', 'failed')).toBe(false);
    expect(canMove('sent', 'failed')).toBe(true);
    expect(canMove('sent', 'suppressed')).toBe(false);
  });

  it("maps Vonage's statuses, ignoring ones we do not track", () => {
    expect(stateOfVonageStatus('undeliverable')).toBe('failed');
    expect(stateOfVonageStatus('rejected')).toBe('failed');
    expect(stateOfVonageStatus('accepted')).toBe('sent');
    expect(stateOfVonageStatus('submitted')).toBe('sent');
    expect(stateOfVonageStatus('deleted')).toBeUndefined();
  });

  it('reads records stored under the old names', () => {
    expect(currentState('submitted')).toBe('sent');
    expect(currentState('rejected')).toBe('failed');
    expect(currentState('read')).toBe('read');
  });
});
