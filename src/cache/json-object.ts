/**
 * The JSON object a cache file holds, or `undefined` for anything else: a corrupted, truncated
 * or foreign file is a cache miss, never an error.
 */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}
