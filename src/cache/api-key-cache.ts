import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  apiKeyCacheKey,
  ApiKeyIdentity,
  parseApiKeyEntry,
  serializeApiKeyEntry,
} from './api-key-entry';
import { readPrivateFile, removeQuietly, writePrivateFile } from './private-file';
import { TokenCache } from './token-cache';
import type { MintedApiKey } from '../client/api-keys';

/** The file names of entries: a SHA-256 in hex and `.json`, the token cache's own pattern. */
const ENTRY_FILE = /^[0-9a-f]{64}\.json$/;

/**
 * API keys minted by `PaletteApiKey`, kept beside the token cache so that the next synth reuses a
 * key instead of minting one more. One file per user and slot, in the token cache's folder, with
 * its guarantees: the folder is the user's alone (0700), every file is 0600 and replaced
 * atomically, and a file that is not an intact entry of this identity, or that others could
 * read, is a miss.
 *
 * A cached key is as powerful as the user's password until it expires, and lives longer than a
 * token: the folder must stay private, and `cache: false` keeps keys off disk.
 */
export class ApiKeyCache {
  private readonly folder: TokenCache;

  constructor(public readonly directory: string) {
    this.folder = new TokenCache(directory);
  }

  /** The stored key of `identity`, whatever its remaining lifetime, or `undefined`. */
  public read(identity: ApiKeyIdentity): MintedApiKey | undefined {
    const text = readPrivateFile(this.entryPath(identity));
    return text === undefined ? undefined : parseApiKeyEntry(text, identity);
  }

  /**
   * Stores `key` as the entry of `identity`, replacing any previous one atomically.
   *
   * @throws when the folder cannot be prepared or the file cannot be written
   */
  public write(identity: ApiKeyIdentity, key: MintedApiKey): void {
    this.prepareDirectory();
    writePrivateFile(this.entryPath(identity), serializeApiKeyEntry(identity, key));
  }

  /** The lock file that serializes the minting of `identity`'s key across processes. */
  public lockPath(identity: ApiKeyIdentity): string {
    return path.join(this.directory, `${apiKeyCacheKey(identity)}.lock`);
  }

  /**
   * Creates the folder when missing and makes it the user's alone, as the token cache does.
   *
   * @throws CacheFolderError when the path is not a folder of this user
   */
  public prepareDirectory(): void {
    this.folder.prepareDirectory();
  }

  /**
   * Deletes the entries of keys whose uid is in `uids`, whoever they belong to: once a key is
   * deleted on the server, a synth must not hand it out again.
   *
   * @returns how many entries were deleted
   */
  public forget(uids: ReadonlySet<string>): number {
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch {
      return 0;
    }

    let forgotten = 0;
    for (const name of names.filter((candidate) => ENTRY_FILE.test(candidate))) {
      const file = path.join(this.directory, name);
      const text = readPrivateFile(file);
      const key = text === undefined ? undefined : parseApiKeyEntry(text);
      if (key !== undefined && uids.has(key.uid)) {
        removeQuietly(file);
        forgotten++;
      }
    }
    return forgotten;
  }

  private entryPath(identity: ApiKeyIdentity): string {
    return path.join(this.directory, `${apiKeyCacheKey(identity)}.json`);
  }
}
