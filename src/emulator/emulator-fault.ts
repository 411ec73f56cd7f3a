/** What a scripted fault does instead of the emulator's normal answer. */
export enum EmulatorFaultKind {
  /** Answers with the fault's status, headers and body, whatever they are. */
  RESPOND = 'respond',

  /**
   * Reads the request and never answers, keeping the connection open until the client gives up
   * or the emulator stops: a server that accepted the connection and then hung.
   */
  HANG = 'hang',

  /**
   * Reads the request and closes the connection without a byte of answer, as a crashing server
   * or a load balancer that resets connections does.
   */
  DROP_CONNECTION = 'drop-connection',

  /** Answers 200 with a JWT that has no `exp` claim. */
  TOKEN_WITHOUT_EXPIRY = 'token-without-expiry',

  /** Answers 200 with a JWT whose `exp` lies a minute in the past. */
  EXPIRED_TOKEN = 'expired-token',

  /** Answers 200 with an `Authorization` value that is not a JWT. */
  TOKEN_NOT_A_JWT = 'token-not-a-jwt',

  /** Answers 200 with an empty `Authorization` value. */
  EMPTY_TOKEN = 'empty-token',
}

/**
 * One scripted answer of the emulator, used in place of the real answer to one request.
 *
 * Faults let a test prove how a client survives a real network: a rate limit with
 * `Retry-After`, a gateway error, a hung or dropped connection, an HTML page from a proxy, a
 * truncated body or a malformed token. The request itself is still read and logged, so a test
 * can count how many times the client sent it.
 */
export interface EmulatorFault {
  /**
   * What to do.
   *
   * @default EmulatorFaultKind.RESPOND
   */
  readonly kind?: EmulatorFaultKind;

  /**
   * The HTTP status of a `RESPOND` fault.
   *
   * @default 200
   */
  readonly status?: number;

  /**
   * Extra response headers of a `RESPOND` fault, for example `{ 'Retry-After': '2' }` or a
   * `Location` for a redirect.
   *
   * @default - none
   */
  readonly headers?: { [name: string]: string };

  /**
   * The body of a `RESPOND` fault, sent as it is: it need not be JSON, or even complete JSON.
   *
   * @default - no body
   */
  readonly body?: string;

  /**
   * The `Content-Type` of a `RESPOND` fault's body.
   *
   * @default 'application/json'
   */
  readonly contentType?: string;

  /**
   * How many times `body` is sent back to back, to make a large answer without sending a large
   * script. At most 1,000,000, and at most 16 MiB in all.
   *
   * @default 1
   */
  readonly bodyRepeat?: number;

  /**
   * How long to wait, in milliseconds, after reading the request and before acting; a slow
   * server. At most 600,000.
   *
   * @default 0
   */
  readonly delayMs?: number;
}
