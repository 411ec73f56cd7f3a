import { inspect } from 'node:util';

/**
 * Every place in or around `error` where one of `secrets` shows: its message and stack, every
 * own property (hidden and symbol-keyed ones included) of it and of everything it refers to, its
 * cause chain, `util.inspect` with hidden properties at full depth, `JSON.stringify` and
 * `String`.
 *
 * @returns the places, such as `error.cause.options`, or an empty list when nothing leaked
 */
export function secretExposures(error: unknown, secrets: readonly string[]): string[] {
  const places = new Set<string>();
  const check = (place: string, text: string | undefined): void => {
    if (text !== undefined && secrets.some((secret) => text.includes(secret))) {
      places.add(place);
    }
  };

  visit(error, 'error', new Set(), check);
  check('util.inspect', inspect(error, { showHidden: true, depth: null, getters: true }));
  check('JSON.stringify', safely(() => JSON.stringify(error)));
  check('String', safely(() => String(error)));

  let cause = (error as { cause?: unknown } | undefined)?.cause;
  for (let depth = 0; cause !== undefined && depth < 10; depth++) {
    check(`cause[${depth}]`, inspect(cause, { showHidden: true, depth: null }));
    cause = (cause as { cause?: unknown }).cause;
  }
  return [...places];
}

function visit(
  value: unknown,
  place: string,
  seen: Set<unknown>,
  check: (place: string, text: string | undefined) => void,
): void {
  if (typeof value === 'string') {
    check(place, value);
    return;
  }
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
    check(place, value === undefined ? undefined : String(value));
    return;
  }
  if (seen.has(value) || seen.size > 10_000) {
    return;
  }
  seen.add(value);

  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    const child =
      descriptor !== undefined && 'value' in descriptor
        ? descriptor.value
        : safely(() => (value as Record<PropertyKey, unknown>)[key]);
    check(`${place} key`, String(key));
    visit(child, `${place}.${String(key)}`, seen, check);
  }
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
