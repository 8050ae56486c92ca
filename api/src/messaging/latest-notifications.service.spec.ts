import { Types } from 'mongoose';
import { latestNotificationIdFor, LatestNotificationsService } from './latest-notifications.service.js';

function query<T>(value: T) {
  const chain = { exec: jest.fn().mockResolvedValue(value), lean: () => chain };
  return chain;
}

/** A connection whose buildInfo says MongoDB or FerretDB (isFerretDb asks once per connection). */
function connection(ferret: boolean) {
  const info = ferret ? { version: '7.0.77', ferretdbVersion: 'v1.24.2' } : { version: '8.0.0' };
  const open = { db: { admin: () => ({ command: jest.fn().mockResolvedValue(info) }) } };
  return { asPromise: () => Promise.resolve(open) };
}

function setup(ferret: boolean, stored: Record<string, unknown> | null = null) {
  const pointers = {
    db: connection(ferret),
    updateOne: jest.fn(() => query({ modifiedCount: 1 })),
    findById: jest.fn(() => query(stored)),
    exists: jest.fn(() => query(null)),
  };
  const service = new LatestNotificationsService(pointers as never, {} as never);
  return { service, pointers };
}

const orderId = new Types.ObjectId().toHexString();
const at = new Date('2026-12-01T12:00:00Z');
const text = { _id: new Types.ObjectId(), orderId, createdAt: at };

describe('LatestNotificationsService.point', () => {
  it('on MongoDB: one conditional upsert under the order-derived _id, moving only to a text created at or after it', async () => {
    const t = setup(false);
    await t.service.point(text);
    expect(t.pointers.updateOne).toHaveBeenCalledTimes(1);
    const [filter, update, options] = t.pointers.updateOne.mock.calls[0] as unknown as [
      Record<string, unknown>,
      { $set: Record<string, unknown> },
      object,
    ];
    expect(filter._id).toEqual(latestNotificationIdFor(orderId));
    expect(filter.at).toMatchObject({ $lte: at });
    expect(update.$set).toEqual({ orderId, notificationId: text._id, at });
    expect(options).toEqual({ upsert: true });
    expect(t.pointers.findById).not.toHaveBeenCalled();
  });

  it('on MongoDB: a later text holding the pointer (the upsert is a duplicate key) leaves it, without an error', async () => {
    const t = setup(false);
    t.pointers.updateOne.mockReturnValueOnce({
      exec: jest.fn().mockRejectedValue(Object.assign(new Error('E11000 duplicate key'), { code: 11000 })),
    } as never);
    await expect(t.service.point(text)).resolves.toBeUndefined();
  });

  it('on FerretDB: reads the pointer by _id and writes by _id only when the text is newer', async () => {
    const older = { orderId, notificationId: new Types.ObjectId(), at: new Date(at.getTime() - 1000) };
    const t = setup(true, older);
    await t.service.point(text);
    expect(t.pointers.findById).toHaveBeenCalledWith(latestNotificationIdFor(orderId));
    expect(t.pointers.updateOne).toHaveBeenCalledWith(
      { _id: latestNotificationIdFor(orderId) },
      { $set: { orderId, notificationId: text._id, at } },
      { upsert: true },
    );
  });

  it('on FerretDB: a newer text, or this one, already pointed at: nothing written', async () => {
    const newer = setup(true, { orderId, notificationId: new Types.ObjectId(), at: new Date(at.getTime() + 1) });
    await newer.service.point(text);
    expect(newer.pointers.updateOne).not.toHaveBeenCalled();
    const same = setup(true, { orderId, notificationId: text._id, at });
    await same.service.point(text);
    expect(same.pointers.updateOne).not.toHaveBeenCalled();
  });

  it('a text about no order writes nothing', async () => {
    const t = setup(true);
    await t.service.point({ ...text, orderId: '' });
    expect(t.pointers.findById).not.toHaveBeenCalled();
    expect(t.pointers.updateOne).not.toHaveBeenCalled();
  });
});
