import picomatch from 'picomatch';
import type { Acl } from './credentials.js';

/**
 * Vonage ACL semantics: a token without `acl` (server token) may do everything; otherwise the
 * path must match one of the ACL's glob patterns (`*` = one segment, `**` = any depth), and when
 * that entry lists methods, the method must be one of them.
 */
export function aclAllows(acl: Acl | undefined, method: string, path: string): boolean {
  if (!acl) return true;
  if (typeof acl !== 'object' || !acl.paths || typeof acl.paths !== 'object') return false;
  const pathname = path.split('?')[0];
  return Object.entries(acl.paths).some(([pattern, rule]) => {
    if (!picomatch.isMatch(pathname, pattern, { dot: true })) return false;
    const methods = rule?.methods;
    return !methods || methods.length === 0 || methods.map((m) => m.toUpperCase()).includes(method.toUpperCase());
  });
}
