/** The kinds of failure that leave a request without an HTTP answer. */
export type TransportFailureKind =
  | 'refused'
  | 'reset'
  | 'timeout'
  | 'tls'
  | 'dns'
  | 'proxy-status'
  | 'other';

/**
 * A request that got no HTTP answer, reduced to facts that are safe to keep.
 *
 * got's errors carry the request options, and so the password or token; only their codes are
 * read, and the error objects themselves are dropped on the spot.
 */
export interface TransportFailure {
  readonly kind: TransportFailureKind;

  /** The system or library code, for example `ECONNRESET` or `SELF_SIGNED_CERT_IN_CHAIN`. */
  readonly code: string;

  /**
   * Whether the server may have received the request. A connection that was refused or timed
   * out while connecting carried nothing, so even a login can be sent again.
   */
  readonly mayHaveArrived: boolean;

  /**
   * The status a proxy answered the tunnel request with.
   *
   * @default - not a proxy refusal
   */
  readonly proxyStatus?: number;
}

/** Certificate and handshake codes of Node's TLS layer, beyond its ERR_TLS_ and ERR_SSL_ ones. */
const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'EPROTO',
  'HOSTNAME_MISMATCH',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** Timeouts of these phases fire before a byte of the request was written. */
const BEFORE_SENDING = new Set(['lookup', 'connect', 'secureConnect']);

/** hpagent's wording when a proxy answers its CONNECT with anything but 200. */
const PROXY_REFUSAL = /^Bad response: (\d{3})$/;

/** Turns whatever a request threw into a {@link TransportFailure}, keeping no part of it. */
export function describeTransportFailure(error: unknown): TransportFailure {
  const facts = error as { code?: unknown; name?: unknown; event?: unknown; message?: unknown };
  const code = typeof facts?.code === 'string' ? facts.code : 'UNKNOWN';
  const message = typeof facts?.message === 'string' ? facts.message : '';

  const proxyRefusal = PROXY_REFUSAL.exec(message);
  if (proxyRefusal !== null) {
    const proxyStatus = Number(proxyRefusal[1]);
    const proxyCode = `PROXY_${proxyStatus}`;
    return { kind: 'proxy-status', code: proxyCode, mayHaveArrived: false, proxyStatus };
  }
  if (facts?.name === 'TimeoutError' || code === 'ETIMEDOUT' || message === 'Proxy timeout') {
    const phase = typeof facts?.event === 'string' ? facts.event : 'request';
    return { kind: 'timeout', code: 'ETIMEDOUT', mayHaveArrived: !BEFORE_SENDING.has(phase) };
  }
  if (code === 'ECONNREFUSED') {
    return { kind: 'refused', code, mayHaveArrived: false };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return { kind: 'reset', code, mayHaveArrived: true };
  }
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) {
    return { kind: 'tls', code, mayHaveArrived: false };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { kind: 'dns', code, mayHaveArrived: false };
  }
  return { kind: 'other', code, mayHaveArrived: true };
}
