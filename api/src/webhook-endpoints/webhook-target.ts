import { Inject, Injectable } from '@nestjs/common';
import ipaddr from 'ipaddr.js';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import type { Agent } from 'undici';
import { WebhooksConfig, webhooksConfig } from '../config/configuration.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** A target we will not connect to (SSRF protection): not retried any differently, but said plainly in the log. */
export class TargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefusedError';
  }
}

/** True for the only range a webhook may reach in production: public unicast. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 it is.
  return ipaddr.process(address).range() === 'unicast';
}

/**
 * Resolves a webhook URL's host once, refuses loopback, private, link-local and other non-public
 * addresses (unless WEBHOOKS_ALLOW_PRIVATE_TARGETS), and hands back a dispatcher pinned to the
 * checked address: the connection uses it instead of resolving again, so a DNS answer that
 * changes between check and connect (rebinding) cannot send the request elsewhere. TLS still
 * verifies the certificate against the URL's host name (SNI and checks use the name, not the address).
 */
@Injectable()
export class WebhookTargetResolver {
  /** Name resolution; replaceable (tests point a made-up host name at loopback). */
  lookup: (hostname: string) => Promise<ResolvedAddress[]> = async (hostname) =>
    (await dnsLookup(hostname, { all: true, verbatim: true })) as ResolvedAddress[];

  constructor(@Inject(webhooksConfig.KEY) private readonly config: WebhooksConfig) {}

  /** Checks a URL when it is registered: only literal addresses can be judged before send time. */
  checkLiteral(url: URL): string | null {
    const host = stripBrackets(url.hostname);
    if (isIP(host) && !this.config.allowPrivateTargets && !isPublicAddress(host))
      return `${host} is not a public address`;
    return null;
  }

  async resolve(url: URL): Promise<ResolvedAddress> {
    const host = stripBrackets(url.hostname);
    const addresses: ResolvedAddress[] = isIP(host)
      ? [{ address: host, family: isIP(host) as 4 | 6 }]
      : await this.lookup(host);
    if (addresses.length === 0) throw new TargetRefusedError(`${host} did not resolve`);
    if (!this.config.allowPrivateTargets) {
      // Every address must be public: a name answering with one public and one private address is refused too.
      const bad = addresses.find(({ address }) => !isPublicAddress(address));
      if (bad)
        throw new TargetRefusedError(
          `target refused: ${host} resolves to ${bad.address}, which is not a public address`,
        );
    }
    return addresses[0];
  }

  /**
   * An undici dispatcher that connects to `pinned` whatever the host name resolves to now.
   * undici is loaded with the first delivery, not at start-up (bench/footprint.mjs).
   */
  async pinnedAgent(pinned: ResolvedAddress, timeoutMs: number): Promise<Agent> {
    const { Agent } = await import('undici');
    return new Agent({
      connect: {
        timeout: timeoutMs,
        lookup: ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
          if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
          else callback(null, pinned.address, pinned.family);
        }) as unknown as LookupFunction,
      },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connections: 1,
    });
  }
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
