import { bestEffort, errorCode } from './best-effort';
import { SessionIdentity } from './cache-entry';
import { CacheLock } from './cache-lock';
import { lastsAtLeast, TokenCache } from './token-cache';
import { describe, PaletteSession } from '../client/token-response';
import { PaletteConfigurationError } from '../errors';
import { traceChannel } from '../internal/trace-channel';

/**
 * Traces cache decisions when `NODE_DEBUG=palette-credentials-cache` is set. It names outcomes
 * and error codes only, never a token or a file's content.
 */
const trace = traceChannel('palette-credentials-cache');

/**
 * A token with less than this left is not worth a refresh: it could expire while the request
 * travels, and the refresh would fail and cost a password login anyway.
 */
const REFRESH_LEEWAY_SECONDS = 5;

/** The two ways to get a token from Palette; the cache decides which one is needed. */
export interface SessionIssuer {
  /** A password login. */
  login(): Promise<PaletteSession>;

  /** A new token for the session of `token`, without the password. */
  refresh(token: string): Promise<PaletteSession>;
}

/** What a session is needed for, and under which rules. */
export interface SessionRequest {
  readonly identity: SessionIdentity;

  /** The least lifetime, in seconds, the returned token must have left. */
  readonly minValiditySeconds: number;

  /** The cache folder; without one, every request is a password login. */
  readonly cacheDirectory?: string;

  /** How long to wait for another process that is logging in as the same user. */
  readonly lockWaitMs: number;
}

/**
 * A session with at least the minimum validity left, obtained as cheaply as possible: a cached
 * token (no request), else a refresh of a cached token that has not yet expired (no password),
 * else a password login. What is obtained is cached for the next process.
 *
 * Processes that need the same identity at the same time take turns under a lock, and each
 * looks at the cache again once it has the lock, so that only the first one logs in.
 *
 * The cache never makes a login fail: a folder that cannot be used only costs a login. A failed
 * refresh falls back to the password login; a failed login caches nothing.
 *
 * @throws PaletteConfigurationError with code `MIN_VALIDITY_UNREACHABLE` when even a fresh token
 * lives less than the minimum validity
 */
export async function obtainSession(
  request: SessionRequest,
  issuer: SessionIssuer,
): Promise<PaletteSession> {
  const { identity, minValiditySeconds } = request;
  const cache = request.cacheDirectory === undefined
    ? undefined
    : new TokenCache(request.cacheDirectory);
  const hit = cache?.readUsable(identity, minValiditySeconds);
  if (hit !== undefined) {
    return hit;
  }
  if (cache === undefined || !isUsable(cache)) {
    return requireMinValidity(await issuer.login(), request);
  }

  const lock = await CacheLock.acquire(cache.lockPath(identity), {
    waitMs: request.lockWaitMs,
    until: () => cache.readUsable(identity, minValiditySeconds) !== undefined,
  });
  try {
    // Another process may have logged in while this one waited.
    const cached = cache.read(identity);
    if (cached !== undefined && lastsAtLeast(cached, minValiditySeconds)) {
      return cached;
    }

    const session =
      (await refreshed(cached, request, issuer)) ?? (await issuer.login());
    save(cache, identity, session);
    return requireMinValidity(session, request);
  } finally {
    lock?.release();
  }
}

/** The refreshed session, or `undefined` when there is nothing to refresh or it did not help. */
async function refreshed(
  cached: PaletteSession | undefined,
  request: SessionRequest,
  issuer: SessionIssuer,
): Promise<PaletteSession | undefined> {
  if (cached === undefined || cached.expiresAt - nowSeconds() <= REFRESH_LEEWAY_SECONDS) {
    return undefined;
  }
  try {
    const session = await issuer.refresh(cached.token);
    return lastsAtLeast(session, request.minValiditySeconds) ? session : undefined;
  } catch (error) {
    // Typically 401: the session timed out. A password login is the way on.
    trace('refresh failed (%s); logging in with the password', errorCode(error));
    return undefined;
  }
}

function requireMinValidity(session: PaletteSession, request: SessionRequest): PaletteSession {
  if (lastsAtLeast(session, request.minValiditySeconds)) {
    return session;
  }
  const context = { host: request.identity.endpoint, org: request.identity.org };
  const left = session.expiresAt - nowSeconds();
  throw new PaletteConfigurationError(
    'MIN_VALIDITY_UNREACHABLE',
    `${describe(context)} issued a token that lives ${left} s, less than the minimum validity ` +
      `of ${request.minValiditySeconds} s asked for. Lower \`minValiditySeconds\`, or ask your ` +
      'Palette administrator for a longer token lifetime.',
    context,
  );
}

function isUsable(cache: TokenCache): boolean {
  return bestEffort(
    () => cache.prepareDirectory(),
    (code) => trace('cache folder unusable (%s); logging in without the cache', code),
  );
}

function save(cache: TokenCache, identity: SessionIdentity, session: PaletteSession): void {
  bestEffort(
    () => cache.write(identity, session),
    (code) => trace('could not write the cache entry (%s)', code),
  );
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
