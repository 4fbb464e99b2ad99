// The address a request came from, for throttling failed authentication per client.
import type { Socket } from 'node:net';

/**
 * The socket's peer, or behind a trusted reverse proxy the last X-Forwarded-For hop (the one
 * that proxy added; earlier hops are whatever the client wrote). Null for in-process calls.
 */
export function clientAddress(socket: Socket | undefined, forwardedFor: string | null, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? forwardedFor?.split(',').at(-1)?.trim() : undefined;
  const address = forwarded || socket?.remoteAddress;
  if (!address) return null;
  // One client, one key: IPv4 seen through an IPv6 socket is the same client.
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1').slice(0, 64);
}
