import { RequestLog } from '../request-log';
import { Route } from '../route';

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
