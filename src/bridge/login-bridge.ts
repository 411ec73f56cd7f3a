import type { MessagePort, Worker } from 'node:worker_threads';
import type { ApiKeyJob, ApiKeyOutcome } from './api-key-protocol';
import type { LoginRequest } from './login-registry';
import type { LoginJob, LoginOutcome, LoginWorkerData } from './protocol';
import { describe } from '../client/token-response';
import { PaletteConnectionError } from '../errors';
import { compiledScript } from '../internal/compiled-script';

/** The largest young generation of the worker's heap, in MB; see `startedWorker`. */
const WORKER_YOUNG_GENERATION_MB = 2;

/**
 * Runs HTTP logins on a worker thread and lets the synth thread wait for them synchronously,
 * since cdktf constructs and token producers cannot await.
 *
 * The worker is started on first use and unreferenced, so it never keeps a process alive. It is
 * ended as soon as every job sent to it has been answered and collected, so that its memory (a
 * V8 isolate and the HTTP client, about 20 MB) is released while the synth goes on; a later job
 * starts a new one. Which logins need the worker at all, the registry (`login-registry.ts`)
 * decides: one login for each endpoint, org and user, none for a token the cache holds.
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
  private nextId = 1;

  /** Sends a login to the worker, starting the worker if needed, and returns it as a job. */
  public start(request: LoginRequest): LoginJob {
    const job: LoginJob = { id: this.nextJobId(), ...request };
    this.send(job);
    return job;
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
