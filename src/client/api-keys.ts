import { CallContext, readJsonBody } from './answer-errors';
import { ClientOptions } from './client-options';
import { PaletteClient } from './palette-client';
import { RetryingCaller } from './retrying-caller';
import { describe } from './token-response';
import {
  PaletteConnectionError,
  PaletteCredentialsError,
  PaletteErrorContext,
  PaletteResponseError,
  PaletteUnavailableError,
} from '../errors';

/**
 * An API key as `POST /v1/apiKeys` minted it. `apiKey` is a secret that opens the user's account
 * until `expiresAt`; every other field is safe to show.
 */
export interface MintedApiKey {
  /** The key, sent as the `ApiKey` header. */
  readonly apiKey: string;

  /** The key's uid, which `DELETE /v1/apiKeys/{uid}` takes. */
  readonly uid: string;

  /** The name it was minted with. */
  readonly name: string;

  /** When the key expires, in seconds since the epoch: the expiry it was minted with. */
  readonly expiresAt: number;
}

/** What a new key should be. */
export interface ApiKeyOrder {
  readonly name: string;

  /** When the key expires, in seconds since the epoch. */
  readonly expiresAt: number;
}

/** An API key as `GET /v1/apiKeys` lists it: its name and uid, never the key. */
export interface ApiKeyListing {
  readonly uid: string;
  readonly name: string;

  /**
   * The expiry as Palette wrote it (RFC 3339).
   *
   * @default - Palette gave none
   */
  readonly expiry?: string;
}

/** Codes of connection failures after which the request may have reached Palette. */
const MAY_HAVE_ARRIVED = new Set(['TIMEOUT', 'CONNECTION_RESET', 'CONNECTION_FAILED']);

/**
 * The `/v1/apiKeys` calls of the Palette API, each authenticated with a token (a JWT) in the
 * `Authorization` header. It mints the keys the Spectro Cloud Terraform provider needs, which
 * accepts no token, and lists and deletes them for the `palette-credentials api-keys` command.
 */
export class PaletteApiKeys {
  private readonly caller: RetryingCaller;
  private readonly users: PaletteClient;

  /**
   * @throws PaletteConfigurationError when the proxy settings are unusable for this endpoint
   */
  constructor(
    private readonly endpoint: string,
    options: ClientOptions = {},
  ) {
    this.caller = new RetryingCaller(endpoint, options);
    this.users = new PaletteClient(endpoint, options);
  }

  /**
   * Mints a key for the token's user: `GET /v1/users/info` for the user's uid, then
   * `POST /v1/apiKeys`.
   *
   * The POST is sent again only when Palette certainly did not act on it: a refused connection,
   * a timeout before the request left, 429 or 503. After any other failure a key may exist that
   * nobody holds, so the error says so and how to delete it, rather than risk minting a second.
   */
  public async mint(token: string, order: ApiKeyOrder, org?: string): Promise<MintedApiKey> {
    const user = await this.users.userInfo(token, org);

    const context: CallContext = { host: this.endpoint, org, call: 'api-key-create' };
    try {
      const answer = await this.caller.call(
        {
          method: 'POST',
          path: 'v1/apiKeys',
          headers: { authorization: token },
          json: {
            metadata: { name: order.name },
            spec: { expiry: rfc3339(order.expiresAt), userUid: user.userUid },
          },
        },
        context,
      );

      const body = readJsonBody(answer, context) as Record<string, unknown> | null;
      const { apiKey, uid } = body ?? {};
      if (typeof apiKey !== 'string' || apiKey === '' || typeof uid !== 'string' || uid === '') {
        throw new PaletteResponseError(
          'INVALID_BODY',
          `${describe(context)} answered ${answer.status} to POST /v1/apiKeys without the ` +
            'documented string fields apiKey and uid. Check that the host is a Palette API ' +
            'endpoint.',
          { host: this.endpoint, org, status: answer.status },
        );
      }
      return { apiKey, uid, name: order.name, expiresAt: order.expiresAt };
    } catch (error) {
      throw mayHaveMinted(error) ? withSentence(error, orphanWarning(order.name)) : error;
    }
  }

