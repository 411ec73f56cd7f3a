import { EmulatorRequest } from './emulator-request';

/** The placeholder that stands for a token in a logged path. */
export const TOKEN_PLACEHOLDER = '{token}';

/** The placeholder that stands for a path segment that held a password. */
const SECRET_PLACEHOLDER = '{redacted}';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** How many requests a log keeps before it forgets the oldest. */
export const DEFAULT_REQUEST_LOG_LIMIT = 1000;

/**
 * The emulator's record of the requests it answered, oldest first.
 *
 * It keeps the last `limit` entries so that an emulator left running does not grow without
 * bound. Entries are built by the server from fields it chose, never from bodies or headers.
 */
export class RequestLog {
  private readonly entries: EmulatorRequest[] = [];

  constructor(private readonly limit: number = DEFAULT_REQUEST_LOG_LIMIT) {}

  /** Adds an entry, forgetting the oldest one when the log is full. */
  public record(entry: EmulatorRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) {
      this.entries.shift();
    }
  }

  /** A copy of the entries, oldest first. */
  public list(): EmulatorRequest[] {
    return [...this.entries];
  }

  /** Forgets every entry, so that a test can assert on the requests of one step only. */
  public clear(): void {
    this.entries.length = 0;
  }
}

/**
 * Makes a request path safe to log when it matched no route: any segment shaped like a JWT
 * becomes `{token}`, and any segment that contains one of the `secrets` becomes `{redacted}`.
 *
 * A misbehaving client is exactly what the log exists to reveal, so the path of an unknown route
 * is kept, minus anything that could be a credential it put there by mistake.
 */
export function redactPath(pathname: string, secrets: readonly string[]): string {
  return pathname
    .split('/')
    .map((segment) => {
      const decoded = safeDecode(segment);
      if (JWT_SHAPE.test(decoded)) {
        return TOKEN_PLACEHOLDER;
      }
      const holdsSecret = secrets.some((secret) => decoded.includes(secret));
      return holdsSecret ? SECRET_PLACEHOLDER : segment;
    })
    .join('/');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
