import { Types } from 'mongoose';
import { matches, objectIdFor } from './by-id.js';

describe('by-id helpers', () => {
  it('matches conditions with MongoDB equality: values, $in, null for a missing field, dates and ObjectIds', () => {
    const id = new Types.ObjectId();
    const at = new Date('2026-12-01T00:00:00Z');
    const doc = { attempts: 2, status: 'sending', state: 'sent', owner: id, at, gone: undefined };
    expect(matches(doc, { attempts: 2, status: 'sending' })).toBe(true);
    expect(matches(doc, { attempts: 1, status: 'sending' })).toBe(false);
    expect(matches(doc, { state: { $in: ['queued', 'sent'] } })).toBe(true);
    expect(matches(doc, { state: { $in: ['queued'] } })).toBe(false);
    expect(matches(doc, { firstTextAt: null, gone: null })).toBe(true);
    expect(matches(doc, { status: null })).toBe(false);
    expect(matches(doc, { owner: new Types.ObjectId(id.toHexString()), at: new Date(at.getTime()) })).toBe(true);
    expect(matches(doc, { owner: new Types.ObjectId() })).toBe(false);
    expect(() => matches(doc, { attempts: { $gt: 1 } })).toThrow(/unsupported/);
  });

  it('derives one ObjectId per kind and key', () => {
    expect(objectIdFor('notification', 'order:1:0').equals(objectIdFor('notification', 'order:1:0'))).toBe(true);
    expect(objectIdFor('notification', 'order:1:0').equals(objectIdFor('notification', 'order:1:1'))).toBe(false);
    expect(objectIdFor('outbox', 'k').equals(objectIdFor('notification', 'k'))).toBe(false);
  });
});
