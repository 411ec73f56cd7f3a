import { fieldsKey, SessionIdentity } from './cache-entry';
import { parseJsonObject } from './json-object';
import type { MintedApiKey } from '../client/api-keys';

/**
 * Whose key a cache entry holds: the user it was minted for, and the slot it fills, which is the
 * name without its mint time (`<app>/<stack>/<construct path>` or the name the app gave). Two
 * constructs, apps or users never share a key.
 */
export interface ApiKeyIdentity extends SessionIdentity {
  readonly slot: string;
}

/** Marks a file as an API-key entry of this library. */
const ENTRY_FORMAT = 'cdktf-palette-credentials/api-key-cache';

/** Bumped whenever the entry's shape changes; entries of another version are ignored. */
const ENTRY_VERSION = 1;

/** A cache entry as it is stored, one JSON object per file. */
interface StoredEntry {
  readonly format: typeof ENTRY_FORMAT;
  readonly version: typeof ENTRY_VERSION;
  readonly endpoint: string;
  readonly org: string;
  readonly emailId: string;
  readonly slot: string;
  readonly apiKey: string;
  readonly uid: string;
  readonly name: string;
  readonly expiresAt: number;
}

/**
 * The name of an identity's files: a SHA-256 in hex, like the token cache's, so that the token
 * cache's clearing removes key entries too. The leading `api-key` keeps it apart from any
 * session's name; it is derived from no secret.
 */
export function apiKeyCacheKey(identity: ApiKeyIdentity): string {
  const fields = [
    'api-key',
    ENTRY_VERSION,
    identity.endpoint,
    identity.org,
    identity.emailId,
    identity.slot,
  ];
  return fieldsKey(fields);
}

/** The text of the entry that stores `key` for `identity`. */
export function serializeApiKeyEntry(identity: ApiKeyIdentity, key: MintedApiKey): string {
  const entry: StoredEntry = {
    format: ENTRY_FORMAT,
    version: ENTRY_VERSION,
    endpoint: identity.endpoint,
    org: identity.org,
    emailId: identity.emailId,
    slot: identity.slot,
    apiKey: key.apiKey,
    uid: key.uid,
    name: key.name,
    expiresAt: key.expiresAt,
  };
  return `${JSON.stringify(entry)}\n`;
}

/**
 * The key an entry stores, or `undefined` when the text is not an intact entry of this version:
 * a miss, never an error. With `identity`, the entry must belong to exactly that identity.
 */
export function parseApiKeyEntry(
  text: string,
  identity?: ApiKeyIdentity,
): MintedApiKey | undefined {
  const entry = parseJsonObject(text) as Partial<StoredEntry> | undefined;
  if (entry === undefined) {
    return undefined;
  }
  const intact =
    entry.format === ENTRY_FORMAT &&
    entry.version === ENTRY_VERSION &&
    typeof entry.apiKey === 'string' &&
    typeof entry.uid === 'string' &&
    typeof entry.name === 'string' &&
    typeof entry.expiresAt === 'number';
  const belongs =
    identity === undefined ||
    (entry.endpoint === identity.endpoint &&
      entry.org === identity.org &&
      entry.emailId === identity.emailId &&
      entry.slot === identity.slot);
  if (!intact || !belongs) {
    return undefined;
  }
  return {
    apiKey: entry.apiKey!,
    uid: entry.uid!,
    name: entry.name!,
    expiresAt: entry.expiresAt!,
  };
}
