import { ApiKeyCache } from '../../cache/api-key-cache';
import { DEFAULT_MIN_VALIDITY_SECONDS } from '../../cache/cache-settings';
import { API_KEY_NAME_PREFIX } from '../../client/api-key-name';
import { ApiKeyListing, PaletteApiKeys } from '../../client/api-keys';
import { CliCommand, CliContext, CliUsageError } from '../cli-command';
import { cliSession } from '../cli-session';
import { EXIT_CODES, EXIT_CODES_HELP } from '../exit-codes';
import {
  CliLogin,
  LOGIN_OPTIONS,
  LOGIN_OPTIONS_HELP,
  loginFlags,
  parseCommandLine,
  resolveCliLogin,
} from '../login-flags';

const PREFIX = API_KEY_NAME_PREFIX;

const USAGE = `Usage: palette-credentials api-keys list [--match TEXT] [login options]
       palette-credentials api-keys remove [--match TEXT] [--dry-run] [login options]

Lists, or deletes, the Palette API keys this library minted for the user (PaletteApiKey):
those whose name starts with "${PREFIX}". Keys with any other name are never
touched. Prints names, uids and expiry dates, never a key.

Deleting a key revokes it at once: a stack that still holds it fails at its next plan, until a
synth mints a new one. remove also forgets the deleted keys in this machine's token cache, so
that the next synth here mints a new key; other machines keep handing out their cached copy
until it expires, or until "palette-credentials cache clear" there.

Options:
  --match TEXT   only keys whose name contains TEXT, for example a stack name
  --dry-run      remove: list what would be deleted, delete nothing

${LOGIN_OPTIONS_HELP}
${EXIT_CODES_HELP}`;

const OPTIONS = {
  ...LOGIN_OPTIONS,
  'match': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
} as const;

/**
 * `palette-credentials api-keys list|remove`: finds the API keys `PaletteApiKey` minted, by
 * their name prefix, and deletes them on request. It authenticates with a token as a synth gets
 * one (cache, refresh, password).
 */
export const apiKeysCommand: CliCommand = {
  name: 'api-keys',
  summary: 'List or remove the API keys this library minted (`api-keys list|remove`)',
  usage: USAGE,
  run: async (args, context) => {
    const { values, positionals } = parseCommandLine(args, OPTIONS);
    const [action, ...extra] = positionals;
    if (action !== 'list' && action !== 'remove') {
      const problem = action === undefined ? 'No action given.' : 'Unknown action.';
      throw new CliUsageError(`${problem} The actions are "list" and "remove".`);
    }
    if (extra.length > 0 || (action === 'list' && values['dry-run'] === true)) {
      throw new CliUsageError(`Unexpected arguments after "${action}".`);
    }

    const login = await resolveCliLogin(loginFlags(values), context);
    const session = await cliSession(login, DEFAULT_MIN_VALIDITY_SECONDS);
    const keys = new PaletteApiKeys(login.settings.endpoint, login.client);
    const match = values.match as string | undefined;
    const minted = (await keys.list(session.token, login.settings.org)).filter(
      (key) => key.name.startsWith(PREFIX) && (match === undefined || key.name.includes(match)),
    );

    if (action === 'list' || values['dry-run'] === true) {
      const verb = action === 'list' ? 'minted by cdktf-palette-credentials' : 'would be removed';
      minted.forEach((key) => context.stdout.write(`${describeKey(key)}\n`));
      context.stdout.write(`${count(minted.length)} ${verb}.\n`);
      return EXIT_CODES.ok;
    }
    return remove(minted, keys, session.token, login, context);
  },
};

async function remove(
  minted: ApiKeyListing[],
  keys: PaletteApiKeys,
  token: string,
  login: CliLogin,
  context: CliContext,
): Promise<number> {
  const removed = new Set<string>();
  try {
    for (const key of minted) {
      const existed = await keys.remove(token, key.uid, login.settings.org);
      removed.add(key.uid);
      context.stdout.write(`${existed ? 'Removed' : 'Already gone'}: ${describeKey(key)}\n`);
    }
  } finally {
    // Even after a failure, the keys deleted so far must not be handed out again.
    if (login.cacheDirectory !== undefined && removed.size > 0) {
      new ApiKeyCache(login.cacheDirectory).forget(removed);
    }
  }
  context.stdout.write(`Removed ${count(removed.size)} minted by cdktf-palette-credentials.\n`);
  return EXIT_CODES.ok;
}

function describeKey(key: ApiKeyListing): string {
  return `${key.name}  uid ${key.uid}  expires ${key.expiry ?? 'never'}`;
}

function count(keys: number): string {
  return keys === 1 ? '1 API key' : `${keys} API keys`;
}
