import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Whom a key belongs to: the user of the token that minted it. */
export interface ApiKeyOwner {
  readonly userUid: string;
  readonly org: string;
  readonly tenantUid: string;
}

/** A key as the emulator keeps it: everything but the key itself, kept only as a digest. */
export interface StoredApiKey extends ApiKeyOwner {
  readonly uid: string;
  readonly name: string;

  /** When the key stops working, in seconds since the epoch. */
  readonly expiresAt: number;

  /** When it was minted, in seconds since the epoch. */
  readonly createdAt: number;
}

/** Why a presented key was refused. */
export type ApiKeyRefusal = 'invalid' | 'expired' | 'deleted';

/** The verdict on a key presented in an `ApiKey` header. */
export type ApiKeyVerdict =
  | { readonly accepted: true; readonly key: StoredApiKey }
  | { readonly accepted: false; readonly reason: ApiKeyRefusal; readonly keyId?: string };

/** Keys deleted more than this many ago are forgotten, digest and all. */
const TOMBSTONE_LIMIT = 10_000;

/**
 * The API keys an emulator minted, the `/v1/apiKeys` endpoints' store.
 *
 * A key is handed out once, in the answer that mints it, and kept only as a SHA-256 digest,
 * compared in constant time: like Palette, the emulator can never show a key again, and its
 * request log can hold a key's uid but never the key. A deleted key's digest is remembered, so
 * that a request presenting it is logged with the key's uid.
 */
export class ApiKeyStore {
  private readonly live = new Map<string, { readonly digest: Buffer; key: StoredApiKey }>();
  private readonly tombstones = new Map<string, string>();

  /** Mints a key for `owner`; the answer is the only place the key ever appears. */
  public create(
    owner: ApiKeyOwner,
    name: string,
    expiresAt: number,
  ): { readonly apiKey: string; readonly key: StoredApiKey } {
    const apiKey = randomBytes(24).toString('base64url');
    const key: StoredApiKey = {
      userUid: owner.userUid,
      org: owner.org,
      tenantUid: owner.tenantUid,
      uid: randomBytes(12).toString('hex'),
      name,
      expiresAt,
      createdAt: nowSeconds(),
    };
    this.live.set(key.uid, { digest: digest(apiKey), key });
    return { apiKey, key };
  }

  /** The keys of one user, oldest first. */
  public list(userUid: string): StoredApiKey[] {
    return [...this.live.values()]
      .map((entry) => entry.key)
      .filter((key) => key.userUid === userUid);
  }

  /** The key with this uid, when it exists and belongs to `userUid`. */
  public find(uid: string, userUid: string): StoredApiKey | undefined {
    const key = this.live.get(uid)?.key;
    return key?.userUid === userUid ? key : undefined;
  }

  /** Deletes a key of `userUid`. @returns whether there was one to delete */
  public delete(uid: string, userUid: string): boolean {
    const entry = this.live.get(uid);
    if (entry === undefined || entry.key.userUid !== userUid) {
      return false;
    }
    this.live.delete(uid);
    this.tombstones.set(entry.digest.toString('hex'), uid);
    if (this.tombstones.size > TOMBSTONE_LIMIT) {
      this.tombstones.delete(this.tombstones.keys().next().value!);
    }
    return true;
  }

  /** Judges a key presented as a credential: minted here, not deleted, not expired. */
  public check(apiKey: string): ApiKeyVerdict {
    const presented = digest(apiKey);
    for (const { digest: stored, key } of this.live.values()) {
      if (timingSafeEqual(stored, presented)) {
        return nowSeconds() >= key.expiresAt
          ? { accepted: false, reason: 'expired', keyId: key.uid }
          : { accepted: true, key };
      }
    }
    const deletedUid = this.tombstones.get(presented.toString('hex'));
    return deletedUid === undefined
      ? { accepted: false, reason: 'invalid' }
      : { accepted: false, reason: 'deleted', keyId: deletedUid };
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
