// Baselines for bench/http-overhead.mjs: raw Fastify doing exactly the database work of the
// API's GET /api/auth/me, GET /api/orders (staff list) and POST /api/orders (customer), and nothing else (no Nest, guards, pipes, logging, helmet, CORS).
// With FASTIFY_FEATURES=1 it also does what the API does around that work, the way a plain
// Fastify app would (helmet headers, CORS, rate limiting, a per-request logger with request
// ids): the gap between that and the API is what Nest costs.
// Mirrors api/src/auth/jwt-access-token.verifier.ts (jsonwebtoken.verify with the same options)
// and api/src/common/database/database.module.ts (sanitizeFilter); the user schema and the
// response mapping (UsersService.toDto) are imported from the API's build, so they cannot drift.
import 'reflect-metadata';
import Fastify from 'fastify';
import jwt from 'jsonwebtoken';
import mongoose from 'mongoose';
import { createSecretKey } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const { MONGODB_URI, PORT, JWT_SECRET, API_DIST, FASTIFY_FEATURES } = process.env;
if (!MONGODB_URI || !PORT || !JWT_SECRET || !API_DIST)
  throw new Error('raw-fastify needs MONGODB_URI, PORT, JWT_SECRET and API_DIST');

// Loaded after reflect-metadata: the API's classes carry Nest decorators.
const { UserSchema, User } = await import(pathToFileURL(join(API_DIST, 'users/schemas/user.schema.js')).href);
const { UsersService } = await import(pathToFileURL(join(API_DIST, 'users/users.service.js')).href);
const { orderModels, placeOrder, listOrders, ORDER_BODY_SCHEMA, LIST_QUERY_SCHEMA } = await import('./orders-work.mjs');

// Same token checks as the API (api/src/auth/tokens.ts, jwt.strategy.ts). The secret is a
// KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse it as a
// public key on every call, a cost a well-written server does not pay.
const SECRET_KEY = createSecretKey(Buffer.from(JWT_SECRET));
const VERIFY_OPTIONS = { algorithms: ['HS256'], issuer: 'tabletalk-api', audience: 'tabletalk:access' };

// Indexes belong to the API (it owns the collection); the baseline only reads.
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', false);
await mongoose.connect(MONGODB_URI, { serverSelectionTimeoutMS: 5000, sanitizeFilter: true });
const Users = mongoose.model(User.name, UserSchema);
const models = await orderModels(mongoose, API_DIST);

/** As the API's bearerToken (common/auth/access-tokens.ts): "<scheme> <token>", scheme compared case-insensitively. */
function bearerToken(header) {
  if (typeof header !== 'string') return null;
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
  return match?.[1].toLowerCase() === 'bearer' ? match[2] : null;
}

function verify(token) {
  return new Promise((resolve, reject) =>
    jwt.verify(token, SECRET_KEY, VERIFY_OPTIONS, (error, payload) => (error ? reject(error) : resolve(payload))),
  );
}

const app = FASTIFY_FEATURES ? await withApiFeatures() : Fastify({ logger: false });

/** The API's JWT guard and account check, then its roles guard: the claims, or an answer already sent. */
async function authenticate(request, reply, roles) {
  const token = bearerToken(request.headers.authorization);
  const claims = token ? await verify(token).catch(() => null) : null;
  if (!claims) return void reply.code(401).send({ type: 'invalid-token', message: 'A valid access token is required' });
  // The API checks the account on every request (token version, role, disabled: sessions end at
  // once); the same small read here, so both sides do the same database work.
  const account = await Users.findById(claims.sub, { role: 1, tokenVersion: 1, disabled: 1 }).lean().exec();
  if (
    !account ||
    account.disabled ||
    account.role !== claims.role ||
    (account.tokenVersion ?? 0) !== (claims.tv ?? 0)
  ) {
    return void reply.code(401).send({ type: 'session-ended', message: 'This session has ended; sign in again' });
  }
  if (roles && !roles.includes(claims.role))
    return void reply.code(403).send({ type: 'forbidden', message: 'forbidden' });
  return claims;
}

app.get('/api/auth/me', async (request, reply) => {
  const claims = await authenticate(request, reply);
  if (!claims) return reply;
  const user = await Users.findById(claims.sub).exec();
  if (!user) return reply.code(401).send({ type: 'invalid-token', message: 'The account no longer exists' });
  return UsersService.toDto(user);
});

app.get('/api/orders', { schema: { querystring: LIST_QUERY_SCHEMA } }, async (request, reply) => {
  const claims = await authenticate(request, reply, ['customer', 'staff', 'admin']);
  if (!claims) return reply;
  return listOrders(models, claims, request.query);
});

app.post('/api/orders', { schema: { body: ORDER_BODY_SCHEMA } }, async (request, reply) => {
  const claims = await authenticate(request, reply, ['customer']);
  if (!claims) return reply;
  const order = await placeOrder(models, claims, request.body);
  return order.problems ? reply.code(422).send(order) : reply.code(201).send(order);
});

/** Fastify with the API's cross-cutting features, configured as api/src/bootstrap.ts and the bench's API run. */
async function withApiFeatures() {
  const { randomUUID } = await import('node:crypto');
  const { default: helmet } = await import('helmet');
  const { default: cors } = await import('@fastify/cors');
  const { default: rateLimit } = await import('@fastify/rate-limit');
  const requestId = (request) => {
    const given = request.headers['x-request-id'];
    return typeof given === 'string' && /^[\w.:-]{8,128}$/.test(given) ? given : randomUUID();
  };
  const fastify = Fastify({
    logger: { level: 'warn' },
    genReqId: requestId,
    requestIdHeader: false,
    trustProxy: true,
    bodyLimit: 100 * 1024,
  });
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, done));
  await fastify.register(cors, {
    origin: ['http://localhost:4200'],
    credentials: true,
    exposedHeaders: ['x-request-id', 'Retry-After'],
  });
  // The same budget as the API's run in the bench: never 429, a 1 s window.
  await fastify.register(rateLimit, { max: 100_000_000, timeWindow: 1000 });
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  return fastify;
}

const shutdown = async () => {
  await app.close();
  await mongoose.disconnect();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());

await app.listen({ host: '127.0.0.1', port: Number(PORT) });
console.log(`raw fastify listening on http://127.0.0.1:${PORT}`);
