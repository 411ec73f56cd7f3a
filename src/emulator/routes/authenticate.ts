import { LoginLockout } from '../login-lockout';
import { RateLimiter } from '../rate-limiter';
import {
  authorizationCookie,
  EmulatorCall,
  Route,
  RouteAnswer,
  v1Error,
  wantsCookie,
} from '../route';
import { TokenIssuer } from '../token-issuer';
import { UserDirectory } from '../user-directory';

/** What the login endpoint needs from the emulator. */
export interface AuthenticateDependencies {
  readonly users: UserDirectory;
  readonly tokens: TokenIssuer;
  readonly lockout: LoginLockout;
  readonly rateLimiter: RateLimiter;
  readonly tokenTtlSeconds: number;
}

/**
 * One message for every refused login, wrong password and suspended account alike: a caller
 * learns neither which accounts exist nor which are suspended, and a client has one rule to
 * follow (never retry a 401 login) instead of two.
 */
const LOGIN_REFUSED =
  'Login failed: the email, organization or password is wrong, or the account is suspended ' +
  'after repeated failed logins.';

/**
 * `POST /v1/auth/authenticate`: a password login.
 *
 * Checks run in the order that protects the account best: the rate limit first (429 with
 * `Retry-After: 1`, no credential looked at), then the body's shape (400), then the suspension
 * and the password (401 either way). A suspended account is refused with the same 401 as a
 * wrong password, even when the password is right.
 */
export function authenticateRoute(dependencies: AuthenticateDependencies): Route {
  return {
    method: 'POST',
    pattern: /^\/v1\/auth\/authenticate$/,
    answer: async (call) => {
      const setCookie = wantsCookie(call.url);
      const answer = await authenticate(dependencies, call, setCookie);
      return { ...answer, log: { ...answer.log, setCookie, credentialKind: 'none' } };
    },
  };
}

async function authenticate(
  dependencies: AuthenticateDependencies,
  call: EmulatorCall,
  setCookie: boolean,
): Promise<RouteAnswer> {
  const { users, tokens, lockout, rateLimiter, tokenTtlSeconds } = dependencies;
  if (!rateLimiter.tryAcquire(call.source)) {
    return v1Error(429, 'TooManyRequests', 'Too many login requests; slow down and retry.', {
      headers: { 'Retry-After': '1' },
    });
  }

  const login = await readLogin(call);
  if (typeof login === 'string') {
    return v1Error(400, 'BadRequest', login);
  }

  const account = users.find(login.emailId, login.org);
  const accountKey = JSON.stringify([login.emailId, login.org]);
  const refused = {
    ...v1Error(401, 'Unauthorized', LOGIN_REFUSED),
    log: { emailId: login.emailId },
  };
  if (account === undefined || lockout.isLocked(accountKey)) {
    return refused;
  }
  if (!users.passwordMatches(account, login.password)) {
    lockout.recordFailure(accountKey);
    return refused;
  }

  lockout.recordSuccess(accountKey);
  const { token, claims } = tokens.startSession(account);
  return {
    status: 200,
    body: { Authorization: token, isMfa: account.mfa },
    headers: setCookie ? { 'Set-Cookie': authorizationCookie(token, tokenTtlSeconds) } : {},
    log: { issuedTokenId: claims.jti, emailId: login.emailId },
  };
}

interface Login {
  readonly emailId: string;
  readonly org: string;
  readonly password: string;
}

/** The login body, or a message saying what is wrong with it (never echoing its values). */
async function readLogin(call: EmulatorCall): Promise<Login | string> {
  const contentType = call.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return 'The login body must be sent as Content-Type: application/json.';
  }

  const text = await call.readBody();
  if (text === undefined) {
    return 'The login body is larger than a login can be.';
  }

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'The login body is not valid JSON.';
  }

  const fields = ['emailId', 'org', 'password'] as const;
  const isObject = typeof body === 'object' && body !== null;
  const record = isObject ? (body as Record<string, unknown>) : {};
  const missing = fields.filter((field) => typeof record[field] !== 'string');
  if (missing.length > 0) {
    return `The login body must hold the string fields ${missing.join(', ')}.`;
  }
  return record as unknown as Login;
}
