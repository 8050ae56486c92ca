// The original demo's stack, for bench/http-overhead.mjs: Express + the `mongodb` driver, doing
// the same work as the API's GET /api/auth/me, GET /api/orders and POST /api/orders (token and
// account checks, validation, the same queries, the same JSON), written the way the seed was:
// express.json(), a jsonwebtoken check with the secret string, hand-written validation, no ODM.
import 'reflect-metadata';
import express from 'express';
import jwt from 'jsonwebtoken';
import { MongoClient, ObjectId } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkOrderBody, lastNotificationOf } from './orders-work.mjs';

const { MONGODB_URI, PORT, JWT_SECRET, API_DIST } = process.env;
if (!MONGODB_URI || !PORT || !JWT_SECRET || !API_DIST)
  throw new Error('express-mongodb needs MONGODB_URI, PORT, JWT_SECRET and API_DIST');
const load = (path) => import(pathToFileURL(join(API_DIST, path)).href);
const { UsersService } = await load('users/users.service.js');
const { toOrderDto } = await load('orders/order-mapper.js');
const texts = await load('orders/notification-texts.js');
const { encodeKeyset } = await load('common/validation/cursor-page.js');
const { currentState } = await load('messaging/notification-state.js');
// The API's mapping, with its default ORDER_LATE_AFTER_MINUTES (10) for the overdue flag.
const orderToDto = (order, last) => toOrderDto(order, new Date(), 10 * 60_000, last);

const client = await new MongoClient(MONGODB_URI, { serverSelectionTimeoutMS: 5000 }).connect();
const db = client.db();
const users = db.collection('users');
const orders = db.collection('orders');
const counters = db.collection('counters');
const menu = db.collection('menu');
const outbox = db.collection('outbox');
const notifications = db.collection('notifications');
const withId = (doc) => ({ ...doc, id: doc._id.toString() });

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '100kb' }));

const auth = (roles) => async (req, res, next) => {
  try {
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token)
      return res.status(401).json({ type: 'invalid-token', message: 'A valid access token is required' });
    /** @type {import('jsonwebtoken').JwtPayload} (signed by us as an object, never a bare string) */
    let claims;
    try {
      claims = jwt.verify(token, JWT_SECRET, {
        algorithms: ['HS256'],
        issuer: 'tabletalk-api',
        audience: 'tabletalk:access',
      });
    } catch {
      return res.status(401).json({ type: 'invalid-token', message: 'A valid access token is required' });
    }
    const account = await users.findOne(
      { _id: new ObjectId(claims.sub) },
      { projection: { role: 1, tokenVersion: 1, disabled: 1 } },
    );
    if (
      !account ||
      account.disabled ||
      account.role !== claims.role ||
      (account.tokenVersion ?? 0) !== (claims.tv ?? 0)
    ) {
      return res.status(401).json({ type: 'session-ended', message: 'This session has ended; sign in again' });
    }
    if (roles && !roles.includes(claims.role)) return res.status(403).json({ type: 'forbidden', message: 'forbidden' });
    req.claims = claims;
    next();
  } catch (error) {
    next(error);
  }
};

app.get('/api/auth/me', auth(), async (req, res, next) => {
  try {
    const user = await users.findOne({ _id: new ObjectId(req.claims.sub) });
    if (!user) return res.status(401).json({ type: 'invalid-token', message: 'The account no longer exists' });
    res.json(UsersService.toDto(withId(user)));
  } catch (error) {
    next(error);
  }
});

app.get('/api/orders', auth(['customer', 'staff', 'admin']), async (req, res, next) => {
  try {
    const page = req.query.page ? Number(req.query.page) : 1;
    const limit = req.query.limit ? Number(req.query.limit) : 20;
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(limit) || limit < 1 || limit > 100)
      return res.status(400).json({ type: 'validation' });
    const filter = req.claims.role === 'customer' ? { customerId: new ObjectId(req.claims.sub) } : {};
    const direction = req.query.sort === 'oldest' ? 1 : -1;
    // The API's queries (see listOrders in orders-work.mjs).
    const [found, total] = await Promise.all([
      orders
        .find(filter)
        .sort({ createdAt: direction, _id: direction })
        .skip((page - 1) * limit)
        .limit(limit + 1)
        .toArray(),
      orders.countDocuments(filter),
    ]);
    const items = found.slice(0, limit);
    const last = new Map();
    if (items.length) {
      const recorded = await notifications
        .find({ orderId: { $in: items.map((order) => order._id.toString()) } })
        .sort({ createdAt: 1 })
        .toArray();
      for (const n of recorded) last.set(n.orderId, lastNotificationOf(n, currentState));
    }
    const next = found.length > limit ? items[items.length - 1] : null;
    res.json({
      items: items.map((order) => orderToDto(withId(order), last.get(order._id.toString()))),
      page,
      limit,
      total,
      nextCursor: next ? encodeKeyset(next.createdAt, next._id) : null,
    });
  } catch (error) {
    next(error);
  }
});

