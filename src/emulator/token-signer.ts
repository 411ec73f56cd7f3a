import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { decodeJwtClaims, encodeJwtSegment, JwtClaims } from '../jwt/claims';

const HEADER = { alg: 'HS256', typ: 'JWT' };
const ENCODED_HEADER = encodeJwtSegment(HEADER);

/**
 * Signs and verifies the emulator's JWTs with HS256.
 *
 * The secret is random and lives only in this object, so a token from one emulator never works
 * on another and a restarted emulator invalidates every token it handed out, as a real
 * deployment's key rotation would.
 */
export class TokenSigner {
  private readonly secret = randomBytes(32);

  /** Returns a compact JWT carrying `claims`. */
  public sign(claims: Record<string, unknown>): string {
    const signingInput = `${ENCODED_HEADER}.${encodeJwtSegment(claims)}`;
    return `${signingInput}.${this.signature(signingInput)}`;
  }

  /**
   * Returns the claims of a token this signer made, whatever its expiry.
   *
   * @returns `undefined` when the value is not a JWT, uses another algorithm, or its signature
   * does not match; expiry is the caller's decision because refresh and lookup judge it apart
   */
  public verify(token: string): JwtClaims | undefined {
    const claims = decodeJwtClaims(token);
    const [header, payload, signature] = token.split('.');
    if (claims === undefined || header !== ENCODED_HEADER) {
      return undefined;
    }

    const expected = Buffer.from(this.signature(`${header}.${payload}`));
    const presented = Buffer.from(signature);
    const matches = presented.length === expected.length && timingSafeEqual(presented, expected);
    return matches ? claims : undefined;
  }

  private signature(signingInput: string): string {
    return createHmac('sha256', this.secret).update(signingInput).digest('base64url');
  }
}
