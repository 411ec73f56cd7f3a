import type { MessagePort, Worker } from 'node:worker_threads';
import type { ApiKeyJob, ApiKeyOutcome, LoginContext, LoginHandOff } from './api-key-protocol';
import type { LoginJob, LoginOutcome, LoginWorkerData } from './protocol';
import { sessionIdentity } from '../cache/cache-entry';
import { DEFAULT_MIN_VALIDITY_SECONDS } from '../cache/cache-settings';
import { TokenCache } from '../cache/token-cache';
import { CLIENT_DEFAULTS, ClientOptions } from '../client/client-options';
import type { LoginSettings } from '../client/login-settings';
import type { PaletteSession } from '../client/token-response';
import { describe } from '../client/token-response';
import {
  PaletteConfigurationError,
  PaletteConnectionError,
  PaletteCredentialsError,
} from '../errors';
import { compiledScript } from '../internal/compiled-script';

/** Extra time the synth thread grants the worker beyond the client's own timeout. */
const WAIT_MARGIN_MS = 5_000;

/** The largest young generation of the worker's heap, in MB; see `startedWorker`. */
const WORKER_YOUNG_GENERATION_MB = 2;

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

/**
 * A login that has been started and whose outcome can be awaited synchronously.
 *
 * Starting a login does not block: constructs start theirs when they are created, and the synth
 * thread waits only when a value is first needed, by which time most logins have finished.
 */
export class PendingLogin {
  private outcome?: LoginOutcome;

  constructor(
    private readonly bridge: LoginBridge,
    private readonly job: LoginJob,
    private readonly waitMs: number,
    settled?: LoginOutcome,
  ) {
    this.outcome = settled;
  }

