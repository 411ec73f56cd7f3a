import { ApiKeyRefusal, ApiKeyStore } from '../api-key-store';
import { Route, RouteAnswer, v1Error } from '../route';
import { TokenIssuer } from '../token-issuer';

const BEARER_PREFIX = /^bearer\s/i;

/**
 * `GET /v1/users/info`: who the caller is, the cheapest proof that a token works.
 *
 * Palette takes the raw JWT in the `Authorization` header. A `Bearer ` prefix, which most HTTP
 * tooling adds by habit, is refused with 401 like any other bad token, so that a client that
 * adds it fails here instead of against the real service.
 *
 * A request without a token may carry an API key minted by `POST /v1/apiKeys` in the `ApiKey`
 * header instead (header names are case-insensitive); an unknown, expired or deleted key is
 * refused with 401.
 */
export function usersInfoRoute(tokens: TokenIssuer, keys?: ApiKeyStore): Route {
  return {
    method: 'GET',
    pattern: /^\/v1\/users\/info$/,
    answer: async (call) => {
      const header = call.headers.authorization;
      const apiKey = call.headers.apikey;
      const withoutToken = header === undefined || header === '';
      if (withoutToken && keys !== undefined && typeof apiKey === 'string' && apiKey !== '') {
        return answerApiKey(apiKey, keys);
      }
      if (header === undefined || header === '') {
        return v1Error(401, 'Unauthorized', 'The request carries no Authorization token.');
      }
      if (BEARER_PREFIX.test(header)) {
        return v1Error(
          401,
          'Unauthorized',
          'The Authorization header must hold the raw token, without a "Bearer " prefix.',
          { log: { tokenId: tokens.tokenIdOf(header.replace(BEARER_PREFIX, '').trim()) } },
        );
      }

      const verdict = tokens.check(header);
      if (!verdict.accepted) {
        const message = 'The Authorization token is invalid, expired or not fully authenticated.';
        return v1Error(401, 'Unauthorized', message, { log: { tokenId: verdict.tokenId } });
      }

      const { claims } = verdict;
      return {
        status: 200,
        body: { orgName: claims.org, tenantUid: claims.tenantUid, userUid: claims.sub },
        log: { tokenId: claims.jti },
      };
    },
  };
}

const API_KEY_REFUSALS: Record<ApiKeyRefusal, string> = {
  invalid: 'The API key is not one this server issued.',
  expired: 'The API key has expired.',
  deleted: 'The API key was deleted.',
};

function answerApiKey(apiKey: string, keys: ApiKeyStore): RouteAnswer {
  const verdict = keys.check(apiKey);
  if (!verdict.accepted) {
    const log = { apiKeyId: verdict.keyId };
    return v1Error(401, 'Unauthorized', API_KEY_REFUSALS[verdict.reason], { log });
  }
  const { key } = verdict;
  return {
    status: 200,
    body: { orgName: key.org, tenantUid: key.tenantUid, userUid: key.userUid },
    log: { apiKeyId: key.uid },
  };
}
