import { EmulatorAdminClient } from './emulator-admin-client';
import { parseEmulatorConfig } from './emulator-config';
import { EmulatorProcess, spawnEmulatorProcess } from './emulator-process';
import { PaletteEmulatorOptions } from './palette-emulator-options';

/** A running emulator's process, and the client that talks to its admin routes. */
export interface LaunchedEmulator {
  readonly child: EmulatorProcess;
  readonly admin: EmulatorAdminClient;
}

/**
 * Checks the options, starts the emulator's process and connects its admin client.
 *
 * It lives apart from `PaletteEmulator`, which every synth loads with the library, so that the
 * modules that start and talk to a server are loaded only when an emulator is started.
 *
 * @throws PaletteConfigurationError when the options are invalid, before any process starts
 */
export async function launchEmulator(options: PaletteEmulatorOptions): Promise<LaunchedEmulator> {
  parseEmulatorConfig(options);
  const child = await spawnEmulatorProcess(options);
  return { child, admin: new EmulatorAdminClient(child.url, options.tlsCertificatePath) };
}
