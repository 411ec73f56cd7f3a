import { CLIENT_DEFAULTS } from './client-options';
import { HttpAnswer } from './http-transport';
import { parseRetryAfter } from './retry-policy';
import { describe } from './token-response';
import {
  PaletteCredentialsError,
  PaletteLoginRejectedError,
  PaletteResponseError,
  PaletteUnavailableError,
} from '../errors';

/** Which call an answer belongs to, since a 401 means something else for each. */
export type PaletteCall =
  | 'login'
  | 'refresh'
  | 'users-info'
  | 'api-key-create'
  | 'api-key-list'
  | 'api-key-delete';

/**
 * Whether a call creates something on the server. After a failure that leaves open whether the
 * server acted on it (a reset, a timeout once the request was sent, a gateway's 502 or 504),
 * sending it again could create a second one: minting an API key twice leaves a live key that
 * nobody holds. Such calls are retried only after failures that prove nothing was done.
 */
export function createsOnServer(call: PaletteCall): boolean {
  return call === 'api-key-create';
}

/** Statuses that say the server did not act on the request, so even a creation may be resent. */
const NOT_ACTED_ON = new Set([429, 503]);

/** What an API-key call was doing, for messages. */
const API_KEY_ACTIONS: Partial<Record<PaletteCall, string>> = {
  'api-key-create': 'create an API key',
  'api-key-list': 'list the API keys',
  'api-key-delete': 'delete an API key',
};

/** Where an answer came from, for messages. */
export interface CallContext {
  readonly host: string;
  readonly org?: string;
  readonly call: PaletteCall;
}

/** A status that is not a success, with what the retry loop needs to know about it. */
export interface StatusProblem {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly error: PaletteCredentialsError;
}

/** Rate limiting and the temporary failures of a gateway in front of Palette. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/**
 * Judges the status of an answer.
 *
 * 400, 401 and 403 are final: the same request would fail the same way, and for a login every
 * repeat counts towards the five failures that suspend the account. 429, 502, 503 and 504 may
 * pass; the retry loop decides whether to wait for that. A call that creates something is
 * retried after 429 and 503 only: behind a 502 or 504, the server may have acted.
 *
 * @returns `undefined` for a success (2xx)
 */
export function judgeStatus(answer: HttpAnswer, context: CallContext): StatusProblem | undefined {
  const status = answer.status;
  if (status >= 200 && status < 300) {
    return undefined;
  }

  const where = describe(context);
  const withStatus = { host: context.host, org: context.org, status };
  const serverSays = serverErrorCode(answer.body);
  if (RETRYABLE_STATUSES.has(status)) {
    const limited = status === 429;
    const retryAfterHeader = answer.headers['retry-after'];
    return {
      retryable: !createsOnServer(context.call) || NOT_ACTED_ON.has(status),
      retryAfterMs: parseRetryAfter(
        Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader,
        Date.now(),
      ),
      error: new PaletteUnavailableError(
        limited ? 'RATE_LIMITED' : 'SERVER_UNAVAILABLE',
        `${where} is ${limited ? 'rate-limiting requests' : 'temporarily unavailable'} ` +
          `(HTTP ${status}${serverSays}).`,
        withStatus,
      ),
    };
  }
  return { retryable: false, error: finalStatusError(answer, context, where, serverSays) };
}

