/**
 * One request the Palette emulator answered, as its request log records it.
 *
 * The log exists so that tests can prove how a client behaved (how often it logged in, whether
 * it refreshed instead, which token it presented) without the log ever becoming a place where
 * secrets collect: it holds token ids (`jti` claims), never a token, a password or a body.
 */
export interface EmulatorRequest {
  /** The HTTP method, for example `POST`. */
  readonly method: string;

  /**
   * The request path without its query string. A token in the path is replaced by `{token}`, so
   * a refresh is logged as `/v1/auth/refresh/{token}`.
   */
  readonly path: string;

  /** The HTTP status the emulator answered with. */
  readonly status: number;

  /**
   * The kind of credential the request presented in a header or in its path: `jwt` (an
   * `Authorization` header or a refresh path), `apiKey` (an `ApiKey` header) or `none`. A
   * password login presents no such credential and is logged as `none`.
   */
  readonly credentialKind: string;

  /**
   * The `jti` of the token the request presented, when the emulator had signed it (expired or
   * not).
   *
   * @default - no token, or one the emulator did not sign
   */
  readonly tokenId?: string;

  /**
   * The `jti` of the token the emulator issued in its answer.
   *
   * @default - the answer carried no token
   */
  readonly issuedTokenId?: string;

  /**
   * Whether the request asked for a cookie, which is the server's default unless the query says
   * `setCookie=false`. Recorded for login and refresh, the two calls that accept the parameter.
   *
   * @default - not a login or refresh
   */
  readonly setCookie?: boolean;

  /**
   * The email a login named, so that a test can count one user's logins. Not a secret.
   *
   * @default - not a login, or a login body without a readable `emailId`
   */
  readonly emailId?: string;

  /**
   * The uid of the API key the request presented in its `ApiKey` header (when the emulator had
   * minted it, expired or deleted), or of the key it minted, showed or deleted through
   * `/v1/apiKeys`. A uid names a key without being one: the key itself is never logged.
   *
   * @default - no API key was involved
   */
  readonly apiKeyId?: string;

  /**
   * The kind of scripted fault that answered the request instead of the emulator, for example
   * `hang` or `respond` (see `EmulatorFaultKind`). A fault that sent no answer logs status 0.
   *
   * @default - answered normally
   */
  readonly fault?: string;

  /** When the request arrived, as an ISO 8601 timestamp. */
  readonly at: string;
}
