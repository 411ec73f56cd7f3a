import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  Stats,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { cacheKey, parseEntry, serializeEntry, SessionIdentity } from './cache-entry';
import type { PaletteSession } from '../client/token-response';

/** Only the owner may list or enter the cache folder. */
const DIRECTORY_MODE = 0o700;

/** Only the owner may read or write a cache file. */
const FILE_MODE = 0o600;

/**
 * The names this library creates: `<key>.json` entries, `<key>.lock` locks and the temporary
 * files of atomic writes. Clearing removes these and nothing else, so a cache folder pointed at a
 * shared place loses none of its other files.
 */
const OWN_FILE = /^[0-9a-f]{64}(\.json|\.lock|\.json\.[0-9a-f]+\.tmp)$/;

/** A symbolic link in an entry's place is refused rather than followed. */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** The cache folder is unusable: it is not a folder, or another user owns it. */
export class CacheFolderError extends Error {}

/**
 * Palette sessions kept on disk between synth processes, one file per endpoint, org and user,
 * in a folder only the user can open.
 *
 * Entries hold the token and its expiry, never the password. Every file is created with mode
 * 0600 and the folder is set to 0700 whatever the process's umask, and an entry is replaced by
 * writing a temporary file and renaming it over the old one, so that a reader sees the old entry
 * or the new one, never half of either. Anything that is not an intact entry of this library for
 * the identity asked about, or that another user could read, is a miss.
 *
 * All operations are synchronous: each is a handful of system calls, and the synth thread, which
 * cannot await, reads the cache too.
 */
export class TokenCache {
  constructor(public readonly directory: string) {}

  /**
   * The stored session of `identity` if it has at least `minValiditySeconds` left.
   *
   * Synchronous and free of requests, so that the synth thread can serve a warm cache without
   * starting the login worker, or even loading the HTTP client.
   */
  public readUsable(
    identity: SessionIdentity,
    minValiditySeconds: number,
  ): PaletteSession | undefined {
    const session = this.read(identity);
    return session !== undefined && lastsAtLeast(session, minValiditySeconds) ? session : undefined;
  }

  /** The stored session of `identity`, whatever its remaining lifetime, or `undefined`. */
  public read(identity: SessionIdentity): PaletteSession | undefined {
    let descriptor: number;
    try {
      // eslint-disable-next-line no-bitwise -- open(2) flags are a bit set.
      descriptor = openSync(this.entryPath(identity), constants.O_RDONLY | NO_FOLLOW);
    } catch {
      return undefined;
    }
    try {
      if (!isPrivateFile(fstatSync(descriptor))) {
        return undefined;
      }
      return parseEntry(readFileSync(descriptor, 'utf8'), identity);
    } catch {
      return undefined;
    } finally {
      closeSync(descriptor);
    }
  }

  /**
   * Stores `session` as the entry of `identity`, replacing any previous one atomically.
   *
   * @throws when the folder cannot be prepared or the file cannot be written
   */
  public write(identity: SessionIdentity, session: PaletteSession): void {
    this.prepareDirectory();

    const target = this.entryPath(identity);
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const descriptor = openSync(temporary, 'wx', FILE_MODE);
    try {
      // The umask may have removed bits from the mode asked for at creation.
      fchmodSync(descriptor, FILE_MODE);
      writeFileSync(descriptor, serializeEntry(identity, session));
      closeSync(descriptor);
      renameSync(temporary, target);
    } catch (error) {
      closeQuietly(descriptor);
      removeQuietly(temporary);
      throw error;
    }
  }

  /** The lock file that serializes logins of `identity` across processes. */
  public lockPath(identity: SessionIdentity): string {
    return path.join(this.directory, `${cacheKey(identity)}.lock`);
  }

  /**
   * Creates the folder when missing and makes it the user's alone (mode 0700).
   *
   * @throws CacheFolderError when the path is not a folder or belongs to another user: files in
   * it could be read or planted by someone else
   */
  public prepareDirectory(): void {
    mkdirSync(this.directory, { recursive: true, mode: DIRECTORY_MODE });
    const stats = statSync(this.directory);
    if (!stats.isDirectory() || !ownedByThisUser(stats)) {
      throw new CacheFolderError(
        `The token cache folder ${this.directory} is not a folder of this user.`,
      );
    }
    if (process.platform !== 'win32' && permissionBits(stats) !== DIRECTORY_MODE) {
      chmodSync(this.directory, DIRECTORY_MODE);
    }
  }

  /**
   * Deletes every entry, lock and leftover temporary file of this library in the folder.
   *
   * @returns how many entries (cached tokens and API keys) were deleted
   */
  public clear(): number {
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return 0;
      }
      throw error;
    }

    let entries = 0;
    for (const name of names.filter((candidate) => OWN_FILE.test(candidate))) {
      try {
        unlinkSync(path.join(this.directory, name));
      } catch (error) {
        // Another process may have removed or renamed it meanwhile.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw error;
        }
        continue;
      }
      entries += name.endsWith('.json') ? 1 : 0;
    }
    return entries;
  }

  private entryPath(identity: SessionIdentity): string {
    return path.join(this.directory, `${cacheKey(identity)}.json`);
  }
}

/**
 * Whether `session` has at least `seconds` left, and in any case has not expired: a token is
 * never handed out in its last second, even when no minimum was asked for.
 */
export function lastsAtLeast(session: PaletteSession, seconds: number): boolean {
  return session.expiresAt - Math.floor(Date.now() / 1000) >= Math.max(seconds, 1);
}

/** Whether a file may be trusted: a regular file of this user that nobody else can read. */
function isPrivateFile(stats: Stats): boolean {
  if (!stats.isFile() || !ownedByThisUser(stats)) {
    return false;
  }
  return process.platform === 'win32' || permissionBits(stats) % 0o100 === 0;
}

/** The nine permission bits of a mode (owner, group, others), for example 0o600. */
function permissionBits(stats: Stats): number {
  return stats.mode % 0o1000;
}

function ownedByThisUser(stats: Stats): boolean {
  return process.getuid === undefined || stats.uid === process.getuid();
}

function closeQuietly(descriptor: number): void {
  try {
    closeSync(descriptor);
  } catch {
    // Already closed.
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Never created, or already renamed.
  }
}
