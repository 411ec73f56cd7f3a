import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { LoginJob, LoginOutcome, LoginWorkerData } from './protocol';
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

/** Options of one login request. */
export interface LoginRequestOptions {
  /** How long one HTTP request may take, in milliseconds. */
  readonly attemptTimeoutMs?: number;
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
  ) {}

  /** The session, waiting for it if needed. Throws the login's error if it failed. */
  public session(): PaletteSession {
    this.outcome ??= this.bridge.waitFor(this.job, this.waitMs);
    if (!this.outcome.ok) {
      throw PaletteCredentialsError.fromTransfer(this.outcome.error);
    }
    return this.outcome.session;
  }

  /** Whether this login can still serve a request for these settings. */
  public canServe(settings: LoginSettings, nowSeconds: number): boolean {
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
    return finished === undefined || !finished.ok || finished.session.expiresAt > nowSeconds;
  }
}

/**
 * Runs HTTP logins on a worker thread and lets the synth thread wait for them synchronously,
 * since cdktf constructs and token producers cannot await.
 *
 * The worker is started on first use and unreferenced, so it never keeps a process alive. One
 * login serves every request for the same endpoint, org and user in this process.
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
  private readonly arrived = new Map<number, LoginOutcome>();
  private readonly logins = new Map<string, PendingLogin>();
  private nextId = 1;

  /** Starts a login, or joins the one already started for the same user. */
  public login(settings: LoginSettings, options: LoginRequestOptions = {}): PendingLogin {
    const key = JSON.stringify([settings.endpoint, settings.org, settings.emailId]);
    const existing = this.logins.get(key);
    if (existing?.canServe(settings, Math.floor(Date.now() / 1000))) {
      return existing;
    }

    const job: LoginJob = {
      id: this.nextId++,
      settings,
      attemptTimeoutMs: options.attemptTimeoutMs,
    };
    this.startedWorker().postMessage(job);

    const waitMs = (options.attemptTimeoutMs ?? 10_000) + WAIT_MARGIN_MS;
    const pending = new PendingLogin(this, job, waitMs);
    this.logins.set(key, pending);
    return pending;
  }

  /** Blocks the calling thread until the worker has answered `job`, or `waitMs` has passed. */
  public waitFor(job: LoginJob, waitMs: number): LoginOutcome {
    const deadline = Date.now() + waitMs;

    for (;;) {
      // Read the counter before draining, so an outcome posted in between wakes the wait below.
      const seen = Atomics.load(this.signal, 0);
      this.drain();
      const outcome = this.arrived.get(job.id);
      if (outcome !== undefined) {
        this.arrived.delete(job.id);
        return outcome;
      }

      const remaining = deadline - Date.now();
      if (remaining <= 0 || Atomics.wait(this.signal, 0, seen, remaining) === 'timed-out') {
        if (Atomics.load(this.signal, 0) === seen) {
          return { id: job.id, ok: false, error: this.stalled(job, waitMs).toTransfer() };
        }
      }
    }
  }

  private drain(): void {
    for (;;) {
      const message = this.outcomes && receiveMessageOnPort(this.outcomes);
      if (message === undefined) {
        return;
      }
      const outcome = message.message as LoginOutcome;
      this.arrived.set(outcome.id, outcome);
    }
  }

  private startedWorker(): Worker {
    if (this.worker === undefined) {
      const channel = new MessageChannel();
      const workerData: LoginWorkerData = { signal: this.signal, outcomes: channel.port2 };
      this.worker = new Worker(compiledScript('bridge/login-worker.js'), {
        workerData,
        transferList: [channel.port2],
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
