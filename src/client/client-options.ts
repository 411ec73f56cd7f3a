import type { ProxyEnvironment } from './proxy-variables';

/**
 * How the client talks to one Palette endpoint. Every field is optional; the defaults below are
 * the ones the README and the construct's props document.
 *
 * The object crosses from the synth thread to the login worker as plain data, so it holds
 * values, never handles: the CA bundle as PEM text, the proxy variables as strings.
 */
export interface ClientOptions {
  /** How long one HTTP request may take, in milliseconds. */
  readonly attemptTimeoutMs?: number;

  /** How long a whole call may take, every retry and wait included, in milliseconds. */
  readonly deadlineMs?: number;

  /** How many requests one call may send, the first included. */
  readonly maxAttempts?: number;

  /** PEM certificates trusted in addition to the roots Node.js trusts. */
  readonly caCertificates?: string;

  /** Skips certificate verification. Only for a test installation; the construct warns. */
  readonly insecureSkipTlsVerify?: boolean;

  /**
   * The proxy variables as they were on the synth thread. A worker thread gets a copy of the
   * environment when it starts, so variables set later would otherwise be missed.
   */
  readonly proxyEnvironment?: ProxyEnvironment;
}

/** The documented defaults, and the limits that are not settings. */
export const CLIENT_DEFAULTS = {
  attemptTimeoutMs: 10_000,
  deadlineMs: 60_000,
  maxAttempts: 4,
  /** The first wait before a retry, doubled for each later one, before jitter. */
  backoffBaseMs: 1_000,
  /** The longest wait between two attempts, whatever the backoff or `Retry-After` says. */
  maxWaitMs: 30_000,
  /** No Palette answer is anywhere near this; anything larger is not Palette speaking. */
  maxBodyBytes: 64 * 1024,
} as const;
