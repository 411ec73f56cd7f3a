import { readFileSync } from 'node:fs';
import { EmulatorTlsIdentity } from './emulator-listener';
import { PaletteConfigurationError } from '../errors';

/**
 * Reads the certificate and key an HTTPS emulator serves, checking that both or neither are
 * given, so that a half-configured emulator fails at start instead of serving plain HTTP.
 *
 * @returns `undefined` for plain HTTP
 */
export function readTlsIdentity(
  certificatePath: unknown,
  keyPath: unknown,
): EmulatorTlsIdentity | undefined {
  if (certificatePath === undefined && keyPath === undefined) {
    return undefined;
  }
  if (typeof certificatePath !== 'string' || typeof keyPath !== 'string') {
    throw invalid('tlsCertificatePath and tlsKeyPath must be given together, as file paths.');
  }
  return {
    certificate: readPem(certificatePath, 'tlsCertificatePath'),
    key: readPem(keyPath, 'tlsKeyPath'),
  };
}

function readPem(file: string, option: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw invalid(`${option} ${file} cannot be read (${reason}).`);
  }
  if (!text.includes('-----BEGIN ')) {
    throw invalid(`${option} ${file} is not a PEM file.`);
  }
  return text;
}

function invalid(message: string): PaletteConfigurationError {
  return new PaletteConfigurationError('INVALID_EMULATOR_OPTIONS', message);
}
