import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Whether the hop at `address` (i hops away from us, 0 = the peer) may say whom it forwards for. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY, compiled once (the same rules as express's `trust proxy`): `false` trusts nobody; a number
 * trusts that many hops in front of the server; anything else is a comma-separated list of addresses,
 * CIDR ranges or the names `loopback`, `linklocal`, `uniquelocal`.
 */
export function compileTrustProxy(setting: false | number | string[]): TrustProxy {
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyaddr.compile(setting);
}

/**
 * The client's address: the peer's, or — when the peer is a trusted proxy — the nearest untrusted address
 * in X-Forwarded-For. Every per-address limit (HTTP, socket.io, the document endpoint) counts by this, so a
 * reverse proxy does not make every user one address, and nobody else can claim to be someone else.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  if (!req.socket.remoteAddress) return '?';
  return proxyaddr(req, trust);
}
