import { TOKEN_PLACEHOLDER } from '../request-log';
import { authorizationCookie, Route, v1Error, wantsCookie } from '../route';
import { TokenIssuer, TokenRefusal } from '../token-issuer';

/** What the refresh endpoint needs from the emulator. */
export interface RefreshDependencies {
  readonly tokens: TokenIssuer;
  readonly tokenTtlSeconds: number;
}

const REFUSAL_MESSAGES: Record<TokenRefusal, string> = {
  'invalid': 'The token is not one this server issued.',
  'expired': 'The token has expired; log in again.',
  'mfa-pending': 'The token belongs to a login that has not completed its second factor.',
  'session-timed-out': 'The session has timed out; log in again.',
};

/**
 * `GET /v1/auth/refresh/{token}`: a new token for the same session, without a password.
 *
 * The token travels in the path, so the route logs the path as `/v1/auth/refresh/{token}` and
 * keeps only the token's id. A token is refused (401) when it is not one this emulator signed,
 * has expired, still awaits its second factor, or belongs to a session older than the session
 * timeout.
 */
export function refreshRoute(dependencies: RefreshDependencies): Route {
  return {
    method: 'GET',
    pattern: /^\/v1\/auth\/refresh\/([^/]+)$/,
    answer: async (call) => {
      const setCookie = wantsCookie(call.url);
      const log = {
        path: `/v1/auth/refresh/${TOKEN_PLACEHOLDER}`,
        credentialKind: 'jwt',
        setCookie,
      };
      const token = decodePathToken(call.pathParameters[0]);
      const verdict = dependencies.tokens.refresh(token);
      if (!verdict.accepted) {
        const message = REFUSAL_MESSAGES[verdict.reason];
        const refusedLog = { ...log, tokenId: verdict.tokenId };
        return v1Error(401, 'Unauthorized', message, { log: refusedLog });
      }

      const { token: issued, claims } = verdict.issued;
      const cookie = authorizationCookie(issued, dependencies.tokenTtlSeconds);
      return {
        status: 200,
        body: { Authorization: issued, isMfa: false },
        headers: setCookie ? { 'Set-Cookie': cookie } : {},
        log: { ...log, tokenId: verdict.claims.jti, issuedTokenId: claims.jti },
      };
    },
  };
}

function decodePathToken(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}