  /** The user's API keys: `GET /v1/apiKeys`. Palette lists no key's secret, only its metadata. */
  public async list(token: string, org?: string): Promise<ApiKeyListing[]> {
    const context: CallContext = { host: this.endpoint, org, call: 'api-key-list' };
    const answer = await this.caller.call(
      { method: 'GET', path: 'v1/apiKeys', headers: { authorization: token } },
      context,
    );

    const body = readJsonBody(answer, context) as { items?: unknown } | null;
    const items = body?.items;
    if (!Array.isArray(items)) {
      throw new PaletteResponseError(
        'INVALID_BODY',
        `${describe(context)} answered GET /v1/apiKeys without the documented "items" array. ` +
          'Check that the host is a Palette API endpoint.',
        { host: this.endpoint, org, status: answer.status },
      );
    }
    return items.flatMap(readListing);
  }

  /**
   * Deletes a key: `DELETE /v1/apiKeys/{uid}`. Deleting is idempotent, so it is retried like a
   * read.
   *
   * @returns `false` when Palette has no key with that uid (anymore)
   */
  public async remove(token: string, uid: string, org?: string): Promise<boolean> {
    const context: CallContext = { host: this.endpoint, org, call: 'api-key-delete' };
    try {
      await this.caller.call(
        {
          method: 'DELETE',
          path: `v1/apiKeys/${encodeURIComponent(uid)}`,
          headers: { authorization: token },
        },
        context,
      );
      return true;
    } catch (error) {
      if (error instanceof PaletteCredentialsError && error.status === 404) {
        return false;
      }
      throw error;
    }
  }
}

/** An item of `v1ApiKeys`, or nothing when it lacks the uid and name a listing needs. */
function readListing(item: unknown): ApiKeyListing[] {
  const { metadata, spec } = (item ?? {}) as { metadata?: unknown; spec?: unknown };
  const { uid, name } = (metadata ?? {}) as { uid?: unknown; name?: unknown };
  if (typeof uid !== 'string' || typeof name !== 'string') {
    return [];
  }
  const expiry = (spec as { expiry?: unknown } | undefined)?.expiry;
  return [{ uid, name, ...(typeof expiry === 'string' ? { expiry } : {}) }];
}

/**
 * Whether a failed `POST /v1/apiKeys` may have created the key all the same: its answer was lost
 * or unreadable, or a server error or gateway stood between the request and its outcome.
 */
function mayHaveMinted(error: unknown): error is PaletteCredentialsError {
  if (!(error instanceof PaletteCredentialsError)) {
    return false;
  }
  const status = error.status;
  if (error instanceof PaletteConnectionError) {
    return MAY_HAVE_ARRIVED.has(error.code);
  }
  if (error instanceof PaletteUnavailableError) {
    return status === 502 || status === 504;
  }
  const answeredSuccess = status !== undefined && status >= 200 && status < 300;
  return error instanceof PaletteResponseError && (answeredSuccess || (status ?? 0) >= 500);
}

function orphanWarning(name: string): string {
  return (
    `Palette may have created the key "${name}" all the same; the request was not sent again, ` +
    'which could have minted a second key. If it exists, delete it with ' +
    `\`npx palette-credentials api-keys remove --match "${name}"\`, or let it expire.`
  );
}

/** The same error with a sentence added to its message; class, code and context are kept. */
function withSentence(error: PaletteCredentialsError, sentence: string): PaletteCredentialsError {
  const ErrorClass = error.constructor as new (
    code: string,
    message: string,
    context: PaletteErrorContext,
  ) => PaletteCredentialsError;
  return new ErrorClass(error.code, `${error.message} ${sentence}`, {
    host: error.host,
    org: error.org,
    status: error.status,
  });
}

/** `2025-01-31T12:00:00Z`: a `v1Time`, to the second, as Palette's Go server writes it. */
export function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
