/** How fast one source may call a rate-limited endpoint. */
export interface RateLimit {
  /** Requests per second allowed over time. */
  readonly perSecond: number;

  /** Requests allowed back to back before the steady rate applies. */
  readonly burst: number;
}

/** Palette's documented limit on `/v1/auth/authenticate`. */
export const AUTHENTICATE_RATE_LIMIT: RateLimit = { perSecond: 10, burst: 5 };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per source address: each source starts with `burst` requests in hand and earns
 * `perSecond` more a second, never holding more than `burst`.
 *
 * Buckets that have refilled completely carry no information and are dropped, so a long-running
 * emulator does not grow with the number of addresses it has seen.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit) {}

  /** Spends one request for `source`; `false` means the caller must answer 429. */
  public tryAcquire(source: string): boolean {
    const now = Date.now();
    this.dropFullBuckets(now);

    const bucket = this.buckets.get(source) ?? { tokens: this.limit.burst, updatedAt: now };
    bucket.tokens = this.refilled(bucket, now);
    bucket.updatedAt = now;
    this.buckets.set(source, bucket);

    if (bucket.tokens < 1) {
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  private refilled(bucket: Bucket, now: number): number {
    const earned = ((now - bucket.updatedAt) / 1000) * this.limit.perSecond;
    return Math.min(this.limit.burst, bucket.tokens + earned);
  }

  private dropFullBuckets(now: number): void {
    for (const [source, bucket] of this.buckets) {
      if (this.refilled(bucket, now) >= this.limit.burst) {
        this.buckets.delete(source);
      }
    }
  }
}
