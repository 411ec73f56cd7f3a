import type { IncomingHttpHeaders } from 'node:http';
import type { Got } from 'got' with { 'resolution-mode': 'import' };
import { CLIENT_DEFAULTS } from './client-options';
import { ConnectionPlan } from './connection-plan';
import { describeTransportFailure, TransportFailure } from './transport-failure';
import { compiledScript } from '../internal/compiled-script';

/** One request to the Palette API, relative to the endpoint. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';

  /** The path without a leading slash, for example `v1/auth/authenticate`. */
  readonly path: string;

  readonly searchParams?: Record<string, string>;

  /** A body sent as JSON. */
  readonly json?: unknown;

  readonly headers?: Record<string, string>;
}

/** An HTTP answer, whatever its status. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;

  /** The body as UTF-8; empty when it was too large to read. */
  readonly body: string;

  /** Whether the body was larger than the client reads, and so was dropped unread. */
  readonly bodyTooLarge: boolean;
}

/** The outcome of one attempt: an answer, or why there was none. */
export type AttemptOutcome =
  | { readonly answered: true; readonly answer: HttpAnswer }
  | { readonly answered: false; readonly failure: TransportFailure };

/**
 * Sends single requests with got, with none of got's own retries, redirects or error throwing:
 * the caller counts attempts and decides every retry itself, because got would otherwise resend
 * requests the caller never sees.
 *
 * got is loaded on first use, from the single file that the build bundles it into
 * (`lib/client/got-bundle.js`, see scripts/bundle-got.ts): a worker thread loads that in about a
 * fifth of the time and memory that got's own ESM files take, and CommonJS loads anywhere, test
 * runners included.
 */
export class HttpTransport {
  private http?: Got;

  constructor(
    private readonly endpoint: string,
    private readonly plan: ConnectionPlan,
  ) {}

  /** Sends `request` once, giving up after `timeoutMs`. Never throws. */
  public async send(request: HttpRequest, timeoutMs: number): Promise<AttemptOutcome> {
    let http: Got;
    try {
      http = await this.loadHttp();
    } catch (error) {
      return { answered: false, failure: describeTransportFailure(error) };
    }

    const stream = http.stream(request.path, {
      method: request.method,
      searchParams: request.searchParams,
      json: request.json,
      headers: request.headers,
      timeout: { connect: timeoutMs, secureConnect: timeoutMs, request: timeoutMs },
    });
    if (request.method === 'DELETE' && request.json === undefined) {
      // A got stream of a method that may carry a body waits for one until it is ended.
      stream.end();
    }
    return readBounded(stream, CLIENT_DEFAULTS.maxBodyBytes);
  }

  /**
   * got with this transport's fixed options set once: got checks and merges every option of
   * every request, and ten logins at once each spent about 0.2 ms more on the options below.
   */
  private async loadHttp(): Promise<Got> {
    if (this.http === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const bundle = require(compiledScript('client/got-bundle.js')) as { got: Got };
      this.http = bundle.got.extend({
        prefixUrl: this.endpoint,
        headers: { 'user-agent': 'cdktf-palette-credentials' },
        throwHttpErrors: false,
        followRedirect: false,
        retry: { limit: 0 },
        agent: this.plan.agent,
        https: this.plan.https,
      });
    }
    return this.http;
  }
}

type GotStream = ReturnType<Got['stream']>;

/**
 * Reads an answer, but never more than `limit` bytes of its body: a proxy or a wrong host can
 * send anything, and the client must not hold it all in memory to find out.
 */
function readBounded(stream: GotStream, limit: number): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    let status = 0;
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let size = 0;

    let settled = false;
    const finish = (outcome: AttemptOutcome): void => {
      if (!settled) {
        settled = true;
        resolve(outcome);
        stream.destroy();
      }
    };
    const tooLarge = (): void => {
      finish({ answered: true, answer: { status, headers, body: '', bodyTooLarge: true } });
    };

    stream.on('response', (response: { statusCode: number; headers: IncomingHttpHeaders }) => {
      status = response.statusCode;
      headers = response.headers;
      if (Number(headers['content-length'] ?? 0) > limit) {
        tooLarge();
      }
    });
    stream.on('data', (chunk: Buffer) => {
      if (settled) {
        return;
      }
      size += chunk.length;
      if (size > limit) {
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      finish({ answered: true, answer: { status, headers, body, bodyTooLarge: false } });
    });
    stream.on('error', (error: unknown) => {
      finish({ answered: false, failure: describeTransportFailure(error) });
    });
  });
}
