// The database work of the API's order routes, shared by the baselines in this folder, written
// the way a plain service would: lean reads, one mapping to the API's JSON (toOrderDto,
// imported from the API's build so the answer cannot drift). Mirrors api/src/orders/order-placement.service.ts and order-queries.service.ts
// (place: menu prices, the customer, the order number, the order, its outbox entry; list: one page
// newest first and the total) with the same queries.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ORDER_NUMBER_BASE = 1000;
const load = (apiDist, path) => import(pathToFileURL(join(apiDist, path)).href);

/** Fastify (Ajv) schemas with CreateOrderDto's and ListOrdersQueryDto's rules (whitelist + forbid unknown). */
export const ORDER_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['menuItemId', 'quantity'],
        properties: {
          menuItemId: { type: 'string', pattern: '^[0-9a-fA-F]{24}$' },
          quantity: { type: 'integer', minimum: 1, maximum: 50 },
          note: { type: 'string', maxLength: 200 },
        },
      },
    },
    idempotencyKey: { type: 'string', pattern: '^[\\w.:-]{8,100}$' },
  },
};
export const LIST_QUERY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    page: { type: 'integer', minimum: 1, default: 1 },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    status: { type: 'string' },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    sort: { type: 'string', enum: ['newest', 'oldest'], default: 'newest' },
  },
};

/** A hand-written check of the same rules, for the Express baseline (no schema library, as the seed). */
export function checkOrderBody(body) {
  const problems = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) return ['body must be an object'];
  for (const key of Object.keys(body))
    if (key !== 'items' && key !== 'idempotencyKey') problems.push(`property ${key} should not exist`);
  if (!Array.isArray(body.items) || body.items.length < 1 || body.items.length > 50)
    problems.push('items must be 1-50 lines');
  else
    body.items.forEach((line, i) => {
      if (!line || typeof line !== 'object') return problems.push(`items.${i} must be an object`);
      for (const key of Object.keys(line))
        if (!['menuItemId', 'quantity', 'note'].includes(key)) problems.push(`items.${i}.${key} should not exist`);
      if (typeof line.menuItemId !== 'string' || !/^[0-9a-fA-F]{24}$/.test(line.menuItemId))
        problems.push(`items.${i}.menuItemId must be a mongodb id`);
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 50)
        problems.push(`items.${i}.quantity must be 1-50`);
      if (line.note !== undefined && (typeof line.note !== 'string' || line.note.length > 200))
        problems.push(`items.${i}.note must be a string of at most 200`);
    });
  if (
    body.idempotencyKey !== undefined &&
    (typeof body.idempotencyKey !== 'string' || !/^[\w.:-]{8,100}$/.test(body.idempotencyKey))
  )
    problems.push('idempotencyKey is malformed');
  return problems;
}

/** Models on the API's own schemas (mongoose baseline). */
export async function orderModels(mongoose, apiDist) {
  const { OrderSchema, Order, CounterSchema, Counter } = await load(apiDist, 'orders/schemas/order.schema.js');
  const { MenuItemSchema, MenuItem } = await load(apiDist, 'menu/schemas/menu-item.schema.js');
  const { OutboxEntrySchema, OutboxEntry } = await load(apiDist, 'common/outbox/outbox-entry.schema.js');
  const { UserSchema, User } = await load(apiDist, 'users/schemas/user.schema.js');
  const { toOrderDto } = await load(apiDist, 'orders/order-mapper.js');
  const { encodeKeyset } = await load(apiDist, 'common/validation/cursor-page.js');
  const { NotificationSchema, Notification } = await load(apiDist, 'messaging/schemas/notification.schema.js');
  const { currentState } = await load(apiDist, 'messaging/notification-state.js');
  const texts = await load(apiDist, 'orders/notification-texts.js');
  const model = (name, schema) => mongoose.models[name] ?? mongoose.model(name, schema);
  return {
    Orders: model(Order.name, OrderSchema),
    Counters: model(Counter.name, CounterSchema),
    Menu: model(MenuItem.name, MenuItemSchema),
    Outbox: model(OutboxEntry.name, OutboxEntrySchema),
    Users: model(User.name, UserSchema),
    Notifications: model(Notification.name, NotificationSchema),
    // The API's mapping, with its default ORDER_LATE_AFTER_MINUTES (10) for the overdue flag.
    toDto: (order, last) => toOrderDto(order, new Date(), 10 * 60_000, last),
    encodeKeyset,
    currentState,
    texts,
    numbering: Promise.resolve(),
    // The API runs mongoose with sanitizeFilter (as the baseline does): operators must be marked trusted.
    trusted: mongoose.trusted,
    ObjectId: mongoose.Types.ObjectId,
  };
}

/** A lean order read as the API's toDto expects a document (it reads `id`). */
const withId = (order) => ({ ...order, id: order._id.toString() });

/** The fields of a notification the order's `lastNotification` shows (the API's NotificationDto, trimmed). */
export function lastNotificationOf(n, currentState) {
  return {
    id: n.clientRef,
    event: n.event,
    state: currentState(n.state),
    channel: n.channel,
    error: n.error ?? undefined,
    updatedAt: n.updatedAt.toISOString(),
  };
}

