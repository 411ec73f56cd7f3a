/**
 * The registered claims this library reads from a Palette JWT.
 *
 * The client never verifies the signature (only Palette holds the key); it reads `exp` so that
 * a token's lifetime is always taken from the token itself, never assumed.
 */
export interface JwtClaims {
  readonly exp?: number;
  readonly iat?: number;
  readonly [claim: string]: unknown;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Encodes a value as unpadded base64url JSON, the form of a JWT header and payload. */
export function encodeJwtSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * Reads the payload of a compact JWT.
 *
 * @returns the claims, or `undefined` when the value is not a JWT with a JSON object payload
 */
export function decodeJwtClaims(token: string): JwtClaims | undefined {
  if (!JWT_SHAPE.test(token)) {
    return undefined;
  }

  const [header, payload] = token.split('.');
  const decodedHeader = parseJsonObject(header);
  if (decodedHeader === undefined || typeof decodedHeader.alg !== 'string') {
    return undefined;
  }

  return parseJsonObject(payload);
}

function parseJsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    return isObject ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
