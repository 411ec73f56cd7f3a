import { PaletteLoginRejectedError, PaletteResponseError } from '../errors';
import { decodeJwtClaims } from '../jwt/claims';

/** A usable Palette token and what is known of its lifetime. */
export interface PaletteSession {
  /** The raw JWT, sent as the `Authorization` header value without a `Bearer` prefix. */
  readonly token: string;
  /** When the token expires, in seconds since the epoch, read from its `exp` claim. */
  readonly expiresAt: number;
  /** When the token was issued, in seconds since the epoch, from `iat` when present. */
  readonly issuedAt?: number;
}

/** What the answer concerns, for error messages. */
export interface ResponseContext {
  readonly host: string;
  readonly org?: string;
  readonly status: number;
}

/**
 * Checks a 200 answer of `/v1/auth/authenticate` or `/v1/auth/refresh/{token}` against the
 * `v1UserToken` definition, and that the token is a JWT that has not already expired.
 *
 * @param nowSeconds the current time, so that a token already expired on arrival is refused
 */
export function readTokenResponse(
  body: unknown,
  context: ResponseContext,
  nowSeconds: number,
): PaletteSession {
  const where = describe(context);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PaletteResponseError(
      'INVALID_BODY',
      `${where} answered with JSON that is not an object. Check that the host is a Palette API ` +
        'endpoint and not a proxy or web page.',
      context,
    );
  }

  const { Authorization: token, isMfa } = body as Record<string, unknown>;
  if (isMfa !== undefined && typeof isMfa !== 'boolean') {
    throw invalidField(where, 'isMfa', 'a boolean', context);
  }
  if (isMfa === true) {
    throw new PaletteLoginRejectedError(
      'MFA_REQUIRED',
      `${where} requires multi-factor authentication for this user. Automation cannot complete a ` +
        'second factor: use a Palette user without MFA for this login (a service account), or an ' +
        'API key.',
      context,
    );
  }
  if (token !== undefined && typeof token !== 'string') {
    throw invalidField(where, 'Authorization', 'a string', context);
  }
  if (token === undefined || token.trim() === '') {
    throw new PaletteResponseError(
      'EMPTY_TOKEN',
      `${where} answered 200 without a token in "Authorization". Check that the host is a ` +
        'Palette API endpoint, and report it to your Palette administrator if it is.',
      context,
    );
  }

  return readJwt(token, where, context, nowSeconds);
}

function readJwt(
  token: string,
  where: string,
  context: ResponseContext,
  nowSeconds: number,
): PaletteSession {
  const claims = decodeJwtClaims(token);
  if (claims === undefined) {
    throw new PaletteResponseError(
      'NOT_A_JWT',
      `${where} answered with a token that is not a JWT. This library only handles Palette's ` +
        'JWT logins; check that the host is a Palette API endpoint.',
      context,
    );
  }
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) {
    throw new PaletteResponseError(
      'JWT_WITHOUT_EXPIRY',
      `${where} answered with a JWT that has no numeric "exp" claim, so its lifetime is unknown. ` +
        'Refusing to hand out a token whose expiry cannot be checked.',
      context,
    );
  }
  if (claims.exp <= nowSeconds) {
    const expired = new Date(claims.exp * 1000).toISOString();
    throw new PaletteResponseError(
      'TOKEN_EXPIRED',
      `${where} answered with a token that had already expired (at ${expired}). Check that this ` +
        "machine's clock and the server's agree.",
      context,
    );
  }

  const issuedAt = typeof claims.iat === 'number' ? claims.iat : undefined;
  return { token, expiresAt: claims.exp, issuedAt };
}

function invalidField(
  where: string,
  field: string,
  expected: string,
  context: ResponseContext,
): PaletteResponseError {
  return new PaletteResponseError(
    'INVALID_BODY',
    `${where} answered with a "${field}" field that is not ${expected}, which the Palette API ` +
      'never does. Check that the host is a Palette API endpoint.',
    context,
  );
}

/** `Palette at https://host (org "x")`: the opening of every message about an answer. */
export function describe(context: { host: string; org?: string }): string {
  return context.org === undefined
    ? `Palette at ${context.host}`
    : `Palette at ${context.host} (org "${context.org}")`;
}
