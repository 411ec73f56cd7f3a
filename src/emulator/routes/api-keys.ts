import { ApiKeyStore, StoredApiKey } from '../api-key-store';
import { EmulatorCall, Route, RouteAnswer, v1Error } from '../route';
import { EmulatorTokenClaims, TokenIssuer } from '../token-issuer';

/** How a route that takes a key's uid in its path logs the path: the uid is in `apiKeyId`. */
const UID_PATH = '/v1/apiKeys/{uid}';

/** RFC 3339 with a zone, as Go's `time.Time` reads it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * The API-key endpoints: `POST /v1/apiKeys` mints a key (201, `v1ApiKeyCreateResponse`),
 * `GET /v1/apiKeys` lists the caller's keys (`v1ApiKeys`), `GET /v1/apiKeys/{uid}` shows one
 * (`v1ApiKey`) and `DELETE /v1/apiKeys/{uid}` deletes one (204).
 *
 * Each needs a token (a JWT) in `Authorization`: an API key cannot mint or manage keys here.
 * A user mints keys for themself and sees and deletes only their own; the emulator has no
 * tenant administrators. The key itself appears only in the answer that mints it, never in a
 * listing, as with Palette.
 */
export function apiKeyRoutes(tokens: TokenIssuer, keys: ApiKeyStore): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/v1\/apiKeys$/,
      answer: async (call) => withCaller(call, tokens, async (claims, log) => {
        const order = readOrder(await call.readBody());
        if (typeof order === 'string') {
          return v1Error(400, 'BadRequest', order, { log });
        }
        if (order.userUid !== claims.sub) {
          const message = 'A user may create API keys only for themself.';
          return v1Error(403, 'Forbidden', message, { log });
        }
        const { apiKey, key } = keys.create(ownerOf(claims), order.name, order.expiresAt);
        return { status: 201, body: { apiKey, uid: key.uid }, log: { ...log, apiKeyId: key.uid } };
      }),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/apiKeys$/,
      answer: async (call) => withCaller(call, tokens, async (claims, log) => ({
        status: 200,
        body: { items: keys.list(claims.sub).map(listing) },
        log,
      })),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/apiKeys\/([^/]+)$/,
      answer: async (call) => withCaller(call, tokens, async (claims, log) => {
        const key = keys.find(uidOf(call), claims.sub);
        const uidLog = { ...log, path: UID_PATH, apiKeyId: key?.uid };
        return key === undefined
          ? notFound(uidLog)
          : { status: 200, body: listing(key), log: uidLog };
      }),
    },
    {
      method: 'DELETE',
      pattern: /^\/v1\/apiKeys\/([^/]+)$/,
      answer: async (call) => withCaller(call, tokens, async (claims, log) => {
        const uid = uidOf(call);
        const owned = keys.find(uid, claims.sub) !== undefined;
        const uidLog = { ...log, path: UID_PATH, apiKeyId: owned ? uid : undefined };
        return keys.delete(uid, claims.sub) ? { status: 204, log: uidLog } : notFound(uidLog);
      }),
    },
  ];
}

type CallerLog = NonNullable<RouteAnswer['log']>;

/** Answers 401 unless the call carries a valid token; otherwise hands its claims to `answer`. */
async function withCaller(
  call: EmulatorCall,
  tokens: TokenIssuer,
  answer: (claims: EmulatorTokenClaims, log: CallerLog) => Promise<RouteAnswer>,
): Promise<RouteAnswer> {
  const header = call.headers.authorization;
  const pathLog = call.pathParameters.length > 0 ? { path: UID_PATH } : {};
  if (header === undefined || header === '') {
    const message = 'API keys are managed with a token in the Authorization header.';
    return v1Error(401, 'Unauthorized', message, { log: pathLog });
  }

  const verdict = tokens.check(header);
  if (!verdict.accepted) {
    const message = 'The Authorization token is invalid, expired or not fully authenticated.';
    const log = { ...pathLog, tokenId: verdict.tokenId };
    return v1Error(401, 'Unauthorized', message, { log });
  }
  return answer(verdict.claims, { tokenId: verdict.claims.jti });
}

interface KeyOrder {
  readonly name: string;
  readonly userUid: string;
  readonly expiresAt: number;
}

/** A `v1ApiKeyEntity` body, or what is wrong with it. */
function readOrder(body: string | undefined): KeyOrder | string {
  let entity: unknown;
  try {
    entity = body === undefined ? undefined : JSON.parse(body);
  } catch {
    return 'The body is not JSON.';
  }
  const { metadata, spec } = (entity ?? {}) as { metadata?: unknown; spec?: unknown };
  const { name } = (metadata ?? {}) as { name?: unknown };
  const { expiry, userUid } = (spec ?? {}) as { expiry?: unknown; userUid?: unknown };

  if (typeof name !== 'string' || name.trim() === '') {
    return 'metadata.name must be a non-empty string.';
  }
  if (typeof userUid !== 'string' || userUid === '') {
    return 'spec.userUid must name the user the key is for.';
  }
  if (typeof expiry !== 'string' || !DATE_TIME.test(expiry)) {
    return 'spec.expiry must be an RFC 3339 date-time.';
  }
  const expiresAt = Math.floor(Date.parse(expiry) / 1000);
  if (!Number.isFinite(expiresAt) || expiresAt <= Math.floor(Date.now() / 1000)) {
    return 'spec.expiry must lie in the future.';
  }
  return { name, userUid, expiresAt };
}

/** A stored key as a `v1ApiKey`: metadata, spec and status, never the key. */
function listing(key: StoredApiKey): unknown {
  const created = rfc3339(key.createdAt);
  return {
    metadata: {
      name: key.name,
      uid: key.uid,
      creationTimestamp: created,
      lastModifiedTimestamp: created,
    },
    spec: { expiry: rfc3339(key.expiresAt), user: { uid: key.userUid } },
    status: { isActive: true },
  };
}

function ownerOf(claims: EmulatorTokenClaims) {
  return { userUid: claims.sub, org: claims.org, tenantUid: claims.tenantUid };
}

function uidOf(call: EmulatorCall): string {
  try {
    return decodeURIComponent(call.pathParameters[0]);
  } catch {
    return '';
  }
}

function notFound(log: CallerLog): RouteAnswer {
  return v1Error(404, 'NotFound', 'No API key of this user has that uid.', { log });
}

function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
