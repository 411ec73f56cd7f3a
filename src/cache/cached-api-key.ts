import { ApiKeyCache } from './api-key-cache';
import { ApiKeyIdentity } from './api-key-entry';
import { bestEffort } from './best-effort';
import { CacheLock } from './cache-lock';
import type { MintedApiKey } from '../client/api-keys';
import { traceChannel } from '../internal/trace-channel';

/** The same channel as the token cache's: outcomes and error codes, never a key. */
const trace = traceChannel('palette-credentials-cache');

/**
 * A cached key is reused while its expiry lies within this much of the longest lifetime asked
 * for: the expiry a key is minted with is rounded to the second, and clocks differ a little.
 */
const LIFETIME_SLACK_SECONDS = 60;

/** Which key is wanted, and which cached key is good enough. */
export interface ApiKeyRequest {
  readonly identity: ApiKeyIdentity;

  /** The least lifetime, in seconds, a handed-out key must have left. */
  readonly minValiditySeconds: number;

  /**
   * The lifetime, in seconds, a new key gets. A cached key with more left is not reused: its
   * lifetime was set by an earlier, longer setting, and a shorter one was asked for since.
   */
  readonly lifetimeSeconds: number;

  /** The cache folder; without one, every request mints a key. */
  readonly cacheDirectory?: string;

  /** How long to wait for another process that is minting the same key. */
  readonly lockWaitMs: number;
}

/**
 * A cached key that `request` may reuse, or `undefined`. Synchronous and free of requests, so
 * that the synth thread serves a warm cache without the worker.
 */
export function cachedApiKey(
  directory: string,
  request: Omit<ApiKeyRequest, 'cacheDirectory' | 'lockWaitMs'>,
): MintedApiKey | undefined {
  return usable(new ApiKeyCache(directory).read(request.identity), request);
}

/**
 * A key for `request`: a cached one while it lasts, else one `mint` creates, which is cached for
 * the next process. Processes that need the same key at the same time take turns under a lock,
 * and each looks at the cache again once it holds it, so that only the first one mints.
 *
 * The cache never makes minting fail: a folder that cannot be used only costs a key.
 */
export async function obtainApiKey(
  request: ApiKeyRequest,
  mint: () => Promise<MintedApiKey>,
): Promise<MintedApiKey> {
  const cache = request.cacheDirectory === undefined
    ? undefined
    : new ApiKeyCache(request.cacheDirectory);
  const hit = usable(cache?.read(request.identity), request);
  if (hit !== undefined) {
    return hit;
  }
  if (cache === undefined || !isUsable(cache)) {
    return mint();
  }

  const lock = await CacheLock.acquire(cache.lockPath(request.identity), {
    waitMs: request.lockWaitMs,
    until: () => usable(cache.read(request.identity), request) !== undefined,
  });
  try {
    // Another process may have minted the key while this one waited.
    const waitedFor = usable(cache.read(request.identity), request);
    if (waitedFor !== undefined) {
      return waitedFor;
    }

    const key = await mint();
    save(cache, request.identity, key);
    return key;
  } finally {
    lock?.release();
  }
}

function usable(
  key: MintedApiKey | undefined,
  request: Pick<ApiKeyRequest, 'minValiditySeconds' | 'lifetimeSeconds'>,
): MintedApiKey | undefined {
  if (key === undefined) {
    return undefined;
  }
  const left = key.expiresAt - Math.floor(Date.now() / 1000);
  const lastsLongEnough = left >= Math.max(request.minValiditySeconds, 1);
  const notTooLong = left <= request.lifetimeSeconds + LIFETIME_SLACK_SECONDS;
  return lastsLongEnough && notTooLong ? key : undefined;
}

function isUsable(cache: ApiKeyCache): boolean {
  return bestEffort(
    () => cache.prepareDirectory(),
    (code) => trace('cache folder unusable (%s); minting the API key without the cache', code),
  );
}

function save(cache: ApiKeyCache, identity: ApiKeyIdentity, key: MintedApiKey): void {
  bestEffort(
    () => cache.write(identity, key),
    (code) => trace('could not write the API key entry (%s)', code),
  );
}
