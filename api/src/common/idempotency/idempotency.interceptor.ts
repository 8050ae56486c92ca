import {
  applyDecorators,
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, mergeMap, Observable, of, tap } from 'rxjs';
import { catchError } from 'rxjs/operators';
import { IdempotencyService } from './idempotency.service.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Honours an `Idempotency-Key` header on the route (requests without one run as usual). The key
 * is per caller (the authenticated user) and route; see IdempotencyService for the rules.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: { id: string } }>();
    const reply = http.getResponse<FastifyReply>();
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new BadRequestException({
        type: 'invalid-idempotency-key',
        message: 'Idempotency-Key must be 1-255 visible ASCII characters',
      });
    }
    const caller = request.user?.id ?? `ip:${request.ip}`;
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const id = IdempotencyService.id(caller, route, key);
    const fingerprint = IdempotencyService.fingerprint(request.method, request.url, request.body);
    return from(this.idempotency.start(id, fingerprint)).pipe(
      mergeMap((start) => {
        if (start.kind === 'replay') {
          reply.status(start.status).header(REPLAYED_HEADER, 'true');
          return of(start.body);
        }
        return next.handle().pipe(
          catchError((error: unknown) =>
            // The request failed: the key is free again for a retry.
            from(this.idempotency.release(id).catch(() => undefined)).pipe(
              tap(() => {
                throw error;
              }),
            ),
          ),
          // The status is final here: Nest sets it before the handler (or the handler set its own).
          // The work is done: a failure to store the answer must not turn it into an error (a retry
          // would repeat it); the claim's lease then runs out instead.
          mergeMap((body) =>
            from(this.idempotency.finish(id, reply.statusCode, body).catch(() => undefined)).pipe(
              mergeMap(() => of(body)),
            ),
          ),
        );
      }),
    );
  }
}

/** Makes a POST route honour `Idempotency-Key` (and documents the header). */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes a retry safe: the same key with the same request returns the first answer (with `Idempotent-Replayed: true`); with a different request, 422. Kept 24 h per caller.',
      example: '6f1c2d4e-9b0a-4c51-8d3e-2a7b9c0d1e2f',
      // What the interceptor accepts (KEY_PATTERN), so a client generated from the contract cannot send a key we refuse.
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]{1,255}$' },
    }),
  );
