import { parseArgs } from 'node:util';
import { DEMO_USER_ENVIRONMENT, demoUserFromEnvironment } from '../../emulator/demo-user';
import { parseEmulatorConfig } from '../../emulator/emulator-config';
import { EmulatorServerOptions, startEmulatorServer } from '../../emulator/emulator-server';
import { CliCommand, CliContext, CliUsageError } from '../cli-command';
import { readFirstLine, untilStopped } from '../process-lifetime';

const USAGE = `Usage: palette-credentials emulator [--port N] [--token-ttl MINUTES]
                                    [--response-delay MS] [--json]

Runs a local Palette API emulator on 127.0.0.1 for tests and demos, until Ctrl-C or SIGTERM.
It accepts one emulator-only demo account; ${DEMO_USER_ENVIRONMENT.emailId},
${DEMO_USER_ENVIRONMENT.org} and ${DEMO_USER_ENVIRONMENT.password} replace its fields.

Options:
  --port N              port to listen on (default 0: a free port)
  --token-ttl MINUTES   token lifetime in minutes (default 15)
  --response-delay MS   wait this long before every answer, like a distant server (default 0)
  --json                read the options (users included) as one JSON line on stdin, print
                        {"url": ...} as one line and run until stdin closes (PaletteEmulator
                        starts the emulator this way); fields of the JSON override the flags
  -h, --help            show this help
`;

/**
 * `palette-credentials emulator`: the Palette emulator as a process of its own.
 *
 * Its `--json` mode is the child side of `PaletteEmulator`; without it, it is a demo server
 * that prints where it listens and which account to use, never the password.
 */
export const emulatorCommand: CliCommand = {
  name: 'emulator',
  summary: 'Run a local Palette API emulator for tests and demos',
  usage: USAGE,
  run: async (args, context) => {
    const flags = parseFlags(args);
    return flags.json ? runForParent(flags, context) : runForPerson(flags, context);
  },
};

interface EmulatorFlags {
  readonly json: boolean;
  readonly port?: number;
  readonly tokenTtlMinutes?: number;
  readonly responseDelayMs?: number;
}

function parseFlags(args: string[]): EmulatorFlags {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        'port': { type: 'string' },
        'token-ttl': { type: 'string' },
        'response-delay': { type: 'string' },
        'json': { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }

  return {
    json: values.json === true,
    port: numericFlag('--port', values.port, /^\d+$/),
    tokenTtlMinutes: numericFlag('--token-ttl', values['token-ttl'], /^\d+(\.\d+)?$/),
    responseDelayMs: numericFlag('--response-delay', values['response-delay'], /^\d+$/),
  };
}

function numericFlag(name: string, value: string | undefined, shape: RegExp): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!shape.test(value)) {
    throw new CliUsageError(`${name} expects a number, not "${value}".`);
  }
  return Number(value);
}

/** The `--json` mode: options on stdin, the URL as one JSON line, run until stdin closes. */
async function runForParent(flags: EmulatorFlags, context: CliContext): Promise<number> {
  try {
    const options = await readParentOptions(flags, context);
    const emulator = await startEmulatorServer(options);
    context.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);

    await untilStopped(context.stdin);
    await emulator.close();
    return 0;
  } finally {
    // An open stdin keeps this process alive; a failed start must end it so the parent learns.
    context.stdin.destroy();
  }
}

async function readParentOptions(
  flags: EmulatorFlags,
  context: CliContext,
): Promise<EmulatorServerOptions> {
  const line = await readFirstLine(context.stdin);
  let fromStdin: unknown;
  try {
    fromStdin = line.trim() === '' ? {} : JSON.parse(line);
  } catch {
    // The line holds passwords, so the parser's message (which may quote it) is not repeated.
    throw new CliUsageError('--json expects one line of JSON on stdin.');
  }

  const fromFlags = flagOptions(flags);
  return parseEmulatorConfig({ ...fromFlags, ...asObject(fromStdin) });
}

/** The interactive mode: the demo account, a readable banner, run until Ctrl-C. */
async function runForPerson(flags: EmulatorFlags, context: CliContext): Promise<number> {
  const user = demoUserFromEnvironment(context.env);
  const options = parseEmulatorConfig({
    ...flagOptions(flags),
    users: [user],
  });
  const emulator = await startEmulatorServer(options);

  const passwordVariable = DEMO_USER_ENVIRONMENT.password;
  const passwordSource = isSet(context.env[passwordVariable])
    ? `the value of ${passwordVariable}`
    : `the built-in demo password (PaletteEmulator.DEMO_PASSWORD), or set ${passwordVariable}`;
  context.stdout.write(
    [
      `Palette API emulator listening on ${emulator.url}`,
      `  emailId:  ${user.emailId}`,
      `  org:      ${user.org}`,
      `  password: ${passwordSource}`,
      'Emulator-only: its tokens and the demo account work nowhere else.',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  await untilStopped();
  await emulator.close();
  context.stdout.write('Palette API emulator stopped.\n');
  return 0;
}

/** The emulator options the command line gave, leaving out the ones it did not. */
function flagOptions(flags: EmulatorFlags): Record<string, unknown> {
  return withoutUndefined({
    port: flags.port,
    tokenTtlMinutes: flags.tokenTtlMinutes,
    responseDelayMs: flags.responseDelayMs,
  });
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliUsageError('--json expects a JSON object on stdin.');
  }
  return value as Record<string, unknown>;
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}
