import { isIP } from 'node:net';

/** What Fastify's `trustProxy` option accepts. */
export type TrustProxy = boolean | number | string[];

/**
 * Parses TRUST_PROXY: `false` (default: the socket address is the client, X-Forwarded-For is
 * ignored), `true` (trust every hop: only behind a proxy that overwrites the header), a hop
 * count, or comma-separated proxy addresses/CIDRs. Throws on anything else.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? 'false').trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const version = isIP(address);
    const ok =
      version !== 0 &&
      extra === undefined &&
      (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128)));
    if (!ok) throw new Error(`"${entry}" is not an address or CIDR`);
  }
  return entries;
}