let numbering = Promise.resolve();
function nextNumber() {
  const next = numbering.then(() =>
    counters.findOneAndUpdate({ _id: 'orders' }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' }),
  );
  numbering = next.catch(() => undefined);
  return next.then((counter) => 1000 + counter.value);
}

app.post('/api/orders', auth(['customer']), async (req, res, next) => {
  try {
    const problems = checkOrderBody(req.body);
    if (problems.length) return res.status(400).json({ type: 'validation', problems });
    const input = req.body;
    const found = await menu.find({ _id: { $in: input.items.map((line) => new ObjectId(line.menuItemId)) } }).toArray();
    const byId = new Map(found.map((item) => [item._id.toString(), item]));
    if (input.items.some((line) => !byId.get(line.menuItemId)?.available))
      return res.status(422).json({ type: 'validation' });
    const items = input.items.map((line) => {
      const item = byId.get(line.menuItemId);
      return {
        menuItemId: item._id,
        name: item.name,
        unitPriceCents: item.priceCents,
        quantity: line.quantity,
        note: line.note ?? '',
      };
    });
    const customer = await users.findOne({ _id: new ObjectId(req.claims.sub) });
    const orderId = new ObjectId();
    const totalCents = items.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
    let number = await nextNumber();
    const channel = customer.notificationChannel ?? 'sms';
    const text = texts.renderText(texts.DEFAULT_TEXTS.placed, {
      restaurant: 'TableTalk Bistro',
      number,
      name: customer.name.split(' ')[0],
      total: texts.formatMoney(totalCents, 'GBP'),
    });
    const key = `order:${orderId.toString()}:0`;
    const pending =
      channel === 'none'
        ? []
        : [
            {
              key,
              topic: 'messaging.send',
              payload: {
                channel,
                to: customer.phone,
                text,
                orderId: orderId.toString(),
                customerId: customer._id.toString(),
                event: 'placed',
              },
            },
          ];
    const now = new Date();
    const order = {
      _id: orderId,
      number,
      customerId: customer._id,
      customerName: customer.name,
      customerEmail: customer.email,
      customerPhone: customer.phone,
      items,
      totalCents,
      status: 'placed',
      history: [{ status: 'placed', by: customer._id, byRole: req.claims.role, at: now }],
      idempotencyKey: input.idempotencyKey ?? randomUUID(),
      outboxPending: pending,
      hasOutboxPending: pending.length > 0,
      customerReplies: [],
      meetingUrl: null,
      createdAt: now,
      updatedAt: now,
      __v: 0,
    };
    // As the API: a number taken by another process (FerretDB's $inc is read-then-write) is drawn again.
    for (let attempt = 1; ; attempt++) {
      try {
        await orders.insertOne(order);
        break;
      } catch (error) {
        if (error.code !== 11000 || attempt >= 5) throw error;
        const [highest] = await orders
          .find({}, { projection: { number: 1 } })
          .sort({ number: -1 })
          .limit(1)
          .toArray();
        await counters.updateOne({ _id: 'orders' }, { $max: { value: highest.number - 1000 } }, { upsert: true });
        order.number = number = await nextNumber();
        order.outboxPending.forEach(
          (p) =>
            (p.payload.text = texts.renderText(texts.DEFAULT_TEXTS.placed, {
              restaurant: 'TableTalk Bistro',
              number,
              name: customer.name.split(' ')[0],
              total: texts.formatMoney(totalCents, 'GBP'),
            })),
        );
      }
    }
    if (pending.length) {
      await outbox.bulkWrite(
        pending.map((p) => ({
          updateOne: {
            filter: { key: p.key },
            update: {
              $setOnInsert: { ...p, status: 'pending', attempts: 0, availableAt: now, createdAt: now, updatedAt: now },
            },
            upsert: true,
          },
        })),
        { ordered: false },
      );
      await orders.updateOne(
        { _id: orderId, history: { $size: 1 } },
        { $set: { outboxPending: [], hasOutboxPending: false, updatedAt: new Date() } },
      );
    }
    res.status(201).json(orderToDto(withId(order)));
  } catch (error) {
    next(error);
  }
});

app.use((error, req, res, next) => {
  console.error(`express-mongodb: ${req.method} ${req.url}: ${error.stack ?? error}`);
  if (res.headersSent) return next(error);
  res.status(500).json({ type: 'internal', message: String(error.message ?? error) });
});

const server = app.listen(Number(PORT), '127.0.0.1', () =>
  console.log(`express-mongodb listening on http://127.0.0.1:${PORT}`),
);
const shutdown = () => server.close(() => void client.close().finally(() => process.exit(0)));
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
