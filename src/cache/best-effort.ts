/**
 * Runs a step the cache can do without: a folder that cannot be prepared or an entry that cannot
 * be written must never fail a login or a key, only cost the next synth a request.
 *
 * @param onFailure told the failure's code (an errno code such as `EACCES`, else the class name)
 * @returns whether the step succeeded
 */
export function bestEffort(step: () => void, onFailure: (code: string) => void): boolean {
  try {
    step();
    return true;
  } catch (error) {
    onFailure(errorCode(error));
    return false;
  }
}

/** What to call a failure in a trace line: never its message, which may quote a path or data. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') {
    return code;
  }
  return error instanceof Error ? error.constructor.name : 'unknown error';
}