/**
 * The API's list (api/src/orders/order-queries.service.ts, keysetPage in common/validation/cursor-page.ts,
 * latestForOrders in messaging/messaging.service.ts): one more than the page sorted by (createdAt, _id)
 * and the count, then the page's texts, oldest first (the last one of each order is its latest).
 */
export async function listOrders(m, claims, query) {
  const filter = claims.role === 'customer' ? { customerId: claims.sub } : {};
  const page = query.page ?? 1;
  const limit = query.limit ?? 20;
  const direction = query.sort === 'oldest' ? 1 : -1;
  const [found, total] = await Promise.all([
    m.Orders.find(filter)
      .sort({ createdAt: direction, _id: direction })
      .skip((page - 1) * limit)
      .limit(limit + 1)
      .lean()
      .exec(),
    m.Orders.countDocuments(filter).exec(),
  ]);
  const orders = found.slice(0, limit);
  const last = new Map();
  if (orders.length) {
    const texts = await m.Notifications.find({ orderId: m.trusted({ $in: orders.map((o) => o._id.toString()) }) })
      .sort({ createdAt: 1 })
      .lean()
      .exec();
    for (const n of texts) last.set(n.orderId, lastNotificationOf(n, m.currentState));
  }
  const next = found.length > limit ? orders[orders.length - 1] : null;
  return {
    items: orders.map((order) => m.toDto(withId(order), last.get(order._id.toString()))),
    page,
    limit,
    total,
    nextCursor: next ? m.encodeKeyset(next.createdAt, next._id) : null,
  };
}

/** The next order number, serialised in this process as the API does (FerretDB's $inc is read-then-write). */
function nextNumber(m) {
  const next = m.numbering.then(() =>
    m.Counters.findOneAndUpdate({ _id: 'orders' }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' })
      .lean()
      .exec(),
  );
  m.numbering = next.catch(() => undefined);
  return next.then((counter) => ORDER_NUMBER_BASE + counter.value);
}

export async function placeOrder(m, claims, input) {
  const customerId = new m.ObjectId(claims.sub);
  const ids = input.items.map((line) => line.menuItemId);
  const menu = new Map(
    (
      await m.Menu.find({ _id: m.trusted({ $in: ids }) })
        .lean()
        .exec()
    ).map((item) => [item._id.toString(), item]),
  );
  const problems = input.items.flatMap((line, i) => {
    const item = menu.get(line.menuItemId);
    if (!item) return [{ field: `items.${i}.menuItemId`, message: `menu item ${line.menuItemId} does not exist` }];
    if (!item.available)
      return [{ field: `items.${i}.menuItemId`, message: `${item.name} is not available right now` }];
    return [];
  });
  if (problems.length) return { problems };
  const items = input.items.map((line) => {
    const item = menu.get(line.menuItemId);
    return {
      menuItemId: item._id,
      name: item.name,
      unitPriceCents: item.priceCents,
      quantity: line.quantity,
      note: line.note ?? '',
    };
  });
  const customer = await m.Users.findById(claims.sub).lean().exec();
  const orderId = new m.ObjectId();
  const totalCents = items.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
  let number = await nextNumber(m);
  const channel = customer.notificationChannel ?? 'sms';
  const key = `order:${orderId.toString()}:0`;
  const text = (n) =>
    m.texts.renderText(m.texts.DEFAULT_TEXTS.placed, {
      restaurant: 'TableTalk Bistro',
      number: n,
      name: customer.name.split(' ')[0],
      total: m.texts.formatMoney(totalCents, 'GBP'),
    });
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
              text: text(number),
              orderId: orderId.toString(),
              customerId: customer._id.toString(),
              event: 'placed',
            },
          },
        ];
  const draft = {
    _id: orderId,
    number,
    customerName: customer.name,
    customerPhone: customer.phone,
    totalCents,
    customerId,
    customerEmail: customer.email,
    items,
    status: 'placed',
    history: [{ status: 'placed', by: customerId, byRole: claims.role, at: new Date() }],
    idempotencyKey: input.idempotencyKey ?? randomUUID(),
    outboxPending: pending,
    hasOutboxPending: pending.length > 0,
  };
  let order;
  // As the API: a number taken by another process (FerretDB's $inc is read-then-write) is drawn again.
  for (let attempt = 1; ; attempt++) {
    try {
      order = await m.Orders.create(draft);
      break;
    } catch (error) {
      if (error.code !== 11000 || attempt >= 5) throw error;
      const highest = await m.Orders.findOne({}, { number: 1 }).sort({ number: -1 }).lean().exec();
      await m.Counters.updateOne(
        { _id: 'orders' },
        { $max: { value: highest.number - ORDER_NUMBER_BASE } },
        { upsert: true },
      ).exec();
      draft.number = number = await nextNumber(m);
      for (const p of pending) p.payload.text = text(number);
    }
  }
  if (pending.length) {
    const now = new Date();
    await m.Outbox.bulkWrite(
      pending.map(({ key: k, topic, payload }) => ({
        updateOne: {
          filter: { key: k },
          update: { $setOnInsert: { key: k, topic, payload, status: 'pending', attempts: 0, availableAt: now } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    await m.Orders.updateOne(
      { _id: orderId, history: m.trusted({ $size: 1 }) },
      { $set: { outboxPending: [], hasOutboxPending: false } },
    ).exec();
  }
  return m.toDto(order);
}
