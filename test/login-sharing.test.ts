/*
 * Logins within one synth process: one per credential set however many constructs use it, and
 * every credential set at once rather than one after another. The proof is the emulator's
 * request log, never a stopwatch: `npm run bench` measures the time.
 */
import { DataResource, TerraformStack, Testing } from 'cdktf';
import { PaletteCredentials, PaletteEmulator } from '../src';

const ORG = 'Sharing-Org';
const PASSWORD = 'sharing-marker-password-3f9a';
const SETS = 10;
const SHARED_USER = 'shared@palette.example';
const USERS = Array.from({ length: SETS }, (_, i) => `set-${i}@palette.example`);

// Long enough that logins made one after another could never all arrive within it.
const RESPONSE_DELAY_MS = 1_000;

let emulator: PaletteEmulator;

beforeAll(async () => {
  emulator = await PaletteEmulator.start({
    users: [SHARED_USER, ...USERS].map((emailId) => ({ emailId, org: ORG, password: PASSWORD })),
    responseDelayMs: RESPONSE_DELAY_MS,
    // Ten logins at once exceed Palette's burst of five from one address; this test is about
    // the library's concurrency, not the server's limit.
    loginRateLimit: { perSecond: 100, burst: SETS },
  });
});

afterAll(async () => {
  await emulator?.stop();
});

function credentials(scope: TerraformStack, emailId: string): PaletteCredentials {
  return new PaletteCredentials(scope, 'palette', {
    host: emulator.url,
    org: ORG,
    emailId,
    password: PASSWORD,
    // The cross-process cache would answer later tests; these are about one process alone.
    cache: false,
  });
}

test('100 stacks with the same credential set share one login request', async () => {
  const app = Testing.app();
  const stacks = Array.from({ length: 100 }, (_, i) => new TerraformStack(app, `stack-${i}`));
  const sets = stacks.map((stack) => credentials(stack, SHARED_USER));
  stacks.forEach((stack, i) => new DataResource(stack, 'uses', { input: sets[i].token }));

  const tokens = new Set(
    stacks.map((stack) => JSON.parse(Testing.synth(stack)).output.palette_token.value),
  );

  const logins = (await emulator.requests()).filter((r) => r.emailId === SHARED_USER);
  expect(logins.map((r) => `${r.path} ${r.status}`)).toEqual(['/v1/auth/authenticate 200']);
  expect(tokens.size).toBe(1);
});

test('distinct credential sets log in concurrently, not one after another', async () => {
  await emulator.clearRequests();
  const app = Testing.app();
  const sets = USERS.map((emailId, i) => credentials(new TerraformStack(app, `set-${i}`), emailId));

  // Reading the expiry waits for each login in turn, as a synth would.
  const expiries = sets.map((set) => set.expiresAt);

  const logins = (await emulator.requests()).filter((r) => r.path === '/v1/auth/authenticate');
  expect(logins.map((r) => r.status)).toEqual(Array(SETS).fill(200));
  expect(expiries.every((expiry) => expiry !== '')).toBe(true);
  // Every answer leaves the emulator RESPONSE_DELAY_MS after its request arrived. All ten
  // arrived within that time of the first, so each had arrived before any answer was sent.
  const arrivals = logins.map((r) => Date.parse(r.at));
  expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(RESPONSE_DELAY_MS);
});
