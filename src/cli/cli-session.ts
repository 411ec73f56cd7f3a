import { CliLogin } from './login-flags';
import { sessionIdentity } from '../cache/cache-entry';
import { obtainSession } from '../cache/cached-session';
import { CLIENT_DEFAULTS } from '../client/client-options';
import { PaletteClient } from '../client/palette-client';
import { PaletteSession } from '../client/token-response';

/**
 * A token for a command, got as a synth gets one: from the token cache while it lasts (no
 * request), else by a refresh, else by a password login, and cached for the next synth. Commands
 * that must check the password itself log in directly instead.
 */
export function cliSession(login: CliLogin, minValiditySeconds: number): Promise<PaletteSession> {
  const { settings } = login;
  const client = new PaletteClient(settings.endpoint, login.client);
  return obtainSession(
    {
      identity: sessionIdentity(settings),
      minValiditySeconds,
      cacheDirectory: login.cacheDirectory,
      lockWaitMs: login.client.deadlineMs ?? CLIENT_DEFAULTS.deadlineMs,
    },
    {
      login: () => client.authenticate(settings),
      refresh: (token) => client.refresh(token, settings.org),
    },
  );
}
