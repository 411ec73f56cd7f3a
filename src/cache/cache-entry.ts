import { hash } from 'node:crypto';
import { parseJsonObject } from './json-object';
import type { PaletteSession } from '../client/token-response';
import { decodeJwtClaims } from '../jwt/claims';

/** Whose session a cache entry holds: the fields that decide which login a token came from. */
export interface SessionIdentity {
  readonly endpoint: string;
  readonly org: string;
  readonly emailId: string;
}

/**
 * The identity fields of a login's settings, and nothing else: whatever else the settings hold
 * (the password above all) never reaches a cache key or a cache file.
 */
export function sessionIdentity(settings: SessionIdentity): SessionIdentity {
  return { endpoint: settings.endpoint, org: settings.org, emailId: settings.emailId };
}

/** Marks a file as ours, so that anything else that lands in the folder is never trusted. */
const ENTRY_FORMAT = 'cdktf-palette-credentials/token-cache';

/** Bumped whenever the entry's shape changes; entries of another version are ignored. */
const ENTRY_VERSION = 1;

/** A cache entry as it is stored, one JSON object per file. */
interface StoredEntry {
  readonly format: typeof ENTRY_FORMAT;
  readonly version: typeof ENTRY_VERSION;
  readonly endpoint: string;
  readonly org: string;
  readonly emailId: string;
  readonly token: string;
  readonly expiresAt: number;
}

/**
 * The name of an identity's cache files: a SHA-256 of the version, endpoint, org and email, in
 * hex. It is derived from no secret, so a file name reveals nothing, and the same user on
 * another host or org never shares an entry.
 */
export function cacheKey(identity: SessionIdentity): string {
  return fieldsKey([ENTRY_VERSION, identity.endpoint, identity.org, identity.emailId]);
}

/**
 * A cache file name made of `fields`: a SHA-256 of their JSON, in hex. Computed with the one-shot
 * hash, with no Hash stream to build, since every synth names a file.
 */
export function fieldsKey(fields: readonly unknown[]): string {
  return hash('sha256', JSON.stringify(fields), 'hex');
}

/** The text of the entry that stores `session` for `identity`. It never holds the password. */
export function serializeEntry(identity: SessionIdentity, session: PaletteSession): string {
  const entry: StoredEntry = {
    format: ENTRY_FORMAT,
    version: ENTRY_VERSION,
    endpoint: identity.endpoint,
    org: identity.org,
    emailId: identity.emailId,
    token: session.token,
    expiresAt: session.expiresAt,
  };
  return `${JSON.stringify(entry)}\n`;
}

/**
 * The session an entry stores, or `undefined` when the text is not an entry of this version for
 * exactly this identity: a corrupted, truncated or foreign file is a miss, never an error, and
 * the next login replaces it.
 *
 * The expiry is read again from the token's own `exp` claim, so an entry whose fields disagree
 * with its token is not trusted either.
 */
export function parseEntry(text: string, identity: SessionIdentity): PaletteSession | undefined {
  const entry = parseJsonObject(text) as Partial<StoredEntry> | undefined;
  if (entry === undefined) {
    return undefined;
  }
  const matches =
    entry.format === ENTRY_FORMAT &&
    entry.version === ENTRY_VERSION &&
    entry.endpoint === identity.endpoint &&
    entry.org === identity.org &&
    entry.emailId === identity.emailId &&
    typeof entry.token === 'string';
  if (!matches) {
    return undefined;
  }

  const claims = decodeJwtClaims(entry.token!);
  if (claims?.exp === undefined || claims.exp !== entry.expiresAt) {
    return undefined;
  }
  const issuedAt = typeof claims.iat === 'number' ? claims.iat : undefined;
  return { token: entry.token!, expiresAt: claims.exp, issuedAt };
}
