import {
  type ArgumentsHost,
  ConflictException,
  HttpException,
  InternalServerErrorException,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { mongo } from 'mongoose';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { RequestValidationException } from './validation.exception.js';

function hostFor(url = '/api/things?x=1') {
  const reply = { status: jest.fn(), header: jest.fn(), send: jest.fn() };
  reply.status.mockReturnValue(reply);
  reply.header.mockReturnValue(reply);
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ url, id: 'req-1' }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  return { host, reply, body: () => reply.send.mock.calls[0][0] };
}

describe('ProblemDetailsFilter', () => {
  const filter = new ProblemDetailsFilter();
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  it('answers validation failures with every field error', () => {
    const { host, reply, body } = hostFor();
    filter.catch(new RequestValidationException([{ field: 'email', message: 'email must be an email' }]), host);
    expect(reply.status).toHaveBeenCalledWith(400);
    expect(reply.header).toHaveBeenCalledWith('Content-Type', 'application/problem+json');
    expect(body()).toEqual({
      type: 'https://tabletalk.dev/problems/validation-error',
      title: 'Validation failed',
      status: 400,
      detail: 'The request has 1 invalid field',
      errors: [{ field: 'email', message: 'email must be an email' }],
      instance: '/api/things',
      requestId: 'req-1',
    });
  });

  it('answers an unreachable database with 503 database-unavailable and Retry-After, not 500', () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    for (const error of [
      new mongo.MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', {
        type: 'Unknown',
        servers: new Map(),
      } as never),
      new mongo.MongoNetworkError('connection 3 to 127.0.0.1:27017 closed'),
      Object.assign(new Error('Operation `users.findOne()` buffering timed out after 1500ms'), {
        name: 'MongooseError',
      }),
    ]) {
      const { host, reply, body } = hostFor();
      filter.catch(error, host);
      expect(reply.status).toHaveBeenCalledWith(503);
      expect(reply.header).toHaveBeenCalledWith('Retry-After', '5');
      expect(body()).toMatchObject({ status: 503, type: 'https://tabletalk.dev/problems/database-unavailable' });
      expect(body().detail).not.toContain('127.0.0.1');
    }
  });

  it('keeps a domain error type and message', () => {
    const { host, body } = hostFor();
    filter.catch(new ConflictException({ type: 'email-taken', message: 'Taken' }), host);
    expect(body()).toMatchObject({
      status: 409,
      type: 'https://tabletalk.dev/problems/email-taken',
      detail: 'Taken',
      title: 'Conflict',
    });
  });

  it('sets Retry-After when the error carries one', () => {
    const { host, reply } = hostFor();
    filter.catch(new HttpException({ message: 'Slow down', retryAfter: 30 }, 429), host);
    expect(reply.header).toHaveBeenCalledWith('Retry-After', '30');
  });

  it('never echoes the internals of an unexpected error', () => {
    const { host, reply, body } = hostFor();
    filter.catch(new Error('connection string mongodb://user:secret@db'), host);
    expect(reply.status).toHaveBeenCalledWith(500);
    expect(JSON.stringify(body())).not.toContain('secret');
    expect(body().detail).toBe('Something went wrong on our side');
  });

  it('treats an explicit 5xx HttpException as a problem too', () => {
    const { host, body } = hostFor();
    filter.catch(new InternalServerErrorException(), host);
    expect(body()).toMatchObject({ status: 500, title: 'Internal server error' });
  });

  it('logs a chosen 503 (readiness while the database starts) as one warning without a stack', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error.mockClear();
    warn.mockClear();
    const { host, body } = hostFor('/api/health/ready');
    filter.catch(new ServiceUnavailableException({ type: 'not-ready', message: 'Not ready; down: database' }), host);
    expect(body()).toMatchObject({ status: 503, type: 'https://tabletalk.dev/problems/not-ready' });
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    const [fields] = warn.mock.calls[0] as unknown as [Record<string, unknown>];
    expect(fields).toEqual({
      requestId: 'req-1',
      status: 503,
      type: 'https://tabletalk.dev/problems/not-ready',
      detail: 'Not ready; down: database',
    });
  });

  it('still logs an unexpected 500 as an error with the exception', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    error.mockClear();
    const { host } = hostFor();
    const unexpected = new Error('boom');
    filter.catch(unexpected, host);
    expect(error).toHaveBeenCalledWith({ err: unexpected, requestId: 'req-1' }, 'Unhandled error');
  });
});
