/** When repeated failed logins suspend an account. */
export interface LockoutPolicy {
  /** Consecutive failed logins that suspend the account. */
  readonly maxFailures: number;

  /** How long a suspension lasts. */
  readonly durationSeconds: number;
}

/** Palette's documented policy: five failed logins suspend the account for 15 minutes. */
export const PALETTE_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, durationSeconds: 15 * 60 };

interface AccountRecord {
  failures: number;
  lockedUntil: number;
}

/**
 * Counts failed logins per account and suspends the account once they reach the limit.
 *
 * Only logins that name an existing account (email and org) with a wrong password count; a
 * successful login resets the count. While suspended, even the right password is refused, and
 * attempts do not extend the suspension.
 */
export class LoginLockout {
  private readonly accounts = new Map<string, AccountRecord>();

  constructor(private readonly policy: LockoutPolicy) {}

  /** Whether the account is suspended right now. */
  public isLocked(accountKey: string): boolean {
    const record = this.accounts.get(accountKey);
    return record !== undefined && Date.now() < record.lockedUntil;
  }

  /** Counts a wrong password; the last allowed failure starts the suspension. */
  public recordFailure(accountKey: string): void {
    const record = this.accounts.get(accountKey) ?? { failures: 0, lockedUntil: 0 };
    record.failures += 1;
    if (record.failures >= this.policy.maxFailures) {
      record.failures = 0;
      record.lockedUntil = Date.now() + this.policy.durationSeconds * 1000;
    }
    this.accounts.set(accountKey, record);
  }

  /** Forgets past failures after a successful login. */
  public recordSuccess(accountKey: string): void {
    this.accounts.delete(accountKey);
  }
}
