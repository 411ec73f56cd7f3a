import { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKeyStore } from './api-key-store';
import { EmulatorFault } from './emulator-fault';
import { createEmulatorListener, EmulatorTlsIdentity } from './emulator-listener';
import { loginEmailOf, performFault } from './fault-answer';
import { FaultScript } from './fault-script';
import { LockoutPolicy, LoginLockout, PALETTE_LOCKOUT_POLICY } from './login-lockout';
import { AUTHENTICATE_RATE_LIMIT, RateLimit, RateLimiter } from './rate-limiter';
import { DEFAULT_REQUEST_LOG_LIMIT, redactPath, RequestLog } from './request-log';
import { EmulatorCall, Route, RouteAnswer, v1Error } from './route';
import { adminRoutes, faultRoutes } from './routes/admin';
import { apiKeyRoutes } from './routes/api-keys';
import { authenticateRoute } from './routes/authenticate';
import { refreshRoute } from './routes/refresh';
import { usersInfoRoute } from './routes/users-info';
import { TokenIssuer } from './token-issuer';
import { EmulatorUserRecord, UserDirectory } from './user-directory';

/** Palette's default token lifetime: 15 minutes. */
export const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;

/** Palette's default session timeout: 240 minutes. */
export const DEFAULT_SESSION_TTL_SECONDS = 240 * 60;

/** The only address the emulator listens on: it is a test double, never a network service. */
export const EMULATOR_HOST = '127.0.0.1';

/** A request body larger than this is refused: no endpoint of the emulator needs more. */
const MAX_BODY_BYTES = 64 * 1024;

/** How the in-process emulator server behaves. */
export interface EmulatorServerOptions {
  /** The accounts that can log in. */
  readonly users: readonly EmulatorUserRecord[];

  /** The port on 127.0.0.1. @default 0 - a free port the system picks */
  readonly port?: number;

  /** Token lifetime, the distance between `iat` and `exp`. @default 900 */
  readonly tokenTtlSeconds?: number;

  /** How long after a login its tokens can still be refreshed. @default 14400 */
  readonly sessionTtlSeconds?: number;

  /** Rate limit of `/v1/auth/authenticate` per source address. @default 10 a second, burst 5 */
  readonly authenticateRateLimit?: RateLimit;

  /** When failed logins suspend an account. @default 5 failures, 15 minutes */
  readonly lockout?: LockoutPolicy;

  /** How many requests the request log keeps. @default 1000 */
  readonly requestLogLimit?: number;

  /** How long each Palette endpoint waits before answering, in milliseconds. @default 0 */
  readonly responseDelayMs?: number;

  /** A certificate and key to serve HTTPS with. @default - plain HTTP */
  readonly tls?: EmulatorTlsIdentity;
}

/** An emulator server that is listening. */
export interface RunningEmulator {
  /** The base URL, `http://127.0.0.1:PORT` (or `https://`), without a trailing slash. */
  readonly url: string;

  /** The requests answered so far, also served at `GET /__emulator/requests`. */
  readonly requests: RequestLog;

  /** Stops listening and drops open connections, so that no keep-alive socket lingers. */
  close(): Promise<void>;
}

/**
 * Starts a Palette API emulator in this process, listening on 127.0.0.1 only.
 *
 * It answers the authentication endpoints of the Palette API v1 as the public contract and
 * documentation describe them, including the behaviour the contract omits: 401 on bad
 * credentials, 429 over the login rate limit and account suspension after repeated failures.
 * Every answer is JSON; errors are `v1Error` bodies.
 *
 * A process that performs blocking HTTP (such as a cdktf synth using this library) cannot reach
 * a server in its own event loop; use `PaletteEmulator`, which runs this in a child process.
 */
export async function startEmulatorServer(
  options: EmulatorServerOptions,
): Promise<RunningEmulator> {
  const tokenTtlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  const tokens = new TokenIssuer({
    tokenTtlSeconds,
    sessionTtlSeconds: options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS,
  });
  const log = new RequestLog(options.requestLogLimit ?? DEFAULT_REQUEST_LOG_LIMIT);
  const apiKeys = new ApiKeyStore();
  const routes: Route[] = [
    authenticateRoute({
      users: new UserDirectory(options.users),
      tokens,
      lockout: new LoginLockout(options.lockout ?? PALETTE_LOCKOUT_POLICY),
      rateLimiter: new RateLimiter(options.authenticateRateLimit ?? AUTHENTICATE_RATE_LIMIT),
      tokenTtlSeconds,
    }),
    refreshRoute({ tokens, tokenTtlSeconds }),
    usersInfoRoute(tokens, apiKeys),
    ...apiKeyRoutes(tokens, apiKeys),
    ...adminRoutes(log),
  ];
  const passwords = options.users.map((user) => user.password);
  const faults = new FaultScript();

  const { server, scheme, counts } = createEmulatorListener((request, response) => {
    void serve(request, response, {
      routes,
      log,
      passwords,
      responseDelayMs: options.responseDelayMs ?? 0,
      faults,
    });
  }, options.tls);
  routes.push(...faultRoutes(faults, counts));
  const port = await listen(server, options.port ?? 0);

  return {
    url: `${scheme}://${EMULATOR_HOST}:${port}`,
    requests: log,
    close: () => close(server),
  };
}

