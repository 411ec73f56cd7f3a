#!/usr/bin/env node
import { CliCommand, CliContext, CliUsageError, USAGE_EXIT_CODE } from './cli-command';
import { apiKeysCommand } from './commands/api-keys';
import { cacheCommand } from './commands/cache';
import { emulatorCommand } from './commands/emulator';
import { loginCommand } from './commands/login';
import { tokenCommand } from './commands/token';
import { EXIT_CODES_HELP, exitCodeOf } from './exit-codes';

/** Every subcommand; a new one is a file under `commands/` and one entry here. */
const COMMANDS: readonly CliCommand[] = [
  loginCommand,
  tokenCommand,
  apiKeysCommand,
  emulatorCommand,
  cacheCommand,
];

const PROGRAM = 'palette-credentials';

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length)) + 3;
  const list = COMMANDS.map((command) => `  ${command.name.padEnd(width)}${command.summary}`);
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...list,
    '',
    `Run \`${PROGRAM} <command> --help\` for the options of a command.`,
    '',
    EXIT_CODES_HELP,
  ].join('\n');
}

/**
 * Runs the command line `args` (without the node and script paths) and returns the exit code:
 * 0 on success, 2 when the command line or a setting was wrong, and the other codes of
 * {@link EXIT_CODES_HELP} when the command failed.
 *
 * Failures print their message only, never a stack: messages of this library are written to be
 * read and hold no secret, while a stack adds nothing a user can act on.
 */
export async function main(args: string[], context: CliContext): Promise<number> {
  const [name, ...rest] = args;
  if (name === '--help' || name === '-h' || name === 'help') {
    context.stdout.write(usage());
    return 0;
  }

  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    const problem = name === undefined ? 'No command given.' : `Unknown command "${name}".`;
    context.stderr.write(`${PROGRAM}: ${problem}\n\n${usage()}`);
    return USAGE_EXIT_CODE;
  }

  // Every command has a usage text, so --help is answered here once, before any option parsing.
  if (rest.includes('--help') || rest.includes('-h')) {
    context.stdout.write(command.usage);
    return 0;
  }

  try {
    return await command.run(rest, context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.stderr.write(`${PROGRAM} ${command.name}: ${message}\n`);
    if (error instanceof CliUsageError) {
      context.stderr.write(`\n${command.usage}`);
      return USAGE_EXIT_CODE;
    }
    return exitCodeOf(error);
  }
}

if (require.main === module) {
  const context = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  void main(process.argv.slice(2), { ...context, env: process.env }).then((code) => {
    process.exitCode = code;
  });
}
