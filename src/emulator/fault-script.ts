import { EmulatorFault, EmulatorFaultKind } from './emulator-fault';

const FAULT_FIELDS = ['kind', 'status', 'headers', 'body', 'contentType', 'bodyRepeat', 'delayMs'];
const KINDS = Object.values(EmulatorFaultKind) as string[];
const MAX_DELAY_MS = 600_000;
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_QUEUED = 1000;

/**
 * The faults queued for each request path, served first in, first out: a request to a path with
 * a queued fault gets that fault instead of its normal answer, and once the queue is empty the
 * path answers normally again.
 */
export class FaultScript {
  private readonly queues = new Map<string, EmulatorFault[]>();

  /** Queues `faults` after any already queued for `path`. */
  public add(path: string, faults: readonly EmulatorFault[]): void {
    const queue = this.queues.get(path) ?? [];
    if (queue.length + faults.length > MAX_QUEUED) {
      throw new Error(`At most ${MAX_QUEUED} faults can wait for one path.`);
    }
    this.queues.set(path, [...queue, ...faults]);
  }

  /** The next fault for `path`, removed from its queue, or `undefined` to answer normally. */
  public take(path: string): EmulatorFault | undefined {
    const queue = this.queues.get(path);
    const fault = queue?.shift();
    if (queue?.length === 0) {
      this.queues.delete(path);
    }
    return fault;
  }

  /** Forgets every queued fault. */
  public clear(): void {
    this.queues.clear();
  }
}

/**
 * Checks a fault script that arrived as JSON: `{ path, faults: [...] }`.
 *
 * @returns the path and faults, or a message saying what is wrong
 */
export function parseFaultScript(
  value: unknown,
): { path: string; faults: EmulatorFault[] } | string {
  if (!isRecord(value) || typeof value.path !== 'string' || !Array.isArray(value.faults)) {
    return 'The body must be {"path": "/v1/...", "faults": [...]}.';
  }
  if (!value.path.startsWith('/') || value.path.startsWith('/__emulator/')) {
    return 'path must be a request path such as /v1/auth/authenticate, outside /__emulator/.';
  }

  const faults: EmulatorFault[] = [];
  for (const [index, fault] of value.faults.entries()) {
    const problem = faultProblem(fault);
    if (problem !== undefined) {
      return `faults[${index}]: ${problem}`;
    }
    faults.push(fault as EmulatorFault);
  }
  return { path: value.path, faults };
}

function faultProblem(fault: unknown): string | undefined {
  if (!isRecord(fault)) {
    return 'must be an object.';
  }
  const unknown = Object.keys(fault).filter((key) => !FAULT_FIELDS.includes(key));
  if (unknown.length > 0) {
    return `unknown fields ${unknown.join(', ')}; the known ones are ${FAULT_FIELDS.join(', ')}.`;
  }
  if (fault.kind !== undefined && !KINDS.includes(fault.kind as string)) {
    return `kind must be one of ${KINDS.join(', ')}.`;
  }
  if (!isIntegerIn(fault.status, 100, 599)) {
    return 'status must be an integer from 100 to 599.';
  }
  if (!isIntegerIn(fault.delayMs, 0, MAX_DELAY_MS)) {
    return `delayMs must be an integer from 0 to ${MAX_DELAY_MS}.`;
  }
  if (!isIntegerIn(fault.bodyRepeat, 1, 1_000_000)) {
    return 'bodyRepeat must be an integer from 1 to 1000000.';
  }
  if (!isStringOrMissing(fault.body) || !isStringOrMissing(fault.contentType)) {
    return 'body and contentType must be strings.';
  }
  const repeat = (fault.bodyRepeat as number | undefined) ?? 1;
  if (Buffer.byteLength((fault.body as string | undefined) ?? '') * repeat > MAX_BODY_BYTES) {
    return 'the body, repeated, must stay within 16 MiB.';
  }
  const headers = fault.headers;
  if (
    headers !== undefined &&
    (!isRecord(headers) || Object.values(headers).some((header) => typeof header !== 'string'))
  ) {
    return 'headers must map names to strings.';
  }
  return undefined;
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return (
    value === undefined ||
    (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)
  );
}

function isStringOrMissing(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
