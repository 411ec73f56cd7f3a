/**
 * Where a failure happened, as far as it is safe to say.
 *
 * None of these fields ever holds a password, a token or a request body.
 */
export interface PaletteErrorContext {
  /**
   * The Palette endpoint the request was aimed at, for example `https://api.spectrocloud.com`.
   *
   * @default - the failure happened before an endpoint was known
   */
  readonly host?: string;

  /**
   * The Palette organization (tenant) name of the login.
   *
   * @default - no organization was involved
   */
  readonly org?: string;

  /**
   * The HTTP status code the server answered with.
   *
   * @default - no HTTP answer was received
   */
  readonly status?: number;
}

/**
 * The base of every error this library throws. Catch it to handle all of them; read `code` to
 * tell them apart, since codes are stable across releases while messages may improve.
 *
 * Errors never carry the password, the token or the request body: not in the message, the
 * stack, a cause, or any property.
 */
export class PaletteCredentialsError extends Error {
  /**
   * Reconstructs an error that crossed a thread or process boundary as plain data.
   *
   * Only the class name, code, message and context travel; an unknown class name falls back to
   * the base class so that no information is lost.
   */
  public static fromTransfer(data: PaletteErrorTransfer): PaletteCredentialsError {
    const errorClass = ERROR_CLASSES[data.name] ?? PaletteCredentialsError;
    return new errorClass(data.code, data.message, data.context);
  }

  /** Stable, machine-readable reason, for example `INVALID_CREDENTIALS` or `TIMEOUT`. */
  public readonly code: string;

  /**
   * The endpoint the request was aimed at.
   *
   * @default - not known
   */
  public readonly host?: string;

  /**
   * The organization of the login.
   *
   * @default - not known
   */
  public readonly org?: string;

  /**
   * The HTTP status the server answered with.
   *
   * @default - no HTTP answer
   */
  public readonly status?: number;

  constructor(code: string, message: string, context: PaletteErrorContext = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.host = context.host;
    this.org = context.org;
    this.status = context.status;
    Object.setPrototypeOf(this, new.target.prototype);
  }

  /** The plain-data form used to move this error between threads and processes. */
  public toTransfer(): PaletteErrorTransfer {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      context: { host: this.host, org: this.org, status: this.status },
    };
  }
}

/**
 * A setting is missing, empty or malformed. Raised before any request is sent, so no login
 * attempt was spent.
 */
export class PaletteConfigurationError extends PaletteCredentialsError {}

/**
 * Palette refused the login: wrong credentials, a forbidden or locked account, or a user that
 * needs multi-factor authentication. Never retried, because repeated failed logins suspend the
 * account.
 */
export class PaletteLoginRejectedError extends PaletteCredentialsError {}

/**
 * Palette answered, but not with something this library can use: an unexpected status, a body
 * that is not the documented JSON, or a token that is not a usable JWT.
 */
export class PaletteResponseError extends PaletteCredentialsError {}

/**
 * No usable answer arrived: the connection failed, timed out, or TLS verification failed.
 */
export class PaletteConnectionError extends PaletteCredentialsError {}

/**
 * Palette is rate-limiting or temporarily unavailable (429, 502, 503, 504) and stayed so for
 * every attempt the retry policy allowed.
 */
export class PaletteUnavailableError extends PaletteCredentialsError {}

/** The plain-data form of a {@link PaletteCredentialsError}. */
export interface PaletteErrorTransfer {
  /** The error's class name. */
  readonly name: string;
  /** The stable error code. */
  readonly code: string;
  /** The human-readable message. */
  readonly message: string;
  /** Where the failure happened. */
  readonly context: PaletteErrorContext;
}

type ErrorClass = new (
  code: string,
  message: string,
  context?: PaletteErrorContext,
) => PaletteCredentialsError;

const ERROR_CLASSES: Record<string, ErrorClass> = {
  PaletteCredentialsError,
  PaletteConfigurationError,
  PaletteLoginRejectedError,
  PaletteResponseError,
  PaletteConnectionError,
  PaletteUnavailableError,
};
