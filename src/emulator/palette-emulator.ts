import { PaletteResponseError } from '../errors';
import { DEMO_USER } from './demo-user';
import type { EmulatorAdminClient } from './emulator-admin-client';
import { EmulatorFault } from './emulator-fault';
import type { EmulatorProcess } from './emulator-process';
import { EmulatorRequest } from './emulator-request';
import { PaletteEmulatorOptions } from './palette-emulator-options';

/**
 * A local stand-in for the Palette authentication API, for tests, examples and demos.
 *
 * It answers `POST /v1/auth/authenticate`, `GET /v1/auth/refresh/{token}` and
 * `GET /v1/users/info` on `http://127.0.0.1:PORT` the way Palette's contract and documentation
 * describe, including the 401, 429 and account-suspension behaviour a client must survive.
 * Its tokens are HS256 JWTs signed with a key that lives only in the emulator, so they are
 * worthless anywhere else. It also mints, lists and deletes API keys (`/v1/apiKeys`, with a
 * token) and accepts a minted key in the `ApiKey` header of `GET /v1/users/info`; the keys too
 * live only in the emulator's memory. Token revocation is not emulated.
 *
 * The emulator runs in a child process. A cdktf synth that uses this library blocks its own
 * thread while it waits for Palette, so a server in the same process could never answer it.
 * The child ends when `stop()` is called or when this process exits, and it never keeps this
 * process alive on its own.
 *
 * @example
 * const emulator = await PaletteEmulator.start({ tokenTtlMinutes: 1 });
 * // ... point the code under test at emulator.url and log in as the demo account ...
 * const logins = (await emulator.requests())
 *   .filter((request) => request.path === '/v1/auth/authenticate');
 * await emulator.stop();
 */
export class PaletteEmulator {
  /** The email of the demo account an emulator accepts when it is given no users. */
  public static readonly DEMO_EMAIL_ID = DEMO_USER.emailId;

  /** The organization of the demo account. */
  public static readonly DEMO_ORG = DEMO_USER.org;

  /**
   * The password of the demo account. Public on purpose: it is emulator-only, opens nothing
   * else, and a demo must be able to log in with it.
   */
  public static readonly DEMO_PASSWORD = DEMO_USER.password;

  /**
   * Starts an emulator and resolves once it accepts requests.
   *
   * @param options the accounts it accepts and how it behaves; without any, one demo account
   * @throws PaletteConfigurationError when the options are invalid, before any process starts
   * @throws PaletteCredentialsError with code `EMULATOR_START_FAILED` when the emulator's
   * process could not start or did not report its URL in time
   */
  public static async start(options: PaletteEmulatorOptions = {}): Promise<PaletteEmulator> {
    // Required here, not imported at the top: every synth loads this module with the library,
    // and only tests and demos start an emulator.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const launcher = require('./emulator-launcher') as typeof import('./emulator-launcher');
    const { child, admin } = await launcher.launchEmulator(options);
    return new PaletteEmulator(child, admin);
  }

  /**
   * The base URL of the emulator, `http://127.0.0.1:PORT` with no trailing slash. Use it as the
   * Palette host of the code under test.
   */
  public readonly url: string;

  private constructor(
    private readonly child: EmulatorProcess,
    private readonly admin: EmulatorAdminClient,
  ) {
    this.url = child.url;
  }

  /**
   * The requests the emulator has answered since it started or since `clearRequests()`, oldest
   * first (at most the last 1000).
   *
   * The log holds token ids, never tokens, passwords or bodies, so a test can print it freely.
   */
  public async requests(): Promise<EmulatorRequest[]> {
    const response = await this.admin.send('GET', '/__emulator/requests');
    if (response.status !== 200) {
      throw this.adminFailure('read the request log of', response.status);
    }
    return JSON.parse(response.body) as EmulatorRequest[];
  }

  /** Forgets the recorded requests, so that a test can assert on the requests of one step. */
  public async clearRequests(): Promise<void> {
    const response = await this.admin.send('DELETE', '/__emulator/requests');
    if (response.status !== 204) {
      throw this.adminFailure('clear the request log of', response.status);
    }
  }

  /**
   * Scripts the next answers to `path`: each request to it is answered by the next of `faults`
   * instead of normally, until they are used up. Faults queue behind any already scripted for
   * the path. Faulted requests are still read and appear in `requests()`, with a `fault` field.
   *
   * @param path a request path without query, for example `/v1/auth/authenticate`
   * @param faults the answers to give, in order, one per request
   * @example
   * await emulator.scriptFaults('/v1/auth/authenticate', [
   *   { status: 503 },
   *   { status: 429, headers: { 'Retry-After': '1' } },
   *   { kind: EmulatorFaultKind.DROP_CONNECTION },
   * ]);
   */
  public async scriptFaults(path: string, faults: EmulatorFault[]): Promise<void> {
    const response = await this.admin.send('POST', '/__emulator/faults', { path, faults });
    if (response.status !== 204) {
      throw new PaletteResponseError(
        'EMULATOR_ADMIN_FAILED',
        `The Palette emulator at ${this.url} refused the fault script (HTTP ${response.status}): ` +
          `${readMessage(response.body)}`,
        { host: this.url, status: response.status },
      );
    }
  }

  /** Forgets every scripted fault that has not been used yet. */
  public async clearFaults(): Promise<void> {
    const response = await this.admin.send('DELETE', '/__emulator/faults');
    if (response.status !== 204) {
      throw this.adminFailure('clear the faults of', response.status);
    }
  }

  /**
   * How many connections the emulator accepted and how many TLS handshakes failed since it
   * started. A client that refuses the certificate never sends a request, so this is how a test
   * proves it did not retry.
   */
  public async connectionStats(): Promise<EmulatorConnectionStats> {
    const response = await this.admin.send('GET', '/__emulator/connections');
    if (response.status !== 200) {
      throw this.adminFailure('read the connection counts of', response.status);
    }
    return JSON.parse(response.body) as EmulatorConnectionStats;
  }

  /**
   * Stops the emulator and waits for its process to end. Tokens it issued stop working with it.
   * Calling it again does nothing.
   */
  public async stop(): Promise<void> {
    await this.child.stop();
  }

  private adminFailure(action: string, status: number): PaletteResponseError {
    return new PaletteResponseError(
      'EMULATOR_ADMIN_FAILED',
      `Could not ${action} the Palette emulator at ${this.url}: ` +
        `it answered HTTP ${status}. Is it still running?`,
      { host: this.url, status },
    );
  }
}

/** Connection counts of an emulator. */
export interface EmulatorConnectionStats {
  /** TCP connections accepted, the emulator's own admin calls included. */
  readonly connections: number;

  /** TLS handshakes that failed, typically because the client refused the certificate. */
  readonly failedTlsHandshakes: number;
}

function readMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    return typeof message === 'string' ? message : 'no reason given.';
  } catch {
    return 'no reason given.';
  }
}
