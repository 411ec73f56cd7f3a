import { writeSync } from 'node:fs';
import { debuglog, format } from 'node:util';

/** What a trace channel prints: a `util.format` message and its arguments. */
export type Trace = (message: string, ...args: unknown[]) => void;

/**
 * A debug channel that `NODE_DEBUG=<section>` turns on, as `util.debuglog(section)`, in the same
 * form (`SECTION <pid>: message`), but written to stderr at once.
 *
 * Most traces are written in the login worker, whose `process.stderr` only hands lines to the
 * synth thread, which prints them when its event loop next runs. The synth thread waits in
 * `Atomics.wait` while the worker works, and the worker is ended as soon as its last outcome is
 * collected, so that lines written through `process.stderr` are lost with it, all but the first.
 *
 * Tracing never makes a login fail: a line that cannot be written is dropped.
 */
export function traceChannel(section: string): Trace {
  if (!debuglog(section).enabled) {
    return () => undefined;
  }
  const prefix = `${section.toUpperCase()} ${process.pid}: `;
  return (message, ...args) => {
    try {
      writeSync(2, `${prefix}${format(message, ...args)}\n`);
    } catch {
      // stderr closed or full: the trace is optional.
    }
  };
}
