// Time limits of the HTTP server. Node's requestTimeout bounds how long a client may take to SEND
// its request (headers and body), never how long the response takes: streamed exports and the
// realtime stream are not cut by it. It is what stops a slow-body client holding a sign-in open.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config } from '../config';

/** Fastify options for the limits (REQUEST_TIMEOUT_MS is the one setting; the rest follow from it). */
export function serverTimeouts(config: Pick<Config, 'requestTimeoutMs'>) {
  const requestTimeout = config.requestTimeoutMs;
  return {
    requestTimeout,
    // Idle socket (nothing read or written): cuts a client that stops reading its response
    // (back-pressure stalls every write); long enough for a slow export query to start.
    connectionTimeout: 300_000,
    // Longer than the usual 60 s idle timeout of load balancers, so they close first.
    keepAliveTimeout: 72_000,
    http: {
      headersTimeout: Math.min(requestTimeout, 20_000),
      // Node checks the limits on this interval (default 30 s, which would double a 30 s limit).
      connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(requestTimeout / 4))),
    },
  };
}

/**
 * A streamed upload (CSV import, processed while it arrives) may legitimately take longer to send
 * than requestTimeout. The route's socket is marked once the request is authenticated and
 * authorised; when Node reports the request timeout, the socket is spared as long as bytes arrived
 * within the last `idleMs` (the import may pause reading while it writes a batch). A stalled
 * upload is still cut.
 */
const uploads = new WeakMap<Duplex, { bytes: number; at: number; idleMs: number }>();

export function markStreamingUpload(raw: IncomingMessage, idleMs: number) {
  uploads.set(raw.socket, { bytes: raw.socket.bytesRead, at: Date.now(), idleMs });
}

export function unmarkStreamingUpload(raw: IncomingMessage) {
  if (raw.socket) uploads.delete(raw.socket);
}

/** True when the socket's request is a marked upload that received bytes recently. */
export function spareStreamingUpload(socket: Duplex, now = Date.now()): boolean {
  const mark = uploads.get(socket);
  if (!mark) return false;
  const bytes = (socket as Duplex & { bytesRead?: number }).bytesRead ?? 0;
  if (bytes > mark.bytes) {
    mark.bytes = bytes;
    mark.at = now;
  }
  return now - mark.at < mark.idleMs;
}
