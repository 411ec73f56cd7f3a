import type { LoginContext, LoginHandOff } from './api-key-protocol';
import { LoginBridge } from './login-bridge';
import type { LoginJob } from './protocol';
import { sessionIdentity } from '../cache/cache-entry';
import { DEFAULT_MIN_VALIDITY_SECONDS } from '../cache/cache-settings';
import { TokenCache } from '../cache/token-cache';
import { CLIENT_DEFAULTS, ClientOptions } from '../client/client-options';
import type { LoginSettings } from '../client/login-settings';
import type { PaletteSession } from '../client/token-response';
import { describe } from '../client/token-response';
import {
  PaletteConfigurationError,
  PaletteCredentialsError,
  PaletteErrorTransfer,
} from '../errors';

/** Extra time the synth thread grants the worker beyond the client's own timeout. */
const WAIT_MARGIN_MS = 5_000;

/** Options of one login request. */
export interface LoginRequestOptions {
  /** How long one HTTP request may take, in milliseconds. */
  readonly attemptTimeoutMs?: number;

  /** The least lifetime, in seconds, a handed-out token must have left. @default 600 */
  readonly minValiditySeconds?: number;

  /** The token cache folder. @default - no cache: every process logs in */
  readonly cacheDirectory?: string;

  /** Timeouts, retries, TLS and proxy settings of the HTTP calls. @default - the defaults */
  readonly client?: ClientOptions;
}

/** A login as the registry describes it; the worker bridge numbers it when it sends it. */
export type LoginRequest = Omit<LoginJob, 'id'>;

/** How a login ended, whoever ran it: a worker's outcome, or a token from the cache. */
type SettledLogin =
  | { readonly ok: true; readonly session: PaletteSession }
  | { readonly ok: false; readonly error: PaletteErrorTransfer };

/**
 * A login that has been started and whose outcome can be awaited synchronously.
 *
 * Starting a login does not block: constructs start theirs when they are created, and the synth
 * thread waits only when a value is first needed, by which time most logins have finished.
 */
export class PendingLogin {
  private outcome?: SettledLogin;

  /**
   * @param request what the login needs
   * @param waitMs how long the synth thread may wait for it
   * @param job the job the worker runs it as; `undefined` when the login was settled at once
   * @param settled the outcome, when known at once (a token from the cache)
   */
  constructor(
    private readonly request: LoginRequest,
    private readonly waitMs: number,
    private readonly job?: LoginJob,
    settled?: SettledLogin,
  ) {
    this.outcome = settled;
  }

  /** The session, waiting for it if needed. Throws the login's error if it failed. */
  public session(): PaletteSession {
    this.outcome ??= this.awaitWorker();
    if (!this.outcome.ok) {
      throw PaletteCredentialsError.fromTransfer(this.outcome.error);
    }
    return this.outcome.session;
  }

  /**
   * What an API key minted with this login's token needs, without the password: the token (or
   * the error) once the login has finished here, else the id of the job the worker runs it as,
   * so that the worker mints right after the login without the synth thread waiting in between.
   */
  public handOff(): LoginContext {
    const finished = this.outcome;
    let login: LoginHandOff;
    if (finished === undefined) {
      login = { jobId: this.job!.id };
    } else {
      login = finished.ok ? { token: finished.session.token } : { error: finished.error };
    }
    return {
      login,
      client: this.request.client,
      cacheDirectory: this.request.cacheDirectory,
      loginWaitMs: this.waitMs,
    };
  }

  /** Whether this login can still serve a request for these settings. */
  public canServe(settings: LoginSettings, nowSeconds: number, minValiditySeconds = 0): boolean {
    if (settings.password !== this.request.settings.password) {
      const context = { host: settings.endpoint, org: settings.org };
      throw new PaletteConfigurationError(
        'CONFLICTING_CREDENTIALS',
        `Two logins to ${describe(context)} for ${settings.emailId} use different passwords. ` +
          'Give every PaletteCredentials of the same user the same password.',
        context,
      );
    }
    // A failed login is never repeated in the same process: retrying a rejected password is
    // how accounts get suspended.
    const finished = this.outcome;
    return (
      finished === undefined ||
      !finished.ok ||
      finished.session.expiresAt - minValiditySeconds > nowSeconds
    );
  }

  private awaitWorker(): SettledLogin {
    // Only a login that was not settled at once has a job, and a bridge that started it.
    return LoginBridge.shared().waitFor(this.job!, this.waitMs);
  }
}

/**
 * The logins of this process, one for each endpoint, org and user.
 *
 * A warm token cache is read here, on the synth thread: no worker, no HTTP library, no request.
 * Only a login the cache cannot serve reaches the worker bridge (`login-bridge.ts`), which sends
 * it to the worker thread. The library's bundle leaves that bridge to a file of its own, loaded
 * when the bridge is first used (scripts/bundle-library.ts), so a synth whose tokens all come
 * from the cache never loads it.
 */
export class LoginRegistry {
  /** The registry of this process. */
  public static shared(): LoginRegistry {
    LoginRegistry.instance ??= new LoginRegistry();
    return LoginRegistry.instance;
  }

  private static instance?: LoginRegistry;

  private readonly logins = new Map<string, PendingLogin>();

  /**
   * Starts a login, or joins the one already started for the same user, or answers at once from
   * the token cache when it holds a token that lasts long enough.
   */
  public login(settings: LoginSettings, options: LoginRequestOptions = {}): PendingLogin {
    const key = JSON.stringify([settings.endpoint, settings.org, settings.emailId]);
    const minValiditySeconds = options.minValiditySeconds ?? DEFAULT_MIN_VALIDITY_SECONDS;
    const existing = this.logins.get(key);
    if (existing?.canServe(settings, Math.floor(Date.now() / 1000), minValiditySeconds)) {
      return existing;
    }

    // Each call, retries included, ends by its deadline; the wait must outlast the calls.
    const callMs = options.client?.deadlineMs ?? CLIENT_DEFAULTS.deadlineMs;
    const request: LoginRequest = {
      settings,
      attemptTimeoutMs: options.attemptTimeoutMs,
      minValiditySeconds,
      cacheDirectory: options.cacheDirectory,
      // Another process's login ends by its deadline; waiting longer than that helps nobody.
      lockWaitMs: callMs,
      client: options.client,
    };
    // With the cache, the worker may first wait for another process's login, then refresh.
    const cacheMs = request.cacheDirectory === undefined ? 0 : request.lockWaitMs + callMs;
    const waitMs = callMs + cacheMs + WAIT_MARGIN_MS;

    const cached = request.cacheDirectory === undefined
      ? undefined
      : new TokenCache(request.cacheDirectory).readUsable(
        sessionIdentity(settings),
        minValiditySeconds,
      );
    const pending = cached === undefined
      ? new PendingLogin(request, waitMs, LoginBridge.shared().start(request))
      : new PendingLogin(request, waitMs, undefined, { ok: true, session: cached });
    this.logins.set(key, pending);
    return pending;
  }
}
