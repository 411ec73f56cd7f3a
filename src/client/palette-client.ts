import type { Got, RequestError, Response } from 'got' with { 'resolution-mode': 'import' };
import { describe, PaletteSession, readTokenResponse, ResponseContext } from './token-response';
import {
  PaletteConnectionError,
  PaletteCredentialsError,
  PaletteLoginRejectedError,
  PaletteResponseError,
  PaletteUnavailableError,
} from '../errors';

/** The `v1UserInfo` answer of `GET /v1/users/info`. */
export interface UserInfo {
  readonly orgName: string;
  readonly tenantUid: string;
  readonly userUid: string;
}

/** Tuning of the HTTP behaviour; every field has a safe default. */
export interface ClientOptions {
  /** How long one request may take, in milliseconds. */
  readonly attemptTimeoutMs?: number;
}

/** The credentials of one password login. */
export interface Credentials {
  readonly org: string;
  readonly emailId: string;
  readonly password: string;
}

export const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * Talks to one Palette endpoint over HTTP. It knows the wire format and nothing of constructs.
 *
 * got is ESM-only; it is imported on first use so that this CommonJS module loads anywhere,
 * including test runners that cannot load ESM.
 */
export class PaletteClient {
  private http?: Got;

  constructor(
    private readonly endpoint: string,
    private readonly options: ClientOptions = {},
  ) {}

  /** Logs in with a password: `POST /v1/auth/authenticate?setCookie=false`. */
  public async authenticate(credentials: Credentials): Promise<PaletteSession> {
    const context = { host: this.endpoint, org: credentials.org };
    const response = await this.send(context, 'v1/auth/authenticate', {
      method: 'POST',
      searchParams: { setCookie: 'false' },
      json: { emailId: credentials.emailId, org: credentials.org, password: credentials.password },
    });

    const body = this.readJsonAnswer(response, context);
    return readTokenResponse(body, { ...context, status: response.statusCode }, nowInSeconds());
  }

  /**
   * Exchanges a token that has not yet expired for a fresh one of the same session:
   * `GET /v1/auth/refresh/{token}`. No password is sent. The token travels in the URL path, so
   * neither the URL nor got's error objects may ever reach a message.
   */
  public async refresh(token: string, org?: string): Promise<PaletteSession> {
    const context = { host: this.endpoint, org };
    const response = await this.send(context, `v1/auth/refresh/${encodeURIComponent(token)}`, {
      method: 'GET',
      searchParams: { setCookie: 'false' },
    });

    const body = this.readJsonAnswer(response, context);
    return readTokenResponse(body, { ...context, status: response.statusCode }, nowInSeconds());
  }

  /** Who the token belongs to: `GET /v1/users/info`, the cheapest proof that a token works. */
  public async userInfo(token: string, org?: string): Promise<UserInfo> {
    const context = { host: this.endpoint, org };
    const response = await this.send(context, 'v1/users/info', {
      method: 'GET',
      headers: { authorization: token },
    });

    const body = this.readJsonAnswer(response, context) as Record<string, unknown>;
    const fields = ['orgName', 'tenantUid', 'userUid'] as const;
    if (
      typeof body !== 'object' ||
      body === null ||
      fields.some((f) => typeof body[f] !== 'string')
    ) {
      throw new PaletteResponseError(
        'INVALID_BODY',
        `${describe(context)} answered /v1/users/info without the documented string fields ` +
          `${fields.join(', ')}. Check that the host is a Palette API endpoint.`,
        { ...context, status: response.statusCode },
      );
    }
    return {
      orgName: body.orgName as string,
      tenantUid: body.tenantUid as string,
      userUid: body.userUid as string,
    };
  }

  private async send(
    context: { host: string; org?: string },
    path: string,
    request: {
      method: 'GET' | 'POST';
      searchParams?: Record<string, string>;
      json?: unknown;
      headers?: Record<string, string>;
    },
  ): Promise<Response<string>> {
    const http = await this.loadHttp();
    try {
      return await http(path, {
        prefixUrl: this.endpoint,
        ...request,
        responseType: 'text',
        throwHttpErrors: false,
        followRedirect: false,
        retry: { limit: 0 },
        timeout: { request: this.options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS },
      });
    } catch (error) {
      throw connectionError(
        error as RequestError,
        context,
        this.options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS,
      );
    }
  }

