import { randomBytes } from 'node:crypto';
import { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmulatorFault, EmulatorFaultKind } from './emulator-fault';
import { encodeJwtSegment } from '../jwt/claims';

/** What the request log records about a faulted request. */
export interface FaultRecord {
  /** The status sent, or 0 when the fault sent no answer. */
  readonly status: number;

  /** The fault's kind, for the log's `fault` field. */
  readonly kind: EmulatorFaultKind;
}

/**
 * Acts out one fault on a request whose body has already been read: the client has sent
 * everything, as it would have to a real server that then misbehaved.
 */
export async function performFault(
  fault: EmulatorFault,
  response: ServerResponse,
): Promise<FaultRecord> {
  const kind = fault.kind ?? EmulatorFaultKind.RESPOND;
  if (fault.delayMs !== undefined && fault.delayMs > 0) {
    await sleep(fault.delayMs);
  }

  switch (kind) {
    case EmulatorFaultKind.HANG:
      // Nothing is written; the server's close() ends the connection if the client never does.
      return { status: 0, kind };
    case EmulatorFaultKind.DROP_CONNECTION:
      response.socket?.destroy();
      return { status: 0, kind };
    case EmulatorFaultKind.RESPOND:
      return { status: respond(response, fault), kind };
    default:
      return { status: respondWithToken(response, badToken(kind)), kind };
  }
}

function respond(response: ServerResponse, fault: EmulatorFault): number {
  const status = fault.status ?? 200;
  const body = fault.body === undefined ? undefined : fault.body.repeat(fault.bodyRepeat ?? 1);
  response.writeHead(status, {
    ...(body === undefined ? {} : { 'Content-Type': fault.contentType ?? 'application/json' }),
    ...fault.headers,
  });
  response.end(body);
  return status;
}

function respondWithToken(response: ServerResponse, token: string): number {
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ Authorization: token, isMfa: false }));
  return 200;
}

/** A token of the requested defect; unsigned, as the client never checks signatures. */
function badToken(kind: EmulatorFaultKind): string {
  const now = Math.floor(Date.now() / 1000);
  const jti = randomBytes(16).toString('hex');
  const jwt = (claims: Record<string, unknown>): string =>
    `${encodeJwtSegment({ alg: 'HS256', typ: 'JWT' })}.${encodeJwtSegment(claims)}.` +
    randomBytes(32).toString('base64url');

  switch (kind) {
    case EmulatorFaultKind.TOKEN_WITHOUT_EXPIRY:
      return jwt({ iat: now, jti });
    case EmulatorFaultKind.EXPIRED_TOKEN:
      return jwt({ iat: now - 960, exp: now - 60, jti });
    case EmulatorFaultKind.TOKEN_NOT_A_JWT:
      return `opaque-${jti}`;
    default:
      return '';
  }
}

/** The `emailId` of a login body, so that a test can count one user's faulted logins too. */
export function loginEmailOf(body: string | undefined): string | undefined {
  try {
    const emailId = (JSON.parse(body ?? '') as { emailId?: unknown })?.emailId;
    return typeof emailId === 'string' ? emailId : undefined;
  } catch {
    return undefined;
  }
}
