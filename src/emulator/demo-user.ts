import { EmulatorUser } from './palette-emulator-options';

/**
 * The account an emulator accepts when it is given none. Emulator-only: it exists so that a
 * first run needs no setup, and it works nowhere else.
 */
export const DEMO_USER: Required<EmulatorUser> = {
  emailId: 'demo@palette.example',
  org: 'demo-org',
  password: 'demo-password',
  mfa: false,
};

/** The environment variables that override the demo account when the CLI starts an emulator. */
export const DEMO_USER_ENVIRONMENT = {
  emailId: 'SPECTROCLOUD_USERNAME',
  org: 'SPECTROCLOUD_ORG',
  password: 'SPECTROCLOUD_PASSWORD',
} as const;

/**
 * The demo account with any field replaced by its environment variable, so that the CLI's
 * emulator accepts the same credentials a user has already exported for the library.
 */
export function demoUserFromEnvironment(environment: NodeJS.ProcessEnv): EmulatorUser {
  const pick = (field: keyof typeof DEMO_USER_ENVIRONMENT): string => {
    const value = environment[DEMO_USER_ENVIRONMENT[field]];
    return value !== undefined && value !== '' ? value : DEMO_USER[field];
  };
  return { emailId: pick('emailId'), org: pick('org'), password: pick('password') };
}
