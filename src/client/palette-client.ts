import { CallContext, readJsonBody } from './answer-errors';
import { ClientOptions } from './client-options';
import { RetryingCaller } from './retrying-caller';
import { describe, PaletteSession, readTokenResponse } from './token-response';
import { PaletteResponseError } from '../errors';

export type { ClientOptions } from './client-options';

/** The `v1UserInfo` answer of `GET /v1/users/info`. */
export interface UserInfo {
  readonly orgName: string;
  readonly tenantUid: string;
  readonly userUid: string;
}

/** The credentials of one password login. */
export interface Credentials {
  readonly org: string;
  readonly emailId: string;
  readonly password: string;
}

/**
 * The Palette calls this library makes, in the wire format of the Palette API. It knows nothing
 * of constructs; how requests travel (timeouts, retries, TLS, proxies) is the
 * {@link RetryingCaller}'s business.
 */
export class PaletteClient {
  private readonly caller: RetryingCaller;

  /**
   * @throws PaletteConfigurationError when the proxy settings are unusable for this endpoint
   */
  constructor(
    private readonly endpoint: string,
    options: ClientOptions = {},
  ) {
    this.caller = new RetryingCaller(endpoint, options);
  }

  /**
   * Logs in with a password: `POST /v1/auth/authenticate?setCookie=false`.
   *
   * Retried only when the request cannot have been judged (refused, reset, rate-limited or a
   * gateway failure); a rejected login is never sent again.
   */
  public async authenticate(credentials: Credentials): Promise<PaletteSession> {
    const context: CallContext = { host: this.endpoint, org: credentials.org, call: 'login' };
    const answer = await this.caller.call(
      {
        method: 'POST',
        path: 'v1/auth/authenticate',
        searchParams: { setCookie: 'false' },
        json: {
          emailId: credentials.emailId,
          org: credentials.org,
          password: credentials.password,
        },
      },
      context,
    );

    const body = readJsonBody(answer, context);
    return readTokenResponse(body, { ...context, status: answer.status }, nowInSeconds());
  }

  /**
   * Exchanges a token that has not yet expired for a fresh one of the same session:
   * `GET /v1/auth/refresh/{token}`. No password is sent. The token travels in the URL path, so
   * neither the URL nor got's error objects may ever reach a message.
   */
  public async refresh(token: string, org?: string): Promise<PaletteSession> {
    const context: CallContext = { host: this.endpoint, org, call: 'refresh' };
    const answer = await this.caller.call(
      {
        method: 'GET',
        path: `v1/auth/refresh/${encodeURIComponent(token)}`,
        searchParams: { setCookie: 'false' },
      },
      context,
    );

    const body = readJsonBody(answer, context);
    return readTokenResponse(body, { ...context, status: answer.status }, nowInSeconds());
  }

  /** Who the token belongs to: `GET /v1/users/info`, the cheapest proof that a token works. */
  public async userInfo(token: string, org?: string): Promise<UserInfo> {
    const context: CallContext = { host: this.endpoint, org, call: 'users-info' };
    const answer = await this.caller.call(
      { method: 'GET', path: 'v1/users/info', headers: { authorization: token } },
      context,
    );

    const body = readJsonBody(answer, context) as Record<string, unknown>;
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
        { host: this.endpoint, org, status: answer.status },
      );
    }
    return {
      orgName: body.orgName as string,
      tenantUid: body.tenantUid as string,
      userUid: body.userUid as string,
    };
  }
}

function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
