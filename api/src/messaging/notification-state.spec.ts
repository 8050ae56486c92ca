import { canMove, stateOfVonageStatus } from './notification-state';

describe('notification state', () => {
  it('moves forward through the receipts', () => {
    expect(canMove('queued', 'submitted')).toBe(true);
    expect(canMove('submitted', 'delivered')).toBe(true);
    expect(canMove('delivered', 'read')).toBe(true);
    expect(canMove('queued', 'delivered')).toBe(true);
  });

  it('never moves backwards when receipts arrive late', () => {
    expect(canMove('read', 'delivered')).toBe(false);
    expect(canMove('delivered', 'submitted')).toBe(false);
    expect(canMove('delivered', 'delivered')).toBe(false);
  });

  it('keeps rejected and failed final, and a delivered message delivered', () => {
    for (const later of ['submitted', 'delivered', 'read'] as const) {
      expect(canMove('rejected', later)).toBe(false);
      expect(canMove('failed', later)).toBe(false);
    }
    expect(canMove('delivered', 'failed')).toBe(false);
    expect(canMove('submitted', 'rejected')).toBe(true);
  });

  it("maps Vonage's statuses, ignoring ones we do not track", () => {
    expect(stateOfVonageStatus('undeliverable')).toBe('failed');
    expect(stateOfVonageStatus('accepted')).toBe('submitted');
    expect(stateOfVonageStatus('read')).toBe('read');
    expect(stateOfVonageStatus('deleted')).toBeUndefined();
  });
});
