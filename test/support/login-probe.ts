import { TerraformStack, Testing } from 'cdktf';
import {
  EmulatorUser,
  PaletteCredentials,
  PaletteCredentialsProps,
  PaletteEmulator,
} from '../../src';
import { PaletteCredentialsError } from '../../src/errors';

/** How one login through the construct ended, and how long it took. */
export interface LoginProbe {
  readonly credentials: PaletteCredentials;

  /** @default - the login succeeded */
  readonly error?: PaletteCredentialsError;

  readonly elapsedMs: number;
}

/**
 * Creates a `PaletteCredentials` in a fresh app and waits for its login, as a synth would, on
 * this thread. The token cache is off, so that every probe sends its own requests.
 */
export function probeLogin(props: PaletteCredentialsProps): LoginProbe {
  const stack = new TerraformStack(Testing.app(), 'probe');
  const credentials = new PaletteCredentials(stack, 'palette', { cache: false, ...props });

  const started = Date.now();
  try {
    void credentials.expiresAt;
    return { credentials, elapsedMs: Date.now() - started };
  } catch (error) {
    if (!(error instanceof PaletteCredentialsError)) {
      throw error;
    }
    return { credentials, error, elapsedMs: Date.now() - started };
  }
}

/** The password logins of `emailId` the emulator has seen, faulted or not. */
export async function loginsOf(emulator: PaletteEmulator, emailId: string) {
  const requests = await emulator.requests();
  return requests.filter(
    (request) => request.path === '/v1/auth/authenticate' && request.emailId === emailId,
  );
}

/**
 * Emulator accounts handed out one per probe: one process shares a login per user and never
 * repeats a failed one, so each probe that must send requests of its own needs its own user.
 */
export class UserPool {
  public readonly users: EmulatorUser[];
  private handedOut = 0;

  constructor(prefix: string, size: number, org: string, password: string) {
    this.users = Array.from({ length: size }, (_, index) => ({
      emailId: `${prefix}-${index + 1}@palette.example`,
      org,
      password,
    }));
  }

  /** The email of a user no probe has used yet. */
  public next(): string {
    const user = this.users[this.handedOut++];
    if (user === undefined) {
      throw new Error(`The pool of ${this.users.length} users is used up; make it larger.`);
    }
    return user.emailId;
  }
}
