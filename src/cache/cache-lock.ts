import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/** How often a waiting process looks at the lock again. A login on loopback takes longer. */
const POLL_MS = 10;

/**
 * A lock older than this is taken to be left behind, whoever holds it: a login that is still
 * running after a minute has failed anyway.
 */
export const STALE_LOCK_MS = 60_000;

/** How long to wait for a lock, and when to stop waiting early. */
export interface LockOptions {
  /** The longest wait for a lock another process holds, in milliseconds. */
  readonly waitMs: number;

  /**
   * Asked between attempts; `true` ends the wait without the lock. It lets a waiter stop as
   * soon as the holder's result is there to read.
   *
   * @default - wait until the lock is free or `waitMs` has passed
   */
  readonly until?: () => boolean;
}

/** What a lock file holds: enough to tell a live holder from one that has gone. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly nonce: string;
}

/**
 * A lock across processes, held as a file created with `O_EXCL`, so that of all the synth
 * processes that start at once against an empty cache, one logs in and the rest read its result.
 *
 * A lock is left behind when its holder dies; it is taken over once its process is gone (on this
 * host) or once it is older than {@link STALE_LOCK_MS}. Two waiters may both take over the same
 * stale lock; the worst that causes is one extra login, since entries are written atomically.
 */
export class CacheLock {
  /**
   * Takes the lock in `file`, waiting while another process holds it.
   *
   * @returns the lock, or `undefined` when the wait ended without it (`until` said so, the wait
   * timed out, or the lock file cannot be created at all): the caller goes on without the lock
   */
  public static async acquire(file: string, options: LockOptions): Promise<CacheLock | undefined> {
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      const attempt = CacheLock.tryCreate(file);
      if (attempt !== 'held') {
        return attempt;
      }
      if (options.until?.() === true || Date.now() >= deadline) {
        return undefined;
      }
      if (isStale(file)) {
        removeQuietly(file);
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS + Math.random() * POLL_MS));
    }
  }

  private static tryCreate(file: string): CacheLock | 'held' | undefined {
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      nonce: randomBytes(8).toString('hex'),
    };
    let descriptor: number;
    try {
      descriptor = openSync(file, 'wx', 0o600);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'held' : undefined;
    }
    try {
      writeSync(descriptor, JSON.stringify(owner));
    } finally {
      closeSync(descriptor);
    }
    return new CacheLock(file, owner.nonce);
  }

  private constructor(
    private readonly file: string,
    private readonly nonce: string,
  ) {}

  /** Gives the lock up. A lock that was taken over meanwhile is left to its new holder. */
  public release(): void {
    if (readOwner(this.file)?.nonce === this.nonce) {
      removeQuietly(this.file);
    }
  }
}

function isStale(file: string): boolean {
  let ageMs: number;
  try {
    ageMs = Date.now() - statSync(file).mtimeMs;
  } catch {
    // Gone already: the next attempt will take it.
    return false;
  }
  if (ageMs > STALE_LOCK_MS) {
    return true;
  }

  // A holder that has just created the file may not have written it yet: unreadable is alive.
  const owner = readOwner(file);
  return owner !== undefined && owner.host === hostname() && !isRunning(owner.pid);
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    const valid = typeof owner.pid === 'number' && typeof owner.host === 'string' &&
      typeof owner.nonce === 'string';
    return valid ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Removed by another process already.
  }
}
