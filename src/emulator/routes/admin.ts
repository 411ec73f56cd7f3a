import { ConnectionCounts } from '../emulator-listener';
import { FaultScript, parseFaultScript } from '../fault-script';
import { RequestLog } from '../request-log';
import { Route, v1Error } from '../route';

/**
 * The emulator-only endpoints that let a test read and reset the request log. They live under
 * `/__emulator/`, where the real Palette API has nothing.
 *
 * `GET /__emulator/requests` answers the entries, oldest first; `DELETE /__emulator/requests`
 * forgets them. Neither is itself logged, so reading the log does not change it.
 */
export function adminRoutes(log: RequestLog): Route[] {
  const pattern = /^\/__emulator\/requests$/;
  return [
    {
      method: 'GET',
      pattern,
      unlogged: true,
      answer: async () => ({ status: 200, body: log.list() }),
    },
    {
      method: 'DELETE',
      pattern,
      unlogged: true,
      answer: async () => {
        log.clear();
        return { status: 204 };
      },
    },
  ];
}

/**
 * The emulator-only endpoints that script faults: `POST /__emulator/faults` with
 * `{path, faults}` queues answers for the next requests to `path`, `DELETE /__emulator/faults`
 * forgets them, and `GET /__emulator/connections` counts connections and failed TLS handshakes.
 */
export function faultRoutes(faults: FaultScript, counts: ConnectionCounts): Route[] {
  const pattern = /^\/__emulator\/faults$/;
  return [
    {
      method: 'POST',
      pattern,
      unlogged: true,
      answer: async (call) => {
        const script = parseFaultScript(parseJson(await call.readBody()));
        if (typeof script === 'string') {
          return v1Error(400, 'BadRequest', script);
        }
        faults.add(script.path, script.faults);
        return { status: 204 };
      },
    },
    {
      method: 'DELETE',
      pattern,
      unlogged: true,
      answer: async () => {
        faults.clear();
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: /^\/__emulator\/connections$/,
      unlogged: true,
      answer: async () => ({ status: 200, body: { ...counts } }),
    },
  ];
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