function finalStatusError(
  answer: HttpAnswer,
  context: CallContext,
  where: string,
  serverSays: string,
): PaletteCredentialsError {
  const status = answer.status;
  const withStatus = { host: context.host, org: context.org, status };

  if (status === 401 && context.call !== 'login') {
    return new PaletteLoginRejectedError(
      'TOKEN_REJECTED',
      `${where} refused the token (HTTP 401${serverSays}): it has expired, was revoked, or its ` +
        'session timed out. Log in again with the password.',
      withStatus,
    );
  }
  if (status === 401) {
    return new PaletteLoginRejectedError(
      'INVALID_CREDENTIALS',
      `${where} rejected the credentials (401${serverSays}). Check the email, org and ` +
        'password. The login was not retried: five failed logins suspend a Palette account for ' +
        '15 minutes, so fix the settings before trying again.',
      withStatus,
    );
  }
  if (status === 403 && context.call.startsWith('api-key-')) {
    return new PaletteLoginRejectedError(
      'FORBIDDEN',
      `${where} refused to ${API_KEY_ACTIONS[context.call]} (403${serverSays}). The user may not ` +
        'be allowed to manage API keys in this tenant; ask your Palette administrator. The ' +
        'request was not retried.',
      withStatus,
    );
  }
  if (status === 403) {
    return new PaletteLoginRejectedError(
      'FORBIDDEN',
      `${where} refused the login (403${serverSays}). The account may be suspended or not ` +
        'allowed into this org; ask your Palette administrator. The login was not retried.',
      withStatus,
    );
  }
  if (status === 400) {
    return new PaletteLoginRejectedError(
      'BAD_REQUEST',
      `${where} refused the request as malformed (HTTP 400${serverSays}). Check that the host is ` +
        'a Palette API endpoint and that the email and org are plain text; if they are, report ' +
        'it to the cdktf-palette-credentials maintainers. The request was not retried.',
      withStatus,
    );
  }
  if (status >= 300 && status < 400) {
    return new PaletteResponseError(
      'REDIRECT',
      `${where} answered with a redirect (HTTP ${status}) to ${redirectTarget(answer, context)}. ` +
        'Redirects are not followed, so that credentials never go to another host: set the ' +
        'host to the final Palette API endpoint instead.',
      withStatus,
    );
  }
  return new PaletteResponseError(
    'UNEXPECTED_STATUS',
    `${where} answered with HTTP ${status}${serverSays}, which a Palette login never does. Check ` +
      'the host; if it is right, Palette itself failed and the request can be tried again later.',
    withStatus,
  );
}

/**
 * Parses a successful answer's body as JSON, telling apart the ways it can fail: too large, not
 * JSON at all (often an HTML page from a proxy or load balancer), or JSON cut short.
 */
export function readJsonBody(answer: HttpAnswer, context: CallContext): unknown {
  const where = describe(context);
  const withStatus = { host: context.host, org: context.org, status: answer.status };
  if (answer.bodyTooLarge) {
    return tooLarge(where, withStatus);
  }

  try {
    return JSON.parse(answer.body);
  } catch {
    const text = answer.body.trimStart();
    if (text.startsWith('{') || text.startsWith('[')) {
      throw new PaletteResponseError(
        'MALFORMED_JSON',
        `${where} answered ${answer.status} with JSON that is cut short or malformed ` +
          `(${Buffer.byteLength(answer.body)} bytes). The connection may have been interrupted ` +
          'by a proxy; try again, and check the proxy if it keeps happening.',
        withStatus,
      );
    }
    const looksLikePage = /^<(!doctype|html)/i.test(text);
    throw new PaletteResponseError(
      'NOT_JSON',
      `${where} answered ${answer.status} with ${looksLikePage ? 'an HTML page' : 'a body'} ` +
        `instead of JSON (${contentType(answer)}). A proxy or load balancer may be answering ` +
        'instead of Palette: check the host and your proxy settings.',
      withStatus,
    );
  }
}

function tooLarge(where: string, context: { host: string; status: number }): never {
  throw new PaletteResponseError(
    'BODY_TOO_LARGE',
    `${where} answered ${context.status} with a body larger than a Palette answer can be ` +
      `(over ${CLIENT_DEFAULTS.maxBodyBytes / 1024} KiB), so it was not read. Check that the ` +
      'host is a Palette API endpoint and not a proxy or web page.',
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

/** Only the host of a redirect is named: its path or query could carry anything. */
function redirectTarget(answer: HttpAnswer, context: CallContext): string {
  const location = answer.headers.location;
  if (location === undefined) {
    return 'an unnamed location';
  }
  try {
    return `host ${new URL(location, context.host).host}`;
  } catch {
    return 'an unreadable location';
  }
}

function contentType(answer: HttpAnswer): string {
  const type = answer.headers['content-type'];
  return type === undefined ? 'no content type' : `content type ${type.split(';')[0]}`;
}
