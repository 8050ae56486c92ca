import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { SandboxConfig } from '../config.js';
import { ERROR_DOCS, ProblemError, unauthorized } from '../problem.js';
import { aclAllows } from './acl.js';
import {
  AclError,
  AuthError,
  parseAuthorization,
  type Principal,
  verifyApplicationJwt,
  verifyBasic,
} from './credentials.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export type AuthScheme = 'jwt' | 'basic';

/** Authenticates a request with one of the schemes the API accepts; the ACL of client tokens applies too. */
export async function authenticate(
  request: FastifyRequest,
  config: SandboxConfig,
  schemes: AuthScheme[],
): Promise<Principal> {
  const authorization = parseAuthorization(request.headers.authorization);
  if (!authorization) throw new AuthError('Missing Authorization header');
  if (authorization.scheme === 'bearer' && schemes.includes('jwt')) {
    const claims = await verifyApplicationJwt(authorization.value, config);
    if (!aclAllows(claims.acl, request.method, request.url))
      throw new AclError(`The token's ACL does not allow ${request.method} ${request.url}`);
    return { kind: 'jwt', claims };
  }
  if (authorization.scheme === 'basic' && schemes.includes('basic')) {
    return { kind: 'basic', apiKey: verifyBasic(authorization.value, config) };
  }
  throw new AuthError(`This API does not accept ${authorization.scheme} auth`);
}

/** onRequest hook (auth comes before body parsing and validation, as at Vonage) answering 401 (in the scope's problem shape) unless the request authenticates. */
export function requireAuth(config: SandboxConfig, schemes: AuthScheme[]): onRequestAsyncHookHandler {
  return async (request) => {
    if (request.method === 'OPTIONS') return; // CORS preflights carry no credentials
    try {
      request.principal = await authenticate(request, config, schemes);
    } catch (error) {
      if (error instanceof AuthError) {
        request.log.info({ reason: error.message }, 'sandbox: rejected credentials');
        throw unauthorized();
      }
      if (error instanceof AclError) {
        throw new ProblemError(403, {
          type: `${ERROR_DOCS}#forbidden`,
          title: 'Forbidden',
          detail: error.message,
          code: 'system:error:permission',
        });
      }
      throw error;
    }
  };
}
