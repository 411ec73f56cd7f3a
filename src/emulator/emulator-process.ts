import { ChildProcess, spawn } from 'node:child_process';
import { PaletteCredentialsError } from '../errors';
import { PaletteEmulatorOptions } from './palette-emulator-options';
import { compiledScript } from '../internal/compiled-script';

/** How long a child gets to print its URL; far more than the ~100 ms it normally takes. */
const START_TIMEOUT_MS = 15_000;

/** How long `stop` waits after each step (closing stdin, SIGTERM) before taking the next. */
const STOP_GRACE_MS = 3_000;

/** The most of the child's stderr kept to explain a failed start. */
const STDERR_LIMIT = 4096;

/** An emulator running in a child process. */
export interface EmulatorProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts `palette-credentials emulator --json` in a child process and waits for its URL.
 *
 * The options, passwords included, travel as one JSON line on the child's stdin: a command line
 * or an environment is readable by other processes of the machine, a pipe is not. The child
 * keeps reading stdin and exits when it closes, so it dies with this process however this
 * process ends. The child and its pipes are unreferenced, so a forgotten emulator never keeps
 * this process alive.
 */
export async function spawnEmulatorProcess(
  options: PaletteEmulatorOptions,
): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [compiledScript('cli/main.js'), 'emulator', '--json'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  // A child that dies early breaks the pipe; the exit handler below reports why.
  child.stdin?.on('error', () => undefined);
  child.stdin?.write(`${JSON.stringify(options)}\n`);

  const url = await waitForUrl(child);
  for (const handle of [child, child.stdin, child.stdout, child.stderr]) {
    (handle as unknown as { unref?: () => void } | null)?.unref?.();
  }
  return { url, stop: () => stopChild(child) };
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (why: string): void => {
      cleanUp();
      child.kill('SIGKILL');
      const detail = stderr.trim() === '' ? '' : ` It said: ${stderr.trim()}`;
      reject(
        new PaletteCredentialsError(
          'EMULATOR_START_FAILED',
          `The Palette emulator did not start: ${why}.${detail}`,
        ),
      );
    };
    const onStdout = (chunk: Buffer): void => {
      stdout += chunk.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline < 0) {
        return;
      }
      const url = readUrl(stdout.slice(0, newline));
      if (url === undefined) {
        fail('its first line of output was not the expected {"url": ...}');
        return;
      }
      cleanUp();
      resolve(url);
    };
    const onStderr = (chunk: Buffer): void => {
      stderr = (stderr + chunk.toString('utf8')).slice(0, STDERR_LIMIT);
    };
    const onExit = (code: number | null, signal: string | null): void => {
      fail(`its process ended (${signal ?? `exit code ${code}`}) before it was ready`);
    };
    const onError = (error: Error): void => fail(`its process could not run (${error.message})`);
    const timer = setTimeout(() => fail(`no URL within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const cleanUp = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onStdout);
      child.off('exit', onExit);
      child.off('error', onError);
      // Keep draining both pipes, so that a chatty child never blocks on a full one.
      child.stdout?.resume();
      child.stderr?.resume();
    };

    child.stdout?.on('data', onStdout);
    child.stderr?.on('data', onStderr);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

function readUrl(line: string): string | undefined {
  try {
    const { url } = JSON.parse(line) as { url?: unknown };
    return typeof url === 'string' && /^https?:\/\/127\.0\.0\.1:/.test(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Ends the child politely (stdin closed), then firmly (SIGTERM), then for sure (SIGKILL). */
async function stopChild(child: ChildProcess): Promise<void> {
  const steps = [
    () => child.stdin?.end(),
    () => child.kill('SIGTERM'),
    () => child.kill('SIGKILL'),
  ];
  for (const step of steps) {
    if (hasExited(child)) {
      return;
    }
    step();
    await exitWithin(child, STOP_GRACE_MS);
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function exitWithin(child: ChildProcess, milliseconds: number): Promise<void> {
  return new Promise((resolve) => {
    if (hasExited(child)) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      child.off('exit', done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    child.once('exit', done);
  });
}