  private readJsonAnswer(
    response: Response<string>,
    context: { host: string; org?: string },
  ): unknown {
    const status = response.statusCode;
    const withStatus: ResponseContext = { ...context, status };
    if (status < 200 || status >= 300) {
      throw statusError(response, withStatus);
    }

    try {
      return JSON.parse(response.body);
    } catch {
      throw new PaletteResponseError(
        'NOT_JSON',
        `${describe(context)} answered ${status} with a body that is not JSON ` +
          `(${contentType(response)}). A proxy or load balancer may be answering instead of ` +
          'Palette: check the host and your proxy settings.',
        withStatus,
      );
    }
  }

  private async loadHttp(): Promise<Got> {
    if (this.http === undefined) {
      const module = await import('got');
      this.http = module.got;
    }
    return this.http;
  }
}

function statusError(
  response: Response<string>,
  context: ResponseContext,
): PaletteCredentialsError {
  const where = describe(context);
  const status = context.status;
  const serverSays = serverErrorCode(response.body);

  if (status === 401) {
    return new PaletteLoginRejectedError(
      'INVALID_CREDENTIALS',
      `${where} rejected the credentials (401${serverSays}). Check the email, org and password. ` +
        'The login is not retried: repeated failed logins suspend a Palette account for 15 minutes.',
      context,
    );
  }
  if (status === 403) {
    return new PaletteLoginRejectedError(
      'FORBIDDEN',
      `${where} refused the login (403${serverSays}). The account may be suspended or not allowed ` +
        'to log in to this org; ask your Palette administrator.',
      context,
    );
  }
  if (status === 429 || status === 502 || status === 503 || status === 504) {
    return new PaletteUnavailableError(
      status === 429 ? 'RATE_LIMITED' : 'SERVER_UNAVAILABLE',
      `${where} is ${status === 429 ? 'rate-limiting logins' : 'temporarily unavailable'} ` +
        `(${status}${serverSays}). Try again in a minute.`,
      context,
    );
  }
  if (status >= 300 && status < 400) {
    const target = redirectTarget(response);
    return new PaletteResponseError(
      'REDIRECT',
      `${where} answered with a redirect (${status}) to ${target}. Credentials are never sent to ` +
        'another address: set the host to the final Palette API endpoint instead.',
      context,
    );
  }
  return new PaletteResponseError(
    'UNEXPECTED_STATUS',
    `${where} answered with HTTP ${status}${serverSays}. Check the host; if it is right, Palette ` +
      'itself failed and the request can be tried again later.',
    context,
  );
}

/** The `code` of a `v1Error` body, when it is one, for a message such as `401 Unauthorized`. */
function serverErrorCode(body: string): string {
  try {
    const parsed = JSON.parse(body) as { code?: unknown };
    const code = parsed?.code;
    return typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? ` ${code}` : '';
  } catch {
    return '';
  }
}

function redirectTarget(response: Response<string>): string {
  const location = response.headers.location;
  if (location === undefined) {
    return 'an unnamed location';
  }
  try {
    return `host ${new URL(location, response.url).host}`;
  } catch {
    return 'an unreadable location';
  }
}

function contentType(response: Response<string>): string {
  return `content type ${response.headers['content-type'] ?? 'not given'}`;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/**
 * Maps a got transport error to one of ours. got's error carries the request options, body
 * included, so it must never become a `cause` or be quoted: only its error code is read.
 */
function connectionError(
  error: RequestError,
  context: { host: string; org?: string },
  timeoutMs: number,
): PaletteCredentialsError {
  const where = describe(context);
  const code = typeof error?.code === 'string' ? error.code : 'UNKNOWN';

  if (code === 'ETIMEDOUT') {
    return new PaletteConnectionError(
      'TIMEOUT',
      `${where} did not answer within ${timeoutMs} ms. Check that the host is reachable from ` +
        'this machine (VPN, proxy, firewall), or raise the timeout.',
      context,
    );
  }
  if (TLS_CODES.has(code)) {
    return new PaletteConnectionError(
      'TLS',
      `${where} presented a certificate this machine does not trust (${code}). If Palette uses a ` +
        'private certificate authority, pass its certificate bundle.',
      context,
    );
  }
  return new PaletteConnectionError(
    'CONNECTION_FAILED',
    `Could not connect to ${where} (${code}). Check the host name and port, and that Palette is ` +
      'reachable from this machine.',
    context,
  );
}

function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
