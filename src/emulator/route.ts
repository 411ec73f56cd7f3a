import { randomUUID } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';
import { EmulatorRequest } from './emulator-request';

/** One request as a route sees it: what was asked, never the socket. */
export interface EmulatorCall {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;

  /** The source address, the key of the rate limit. */
  readonly source: string;

  /** The values captured by the route's path pattern. */
  readonly pathParameters: readonly string[];

  /** The body as UTF-8, or `undefined` when it is larger than the emulator accepts. */
  readBody(): Promise<string | undefined>;
}

/** The request-log fields only the route can know. */
export type RouteLogFields = Partial<
  Pick<
    EmulatorRequest,
    | 'path'
    | 'credentialKind'
    | 'tokenId'
    | 'issuedTokenId'
    | 'setCookie'
    | 'emailId'
    | 'apiKeyId'
  >
>;

/** What a route answers; the server writes it as JSON and records it in the request log. */
export interface RouteAnswer {
  readonly status: number;

  /** The JSON body. @default - no body */
  readonly body?: unknown;

  /** Extra response headers. @default - none */
  readonly headers?: Readonly<Record<string, string | string[]>>;

  /** Request-log fields. @default - the server's own view of the request */
  readonly log?: RouteLogFields;
}

/** One endpoint: its method, the path pattern it answers and how. */
export interface Route {
  readonly method: string;

  /** Matches the whole path; capture groups become `pathParameters`. */
  readonly pattern: RegExp;

  /**
   * Whether requests to this route stay out of the request log. The emulator's own admin
   * endpoints are, so that reading the log does not change it.
   *
   * @default false
   */
  readonly unlogged?: boolean;

  answer(call: EmulatorCall): Promise<RouteAnswer>;
}

/**
 * An error answer shaped as Palette's `v1Error`: `{code, message, ref, details}`.
 *
 * `ref` is a fresh id per answer, as the real service gives one to quote to support.
 */
export function v1Error(
  status: number,
  code: string,
  message: string,
  extra: Omit<RouteAnswer, 'status' | 'body'> = {},
): RouteAnswer {
  return { ...extra, status, body: { code, message, ref: randomUUID(), details: {} } };
}

/**
 * The `setCookie` query parameter as the real server reads it: a cookie unless the client says
 * exactly `false`. A client that means to avoid cookies must send `setCookie=false`.
 */
export function wantsCookie(url: URL): boolean {
  return url.searchParams.get('setCookie') !== 'false';
}

/** The cookie the real server sets when asked to: the token, for a browser session. */
export function authorizationCookie(token: string, maxAgeSeconds: number): string {
  return `Authorization=${token}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict`;
}
