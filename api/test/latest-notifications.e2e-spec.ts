import './support/e2e-timeout.js';
import { getModelToken } from '@nestjs/mongoose';
import { type Model, trusted, Types } from 'mongoose';
import {
  LatestNotification,
  latestNotificationIdFor,
  LatestNotificationsService,
  POINTERS_COMPLETE_ID,
} from '../src/messaging/latest-notifications.service.js';
import { MessagingService } from '../src/messaging/messaging.service.js';
import { Notification } from '../src/messaging/schemas/notification.schema.js';
import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue #15: the order list reads each order's latest text by `_id` on FerretDB (a pointer per
 * order) instead of a query over every notification. The answer must stay what the query gave.
 */
describe('latest notification per order (e2e, FerretDB)', () => {
  let t: TestApp;
  let notifications: Model<Notification>;
  let pointers: Model<LatestNotification>;
  let messaging: MessagingService;
  let latest: LatestNotificationsService;
  beforeAll(async () => {
    t = await startTestApp({ env: { VERIFY_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false' } });
    notifications = t.app.get(getModelToken(Notification.name));
    pointers = t.app.get(getModelToken(LatestNotification.name));
    messaging = t.app.get(MessagingService);
    latest = t.app.get(LatestNotificationsService);
  });
  afterAll(() => t.close());

  let n = 0;
  /** A notification as an older version stored it (no pointer written). */
  async function text(orderId: string, createdAt: Date, state = 'delivered') {
    n += 1;
    const [doc] = await notifications.insertMany([
      {
        clientRef: `order:${orderId}:${n}`,
        orderId,
        customerId: '',
        event: 'placed',
        channel: 'sms',
        to: '+447700900123',
        text: `text ${n}`,
        state,
        history: [{ state, at: createdAt }],
        createdAt,
        updatedAt: createdAt,
      },
    ]);
    return doc;
  }

  /** What latestForOrders answered before the pointers: every text of the orders, the last by createdAt. */
  async function byQuery(orderIds: string[]) {
    const all = await notifications
      .find({ orderId: trusted({ $in: orderIds }) })
      .sort({ createdAt: 1 })
      .lean()
      .exec();
    return new Map(all.map((doc) => [doc.orderId, doc.clientRef]));
  }
  const refs = (answer: Map<string, { id: string }>) => new Map([...answer].map(([k, v]) => [k, v.id]));

  it('texts stored before the pointers: answered as before, then backfilled once, then read by _id', async () => {
    const [a, b, c] = [0, 1, 2].map(() => new Types.ObjectId().toHexString());
    const t0 = Date.now() - 60_000;
    await text(a, new Date(t0 + 2000));
    await text(a, new Date(t0 + 1000)); // recorded later, created earlier: not the latest
    await text(b, new Date(t0 + 500), 'failed');
    const expected = await byQuery([a, b, c]);
    expect([...expected.keys()].sort()).toEqual([a, b].sort());

    // No pointers yet: the first answer comes from the notifications, and starts the backfill.
    expect(await pointers.exists({ _id: POINTERS_COMPLETE_ID }).exec()).toBeNull();
    expect(refs(await messaging.latestForOrders([a, b, c]))).toEqual(expected);
    await eventually(async () => expect(await pointers.exists({ _id: POINTERS_COMPLETE_ID }).exec()).not.toBeNull());

    const ids = await latest.latestIds([a, b, c]);
    expect(ids).not.toBeNull();
    expect(ids!.size).toBe(2);
    // Now by _id only: no query over the notifications by orderId (a whole-collection read on FerretDB).
    const find = jest.spyOn(notifications, 'find');
    try {
      expect(refs(await messaging.latestForOrders([a, b, c]))).toEqual(expected);
      expect(find).not.toHaveBeenCalled();
    } finally {
      find.mockRestore();
    }
    const answer = await messaging.latestForOrders([b]);
    expect(answer.get(b)).toMatchObject({ state: 'failed', event: 'placed', channel: 'sms' });
  });

  it('a newer text moves the pointer, an older one or a repeat does not', async () => {
    const order = new Types.ObjectId().toHexString();
    const t0 = Date.now() - 30_000;
    const first = await text(order, new Date(t0));
    const second = await text(order, new Date(t0 + 1000));
    await latest.point(first);
    await latest.point(second);
    await latest.point(first); // a late retry of the older text
    await latest.point(second);
    const pointer = await pointers.findById(latestNotificationIdFor(order)).lean().exec();
    expect(pointer?.notificationId.toHexString()).toBe(second._id.toHexString());
    expect(refs(await messaging.latestForOrders([order]))).toEqual(await byQuery([order]));
  });

  it('a text about no order (a keyword answer) writes no pointer', async () => {
    const before = await pointers.countDocuments().exec();
    await latest.point({ _id: new Types.ObjectId(), orderId: '', createdAt: new Date() });
    expect(await pointers.countDocuments().exec()).toBe(before);
  });
});
