import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  openSync,
  readFileSync,
  renameSync,
  Stats,
  unlinkSync,
  writeFileSync,
} from 'node:fs';

/** Only the owner may read or write a file that holds a secret. */
const FILE_MODE = 0o600;

/** A symbolic link in a file's place is refused rather than followed. */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * The text of `file`, or `undefined` when it is missing, unreadable, a symbolic link, not a
 * regular file, owned by another user, or readable by anyone but its owner: a secret that others
 * could have read or planted is never trusted.
 */
export function readPrivateFile(file: string): string | undefined {
  let descriptor: number;
  try {
    // eslint-disable-next-line no-bitwise -- open(2) flags are a bit set.
    descriptor = openSync(file, constants.O_RDONLY | NO_FOLLOW);
  } catch {
    return undefined;
  }
  try {
    return isPrivateFile(fstatSync(descriptor)) ? readFileSync(descriptor, 'utf8') : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Replaces `file` with `text` atomically, mode 0600 whatever the umask: a temporary file
 * (`<file>.<hex>.tmp`) is written and renamed over it, so that a reader sees the old content or
 * the new, never half of either. The folder must exist and belong to the user.
 *
 * @throws when the file cannot be written
 */
export function writePrivateFile(file: string, text: string): void {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const descriptor = openSync(temporary, 'wx', FILE_MODE);
  try {
    // The umask may have removed bits from the mode asked for at creation.
    fchmodSync(descriptor, FILE_MODE);
    writeFileSync(descriptor, text);
    closeSync(descriptor);
    renameSync(temporary, file);
  } catch (error) {
    closeQuietly(descriptor);
    removeQuietly(temporary);
    throw error;
  }
}

/** Deletes `file`, whether or not it is still there. */
export function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Never created, or already removed by another process.
  }
}

/** Whether a file may be trusted: a regular file of this user that nobody else can read. */
function isPrivateFile(stats: Stats): boolean {
  const ownedByThisUser = process.getuid === undefined || stats.uid === process.getuid();
  if (!stats.isFile() || !ownedByThisUser) {
    return false;
  }
  return process.platform === 'win32' || (stats.mode % 0o1000) % 0o100 === 0;
}

function closeQuietly(descriptor: number): void {
  try {
    closeSync(descriptor);
  } catch {
    // Already closed.
  }
}
