import { parseRetryAfter, RetryLimits, RetryPolicy } from '../src/client/retry-policy';

const LIMITS: RetryLimits = {
  maxAttempts: 4,
  deadlineMs: 60_000,
  backoffBaseMs: 1_000,
  maxWaitMs: 30_000,
};

describe('RetryPolicy backoff', () => {
  test('doubles the ceiling of each wait: 1 s, 2 s, 4 s, 8 s', () => {
    const highest = new RetryPolicy(LIMITS, () => 0.999_999);

    expect([1, 2, 3, 4].map((failures) => highest.backoffMs(failures))).toEqual([
      999, 1_999, 3_999, 7_999,
    ]);
  });

  test('draws each wait uniformly from zero to the ceiling (full jitter)', () => {
    const draws = [0, 0.25, 0.5];
    const policy = new RetryPolicy(LIMITS, () => draws.shift()!);

    expect([policy.backoffMs(3), policy.backoffMs(3), policy.backoffMs(3)]).toEqual([
      0, 1_000, 2_000,
    ]);
  });

  test('never waits longer than the wait cap, however many failures', () => {
    const policy = new RetryPolicy(LIMITS, () => 0.999_999);

    expect(policy.backoffMs(20)).toBe(29_999);
  });

  test('spreads real random waits over the whole range', () => {
    const policy = new RetryPolicy(LIMITS);
    const waits = Array.from({ length: 2_000 }, () => policy.backoffMs(2));

    expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...waits)).toBeLessThan(2_000);
    expect(waits.filter((wait) => wait < 1_000).length).toBeGreaterThan(800);
    expect(waits.filter((wait) => wait >= 1_000).length).toBeGreaterThan(800);
  });
});

describe('RetryPolicy decisions', () => {
  const policy = new RetryPolicy(LIMITS, () => 0.5);

  test('retries a retryable failure after the jittered backoff', () => {
    expect(policy.decide({ retryable: true }, 1, 100)).toEqual({ retry: true, waitMs: 500 });
    expect(policy.decide({ retryable: true }, 2, 700)).toEqual({ retry: true, waitMs: 1_000 });
  });

  test('never retries a final failure', () => {
    expect(policy.decide({ retryable: false }, 1, 0)).toEqual({ retry: false, reason: 'final' });
  });

  test('stops after maxAttempts', () => {
    expect(policy.decide({ retryable: true }, 4, 5_000)).toEqual({
      retry: false,
      reason: 'attempts-exhausted',
    });
  });

  test('honours Retry-After exactly, instead of the backoff', () => {
    expect(policy.decide({ retryable: true, retryAfterMs: 7_000 }, 1, 0)).toEqual({
      retry: true,
      waitMs: 7_000,
    });
  });

  test('gives up at once when Retry-After is beyond the cap, keeping the asked wait', () => {
    expect(policy.decide({ retryable: true, retryAfterMs: 31_000 }, 1, 0)).toEqual({
      retry: false,
      reason: 'wait-too-long',
      waitMs: 31_000,
    });
  });

  test('gives up when the wait would end after the deadline', () => {
    expect(policy.decide({ retryable: true, retryAfterMs: 5_000 }, 2, 56_000)).toEqual({
      retry: false,
      reason: 'deadline',
      waitMs: 5_000,
    });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  test('reads delay-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
  });

  test('reads an HTTP date, measured from now', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5_000);
  });

  test('reads a date in the past as no wait', () => {
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });

  test('ignores what it cannot read, so that the backoff decides', () => {
    for (const value of [undefined, '', 'soon', '-1', '1.5', '2025-01-01']) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});
