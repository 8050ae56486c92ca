import './support/e2e-timeout.js';
import { getModelToken } from '@nestjs/mongoose';
import { type Model, Types } from 'mongoose';
import { isFerretDb, objectIdFor, updateByIdIf } from '../src/common/database/by-id.js';
import { OutboxService } from '../src/common/outbox/outbox.service.js';
import { OutboxEntry } from '../src/common/outbox/outbox-entry.schema.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue #15: the hot writes of the outbox and of notifications go by `_id` (the only filter
 * FerretDB v1 does not answer with a collection scan). These check what that must not change.
 */
describe('writes by _id (e2e, FerretDB)', () => {
  let t: TestApp;
  let entries: Model<OutboxEntry>;
  beforeAll(async () => {
    t = await startTestApp({ env: { VERIFY_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false' } });
    entries = t.app.get(getModelToken(OutboxEntry.name));
  });
  afterAll(() => t.close());

  it('knows it talks to FerretDB (and so takes the read-by-_id path)', async () => {
    expect(await isFerretDb(entries.db)).toBe(true);
  });

  it('enqueue under a derived _id leaves an entry stored before under another _id as it is', async () => {
    const outbox = t.app.get(OutboxService);
    const legacyId = new Types.ObjectId();
    await entries.create({
      _id: legacyId,
      key: 'legacy:1',
      topic: 'test.legacy',
      payload: { n: 1 },
      status: 'done',
      attempts: 1,
      availableAt: new Date(),
    });

    await outbox.enqueue([
      { key: 'legacy:1', topic: 'test.legacy', payload: { n: 2 } },
      { key: 'fresh:1', topic: 'test.legacy', payload: { n: 3 } },
    ]);
    await outbox.enqueue([{ key: 'fresh:1', topic: 'test.legacy', payload: { n: 4 } }]);

    const stored = await entries.find({ topic: 'test.legacy' }).sort({ key: 1 }).lean().exec();
    expect(stored.map((e) => [e.key, String(e._id), e.status, (e.payload as { n: number }).n])).toEqual([
      ['fresh:1', objectIdFor('outbox', 'fresh:1').toHexString(), 'pending', 3],
      ['legacy:1', legacyId.toHexString(), 'done', 1],
    ]);
  });

  it('a conditional update by _id changes the document only while the condition holds', async () => {
    const id = new Types.ObjectId();
    await entries.create({
      _id: id,
      key: 'cond:1',
      topic: 'test.cond',
      payload: {},
      status: 'sending',
      attempts: 2,
      availableAt: new Date(),
    });

    expect(await updateByIdIf(entries, id, { attempts: 1, status: 'sending' }, { $set: { status: 'done' } })).toBe(
      false,
    );
    expect(
      await updateByIdIf(
        entries,
        id,
        { attempts: 2, status: { $in: ['pending', 'sending'] } },
        { $set: { status: 'done' } },
      ),
    ).toBe(true);
    expect(await updateByIdIf(entries, id, { attempts: 2, status: 'sending' }, { $set: { status: 'failed' } })).toBe(
      false,
    );
    expect(await updateByIdIf(entries, new Types.ObjectId(), { attempts: 2 }, { $set: { status: 'failed' } })).toBe(
      false,
    );
    expect((await entries.findById(id).lean().exec())?.status).toBe('done');
  });
});
