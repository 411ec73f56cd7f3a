import { createServer as createHttpServer, RequestListener, Server } from 'node:http';
import { createServer as createHttpsServer, Server as HttpsServer } from 'node:https';

/** A certificate and key, as PEM text, for an emulator that serves HTTPS. */
export interface EmulatorTlsIdentity {
  readonly certificate: string;
  readonly key: string;
}

/** Counts of connections, for tests that must prove a client did not retry. */
export interface ConnectionCounts {
  /** TCP connections accepted, the emulator's own admin calls included. */
  connections: number;

  /**
   * TLS handshakes that failed, typically because the client did not trust the certificate.
   * Such a client never sends a request, so the request log cannot count its attempts.
   */
  failedTlsHandshakes: number;
}

/** A server, not yet listening, and what it counts. */
export interface EmulatorListener {
  readonly server: Server | HttpsServer;
  readonly scheme: 'http' | 'https';
  readonly counts: ConnectionCounts;
}

/** Creates the emulator's HTTP server, or an HTTPS one when given a TLS identity. */
export function createEmulatorListener(
  handler: RequestListener,
  tls?: EmulatorTlsIdentity,
): EmulatorListener {
  const counts: ConnectionCounts = { connections: 0, failedTlsHandshakes: 0 };
  const countConnection = (): void => {
    counts.connections += 1;
  };
  if (tls === undefined) {
    const server = createHttpServer(handler).on('connection', countConnection);
    return { server, scheme: 'http', counts };
  }

  const server = createHttpsServer({ cert: tls.certificate, key: tls.key }, handler)
    .on('connection', countConnection)
    .on('tlsClientError', (_error, socket) => {
      counts.failedTlsHandshakes += 1;
      socket.destroy();
    });
  return { server, scheme: 'https', counts };
}
