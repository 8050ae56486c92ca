import { canMoveSupportRequest, isActive, SUPPORT_REQUEST_STATES } from './support-request-state.js';

describe('support request states', () => {
  it.each([
    ['open', 'joined', true],
    ['open', 'closed', true],
    ['joined', 'closed', true],
    ['joined', 'open', false],
    ['closed', 'joined', false],
    ['closed', 'open', false],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canMoveSupportRequest(from, to)).toBe(allowed);
  });

  it('keeps the room of open and joined requests only', () => {
    expect(SUPPORT_REQUEST_STATES.filter(isActive)).toEqual(['open', 'joined']);
  });
});