interface ServingContext {
  readonly routes: readonly Route[];
  readonly log: RequestLog;

  /** Kept only to scrub them from logged paths. */
  readonly passwords: readonly string[];

  readonly responseDelayMs: number;

  /** Scripted answers that replace the normal ones, for fault-injection tests. */
  readonly faults: FaultScript;
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  context: ServingContext,
): Promise<void> {
  const at = new Date().toISOString();
  const method = request.method ?? 'GET';
  const url = parseRequestUrl(request.url);
  const fault = url === undefined ? undefined : context.faults.take(url.pathname);
  if (fault !== undefined) {
    await serveFault(request, response, fault, context, at);
    return;
  }
  const { route, answer } = await routeRequest(request, url, method, context.routes);

  if (context.responseDelayMs > 0 && route?.unlogged !== true) {
    await sleep(context.responseDelayMs);
  }
  writeAnswer(response, answer);
  if (route?.unlogged !== true) {
    context.log.record({
      method,
      path: url === undefined ? '/' : redactPath(url.pathname, context.passwords),
      credentialKind: credentialKindOf(request),
      ...answer.log,
      status: answer.status,
      at,
    });
  }
}

/** Reads the request, acts out `fault` instead of answering, and logs what it did. */
async function serveFault(
  request: IncomingMessage,
  response: ServerResponse,
  fault: EmulatorFault,
  context: ServingContext,
  at: string,
): Promise<void> {
  const body = await readBody(request);
  const { status, kind } = await performFault(fault, response);
  context.log.record({
    method: request.method ?? 'GET',
    path: redactPath(parseRequestUrl(request.url)?.pathname ?? '/', context.passwords),
    credentialKind: credentialKindOf(request),
    emailId: loginEmailOf(body),
    status,
    fault: kind,
    at,
  });
}

async function routeRequest(
  request: IncomingMessage,
  url: URL | undefined,
  method: string,
  routes: readonly Route[],
): Promise<{ route?: Route; answer: RouteAnswer }> {
  if (url === undefined) {
    return { answer: v1Error(400, 'BadRequest', 'The request target is not a valid path.') };
  }

  const candidates = routes.filter((candidate) => candidate.pattern.test(url.pathname));
  const route = candidates.find((candidate) => candidate.method === method);
  if (route === undefined) {
    return { answer: unroutable(url, method, candidates) };
  }

  const call: EmulatorCall = {
    method,
    url,
    headers: request.headers,
    source: request.socket.remoteAddress ?? 'unknown',
    pathParameters: route.pattern.exec(url.pathname)?.slice(1) ?? [],
    readBody: () => readBody(request),
  };
  try {
    return { route, answer: await route.answer(call) };
  } catch {
    // The error may quote the request, so its text stays out of the answer and the log.
    return { route, answer: v1Error(500, 'InternalError', 'The emulator failed to answer.') };
  }
}

function unroutable(url: URL, method: string, candidates: readonly Route[]): RouteAnswer {
  if (candidates.length === 0) {
    return v1Error(404, 'NotFound', `The emulator has no endpoint ${method} ${url.pathname}.`);
  }
  const allowed = candidates.map((candidate) => candidate.method).join(', ');
  return v1Error(405, 'MethodNotAllowed', `This endpoint answers ${allowed}, not ${method}.`, {
    headers: { Allow: allowed },
  });
}

function parseRequestUrl(target: string | undefined): URL | undefined {
  // Only origin-form targets ("/path?query") are requests for this server.
  if (target === undefined || !target.startsWith('/')) {
    return undefined;
  }
  try {
    return new URL(target, `http://${EMULATOR_HOST}`);
  } catch {
    return undefined;
  }
}

function credentialKindOf(request: IncomingMessage): string {
  if (request.headers.authorization !== undefined) {
    return 'jwt';
  }
  return request.headers.apikey !== undefined ? 'apiKey' : 'none';
}

function writeAnswer(response: ServerResponse, answer: RouteAnswer): void {
  const body = answer.body === undefined ? undefined : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...answer.headers,
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
  });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  // An oversized body is still read to its end, so that the socket stays usable for the answer.
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) {
      chunks.push(chunk);
    }
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

function listen(server: Server | HttpsServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, EMULATOR_HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server | HttpsServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
