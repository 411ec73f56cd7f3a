import { CallContext, createsOnServer } from './answer-errors';
import { CA_BUNDLE_ENVIRONMENT } from './connection-settings';
import { ProxyChoice } from './proxy-environment';
import { describe } from './token-response';
import { TransportFailure } from './transport-failure';
import { PaletteConnectionError } from '../errors';

/** What a message about a failed connection needs to say. */
export interface TransportContext extends CallContext {
  /**
   * The proxy the request went through.
   *
   * @default - direct
   */
  readonly proxy?: ProxyChoice;

  /** How long the attempt was allowed to take. */
  readonly timeoutMs: number;

  /** Whether that limit was the per-request timeout or what was left of the deadline. */
  readonly timeoutFrom: 'requestTimeoutSeconds' | 'deadlineSeconds';
}

/**
 * Whether a request that got no answer may be sent again.
 *
 * A refused connection carried nothing, and a reset one is what a restarting load balancer
 * does, so both are retried. A login that timed out after it was sent is not: the server may
 * have judged the password, and a repeat could count as another failure towards a suspension.
 * Certificate problems and unknown host names do not cure themselves. A call that creates
 * something (see {@link createsOnServer}) is resent only when the request never left.
 */
export function isRetryable(failure: TransportFailure, context: CallContext): boolean {
  if (failure.mayHaveArrived && createsOnServer(context.call)) {
    return false;
  }
  switch (failure.kind) {
    case 'refused':
    case 'reset':
      return true;
    case 'timeout':
      return !failure.mayHaveArrived || context.call !== 'login';
    case 'dns':
      return failure.code === 'EAI_AGAIN';
    case 'proxy-status':
      return [502, 503, 504].includes(failure.proxyStatus ?? 0);
    default:
      return false;
  }
}

/** The error a failed connection becomes. Proxy credentials never appear in it. */
export function transportError(
  failure: TransportFailure,
  context: TransportContext,
): PaletteConnectionError {
  const where = describe(context);
  const errorContext = { host: context.host, org: context.org };
  const via = context.proxy === undefined ? '' : ` through the proxy ${context.proxy.description}`;
  const error = (code: string, message: string): PaletteConnectionError =>
    new PaletteConnectionError(code, message, errorContext);

  switch (failure.kind) {
    case 'timeout':
      return error('TIMEOUT', timeoutMessage(where + via, context));
    case 'refused':
      return context.proxy === undefined
        ? error(
          'CONNECTION_REFUSED',
          `Could not connect to ${where}: the connection was refused (ECONNREFUSED). Check the ` +
              'host and port, and that Palette is reachable from this machine.',
        )
        : error(
          'CONNECTION_REFUSED',
          `Could not connect to the proxy ${context.proxy.description} for ${where}: it refused ` +
              'the connection. Check the proxy variable, or add the host to NO_PROXY.',
        );
    case 'reset':
      return error(
        'CONNECTION_RESET',
        `The connection to ${where}${via} was closed before an answer arrived ` +
          `(${failure.code}). A proxy, firewall or load balancer may be cutting connections; ` +
          'check them if this keeps happening.',
      );
    case 'tls':
      return error('TLS', tlsMessage(where, failure.code));
    case 'dns':
      return error(
        'HOST_NOT_FOUND',
        `The host name of ${where} could not be resolved (${failure.code}). Check its spelling, ` +
          'and the DNS or VPN settings of this machine.',
      );
    case 'proxy-status':
      return proxyRefusal(failure.proxyStatus ?? 0, where, context.proxy, errorContext);
    default:
      return error(
        'CONNECTION_FAILED',
        `Could not talk to ${where}${via} (${failure.code}). Check the host name and port, and ` +
          'that Palette is reachable from this machine.',
      );
  }
}

function timeoutMessage(where: string, context: TransportContext): string {
  const limit = formatSeconds(context.timeoutMs);
  if (context.timeoutFrom === 'deadlineSeconds') {
    return (
      `${where} did not answer before the deadline ran out, ${limit} into this attempt ` +
      '(deadlineSeconds). Check that the host is reachable from this machine (VPN, proxy, ' +
      'firewall), or raise deadlineSeconds.'
    );
  }
  return (
    `${where} did not answer within ${limit} (requestTimeoutSeconds). Check that the host is ` +
    'reachable from this machine (VPN, proxy, firewall), or raise requestTimeoutSeconds.'
  );
}

const UNTRUSTED_ISSUER = 'its certificate was issued by an authority this machine does not trust';

const TLS_REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet (check this machine\'s clock)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN:
    'its certificate chain ends in an authority this machine does not trust',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED_ISSUER,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED_ISSUER,
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host name',
};

function tlsMessage(where: string, code: string): string {
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_')) {
    return (
      `${where} did not complete a TLS handshake (${code}). Check that the port serves HTTPS, ` +
      'and that no proxy or firewall intercepts the connection. The request was not retried.'
    );
  }
  const reason = TLS_REASONS[code] ?? 'its certificate could not be verified';
  return (
    `${where} failed TLS certificate verification: ${reason} (${code}). If Palette uses a ` +
    'private certificate authority, give that authority\'s certificate (PEM) as the ' +
    `caBundlePath prop or the ${CA_BUNDLE_ENVIRONMENT} environment variable. The request was ` +
    'not retried.'
  );
}

function proxyRefusal(
  status: number,
  where: string,
  proxy: ProxyChoice | undefined,
  errorContext: { host: string; org?: string },
): PaletteConnectionError {
  const name = proxy?.description ?? 'in use';
  if (status === 407) {
    return new PaletteConnectionError(
      'PROXY_AUTH_REQUIRED',
      `The proxy ${name} asked for credentials (HTTP 407) before opening a tunnel to ${where}. ` +
        'Put its user and password in the proxy URL (http://user:password@proxy:port), or check ' +
        'the ones there.',
      errorContext,
    );
  }
  return new PaletteConnectionError(
    'PROXY_REFUSED',
    `The proxy ${name} refused to open a tunnel to ${where} (HTTP ${status}). Check that the ` +
      'proxy allows this host and port, or add the host to NO_PROXY to reach it directly.',
    errorContext,
  );
}

/** `1.5 s`, `60 s`: durations as messages give them. */
export function formatSeconds(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(1))} s`;
}
