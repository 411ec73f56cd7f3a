import { Readable } from 'node:stream';

/** The signals that ask a long-running command to stop: Ctrl-C and a supervisor's request. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Resolves once the process is asked to stop by a signal, or once `stdin` closes when given.
 *
 * Watching stdin is how a parent that started this process as a pipe ends it without a signal,
 * and how it still ends when the parent dies: the pipe closes either way.
 */
export function untilStopped(stdin?: Readable): Promise<string> {
  return new Promise((resolve) => {
    const stop = (reason: string): void => {
      for (const signal of STOP_SIGNALS) {
        process.off(signal, onSignal);
      }
      resolve(reason);
    };
    const onSignal = (signal: NodeJS.Signals): void => stop(signal);

    for (const signal of STOP_SIGNALS) {
      process.on(signal, onSignal);
    }
    if (stdin?.readableEnded === true) {
      stop('stdin closed');
      return;
    }
    stdin?.once('end', () => stop('stdin closed'));
    stdin?.once('close', () => stop('stdin closed'));
    stdin?.resume();
  });
}

/**
 * Reads `stdin` up to its first newline (or its end, if none comes) without closing it, so that
 * {@link untilStopped} can still watch it. Whatever follows the first line is ignored.
 */
export function readFirstLine(stdin: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.off('end', finish);
      stdin.off('error', reject);
      stdin.pause();
      const newline = text.indexOf('\n');
      resolve(newline < 0 ? text : text.slice(0, newline));
    };
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString();
      if (text.includes('\n')) {
        finish();
      }
    };

    stdin.on('data', onData);
    stdin.once('end', finish);
    stdin.once('error', reject);
  });
}