  /** The session, waiting for it if needed. Throws the login's error if it failed. */
  public session(): PaletteSession {
    this.outcome ??= this.bridge.waitFor(this.job, this.waitMs);
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
      login = { jobId: this.job.id };
    } else {
      login = finished.ok ? { token: finished.session.token } : { error: finished.error };
    }
    return {
      login,
      client: this.job.client,
      cacheDirectory: this.job.cacheDirectory,
      loginWaitMs: this.waitMs,
    };
  }

  /** Whether this login can still serve a request for these settings. */
  public canServe(settings: LoginSettings, nowSeconds: number, minValiditySeconds = 0): boolean {
    if (settings.password !== this.job.settings.password) {
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
}

/**
 * Runs HTTP logins on a worker thread and lets the synth thread wait for them synchronously,
 * since cdktf constructs and token producers cannot await.
 *
 * The worker is started on first use and unreferenced, so it never keeps a process alive. It is
 * ended as soon as every job sent to it has been answered and collected, so that its memory (a
 * V8 isolate and the HTTP client, about 20 MB) is released while the synth goes on; a later job
 * starts a new one. One login serves every request for the same endpoint, org and user in this
 * process.
 */
export class LoginBridge {
  /** The bridge of this process. */
  public static shared(): LoginBridge {
    LoginBridge.instance ??= new LoginBridge();
    return LoginBridge.instance;
  }

  private static instance?: LoginBridge;

  private worker?: Worker;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private outcomes?: MessagePort;
  private readonly arrived = new Map<number, LoginOutcome | ApiKeyOutcome>();
  /** Jobs sent to the worker whose outcome has not been collected yet. */
  private readonly uncollected = new Set<number>();
  private readonly logins = new Map<string, PendingLogin>();
  private nextId = 1;

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
    const job: LoginJob = {
      id: this.nextId++,
      settings,
      attemptTimeoutMs: options.attemptTimeoutMs,
      minValiditySeconds,
      cacheDirectory: options.cacheDirectory,
      // Another process's login ends by its deadline; waiting longer than that helps nobody.
      lockWaitMs: callMs,
      client: options.client,
    };
    // With the cache, the worker may first wait for another process's login, then refresh.
    const cacheMs = job.cacheDirectory === undefined ? 0 : job.lockWaitMs + callMs;
    const waitMs = callMs + cacheMs + WAIT_MARGIN_MS;

    // A warm cache is read here, on the synth thread: no worker, no HTTP library, no request.
    const identity = sessionIdentity(settings);
    const cached = job.cacheDirectory === undefined
      ? undefined
      : new TokenCache(job.cacheDirectory).readUsable(identity, minValiditySeconds);
    if (cached !== undefined) {
      const hit: LoginOutcome = { id: job.id, ok: true, session: cached };
      const pending = new PendingLogin(this, job, waitMs, hit);
      this.logins.set(key, pending);
      return pending;
    }

    this.send(job);
    const pending = new PendingLogin(this, job, waitMs);
    this.logins.set(key, pending);
    return pending;
  }

  /** Blocks the calling thread until the worker has answered `job`, or `waitMs` has passed. */
  public waitFor(job: LoginJob, waitMs: number): LoginOutcome {
    const outcome = this.awaitOutcome(job.id, waitMs) as LoginOutcome | undefined;
    return outcome ?? { id: job.id, ok: false, error: this.stalled(job, waitMs).toTransfer() };
  }

  /** A fresh id for a job of any kind; ids never repeat within a bridge. */
  public nextJobId(): number {
    return this.nextId++;
  }

  /** Sends an API-key job to the worker, starting the worker if needed. */
  public submit(job: ApiKeyJob): void {
    this.send(job);
  }

  /**
   * Blocks the calling thread until the worker has answered job `id`.
   *
   * @returns the outcome, or `undefined` when `waitMs` passed without it
   */
  public awaitOutcome(id: number, waitMs: number): LoginOutcome | ApiKeyOutcome | undefined {
    const deadline = Date.now() + waitMs;

    for (;;) {
      // Read the counter before draining, so an outcome posted in between wakes the wait below.
      const seen = Atomics.load(this.signal, 0);
      this.drain();
      const outcome = this.arrived.get(id);
      if (outcome !== undefined) {
        this.arrived.delete(id);
        this.collected(id);
        return outcome;
      }

      const remaining = deadline - Date.now();
      if (remaining <= 0 || Atomics.wait(this.signal, 0, seen, remaining) === 'timed-out') {
        if (Atomics.load(this.signal, 0) === seen) {
          return undefined;
        }
      }
    }
  }

  private drain(): void {
    if (this.outcomes === undefined) {
      return;
    }
    const { receiveMessageOnPort } = workerThreads();
    for (;;) {
      const message = receiveMessageOnPort(this.outcomes);
      if (message === undefined) {
        return;
      }
      const outcome = message.message as LoginOutcome | ApiKeyOutcome;
      this.arrived.set(outcome.id, outcome);
    }
  }

  private send(job: LoginJob | ApiKeyJob): void {
    this.uncollected.add(job.id);
    this.startedWorker().postMessage(job);
  }

  /**
   * Ends the worker once nothing is left for it to answer. A job that refers to an earlier one
   * (an API key minted with a login's token) is only sent while that login is uncollected, or
   * carries its token, so no job ever needs a worker that has ended.
   */
  private collected(id: number): void {
    this.uncollected.delete(id);
    if (this.uncollected.size > 0 || this.worker === undefined) {
      return;
    }
    void this.worker.terminate();
    this.outcomes?.close();
    this.worker = undefined;
    this.outcomes = undefined;
  }

  private startedWorker(): Worker {
    if (this.worker === undefined) {
      const { MessageChannel, Worker } = workerThreads();
      const channel = new MessageChannel();
      const workerData: LoginWorkerData = { signal: this.signal, outcomes: channel.port2 };
      // The worker and its client code as one file (scripts/bundle-library.ts): it loads faster.
      this.worker = new Worker(compiledScript('bridge/login-worker-bundle.js'), {
        workerData,
        transferList: [channel.port2],
        // The worker allocates little; V8's default lets its young generation grow by a few MB
        // that the process then keeps (10 concurrent logins: 1.5 MB more peak memory).
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
      });
      this.worker.unref();
      this.outcomes = channel.port1;
      this.outcomes.unref();
    }
    return this.worker;
  }

  private stalled(job: LoginJob, waitMs: number): PaletteConnectionError {
    const context = { host: job.settings.endpoint, org: job.settings.org };
    return new PaletteConnectionError(
      'TIMEOUT',
      `The login to ${describe(context)} did not finish within ${waitMs} ms. Check that the ` +
        'host is reachable from this machine (VPN, proxy, firewall).',
      context,
    );
  }
}

/**
 * node:worker_threads, required when a login first needs the worker rather than imported at the
 * top: a synth whose tokens all come from the cache never loads it.
 */
function workerThreads(): typeof import('node:worker_threads') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:worker_threads');
}
