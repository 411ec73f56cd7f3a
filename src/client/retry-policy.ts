/** The numbers a {@link RetryPolicy} works with, all in milliseconds except the count. */
export interface RetryLimits {
  /** Requests one call may send, the first included. */
  readonly maxAttempts: number;

  /** Time one call may take from its first request to its outcome, waits included. */
  readonly deadlineMs: number;

  /** The wait after the first failure, before jitter; it doubles for each later failure. */
  readonly backoffBaseMs: number;

  /** The longest wait this client accepts, whether from backoff or from `Retry-After`. */
  readonly maxWaitMs: number;
}

/** What went wrong with one attempt, as far as retrying is concerned. */
export interface AttemptSetback {
  /** Whether the same request may be sent again without risk to the account. */
  readonly retryable: boolean;

  /**
   * How long the server asked the client to wait, from a `Retry-After` header.
   *
   * @default - the server said nothing; the backoff decides
   */
  readonly retryAfterMs?: number;
}

/** Why a call stops retrying. */
export type GiveUpReason =
  /** The failure is one that must not or cannot be cured by sending the request again. */
  | 'final'
  /** Every allowed attempt was spent. */
  | 'attempts-exhausted'
  /** The next wait would end after the deadline. */
  | 'deadline'
  /** The server asked for a longer wait than this client accepts. */
  | 'wait-too-long';

/** The verdict after a failed attempt: wait and try again, or give up and say why. */
export type RetryDecision =
  | { readonly retry: true; readonly waitMs: number }
  | { readonly retry: false; readonly reason: GiveUpReason; readonly waitMs?: number };

/**
 * Decides whether, and after how long, a failed request is sent again.
 *
 * Without a `Retry-After`, the wait is "full jitter" exponential backoff: a uniformly random time
 * between zero and `backoffBaseMs · 2^(failures − 1)`, capped at `maxWaitMs`. The randomness
 * spreads out the retries of many synth runs that failed at the same moment, so that they do not
 * hit a recovering server, or the login rate limit, in lockstep.
 *
 * A `Retry-After` is honoured exactly, up to `maxWaitMs`; a longer one ends the call at once, as
 * waiting for it would leave the synth hanging with no sign of life.
 */
export class RetryPolicy {
  constructor(
    private readonly limits: RetryLimits,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * @param setback what went wrong with the attempt just made
   * @param attemptsMade how many requests were sent so far, the failed one included
   * @param elapsedMs time since the first request was started
   */
  public decide(setback: AttemptSetback, attemptsMade: number, elapsedMs: number): RetryDecision {
    if (!setback.retryable) {
      return { retry: false, reason: 'final' };
    }
    if (setback.retryAfterMs !== undefined && setback.retryAfterMs > this.limits.maxWaitMs) {
      return { retry: false, reason: 'wait-too-long', waitMs: setback.retryAfterMs };
    }
    if (attemptsMade >= this.limits.maxAttempts) {
      return { retry: false, reason: 'attempts-exhausted' };
    }

    const waitMs = setback.retryAfterMs ?? this.backoffMs(attemptsMade);
    if (elapsedMs + waitMs >= this.limits.deadlineMs) {
      return { retry: false, reason: 'deadline', waitMs };
    }
    return { retry: true, waitMs };
  }

  /** The jittered wait after `failures` consecutive failures (1 for the first). */
  public backoffMs(failures: number): number {
    const ceiling = Math.min(
      this.limits.maxWaitMs,
      this.limits.backoffBaseMs * 2 ** Math.max(0, failures - 1),
    );
    return Math.floor(this.random() * ceiling);
  }
}

/**
 * Reads a `Retry-After` header: delay-seconds (`"120"`) or an HTTP date
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`), as RFC 9110 allows.
 *
 * @param nowMs the current time, against which a date is measured
 * @returns the wait in milliseconds (a date in the past means no wait), or `undefined` when the
 * header is absent or unreadable, so that the backoff decides instead
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (text === undefined || text === '') {
    return undefined;
  }
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }

  const at = Date.parse(text);
  // Date.parse also reads forms no server sends for this header; an HTTP date names its zone.
  if (Number.isNaN(at) || !/GMT$/.test(text)) {
    return undefined;
  }
  return Math.max(0, at - nowMs);
}
