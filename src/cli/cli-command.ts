import { Readable, Writable } from 'node:stream';

/** The streams and environment a command works with, passed in rather than reached for. */
export interface CliContext {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * One subcommand of `palette-credentials`. Each lives in its own file under `commands/` and is
 * listed once in `main.ts`, so adding one touches nothing else.
 */
export interface CliCommand {
  /** The word that selects it, for example `emulator`. */
  readonly name: string;

  /** One line for the command list of `--help`. */
  readonly summary: string;

  /** The full text of `palette-credentials <name> --help`. */
  readonly usage: string;

  /**
   * Runs the command with the arguments after its name.
   *
   * @returns the exit code, once the command has finished (a server: once it has stopped)
   * @throws CliUsageError when the arguments are wrong; the caller prints the usage
   */
  run(args: string[], context: CliContext): Promise<number>;
}

/** The command line was wrong: the caller prints the message and the usage and exits with 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The exit code of a wrong command line, as POSIX utilities use it. */
export const USAGE_EXIT_CODE = 2;
