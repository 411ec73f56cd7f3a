/** Which compiled benchmark app a scenario runs. */
export type BenchApp = 'plain-app' | 'credentials-app' | 'got-today-app';

/** One row of the benchmark: an app, the server it talks to and the state of the token cache. */
export interface Scenario {
  /** The letter of the list, or the baseline's name. */
  readonly id: string;
  readonly title: string;
  readonly app: BenchApp;
  readonly stacks: number;
  /** Distinct credential sets; stacks take them in turn. */
  readonly credentialSets: number;
  /** `cold`: an empty cache each run. `warm`: a cache filled before the first timed run. */
  readonly cache: 'cold' | 'warm' | 'unused';
  /** Whether the server answers after {@link SLOW_SERVER_DELAY_MS}. */
  readonly slowServer: boolean;
  /** Whether the app reports how long it waited for its tokens. */
  readonly measureLogin: boolean;
  /** The scenario this one is compared with: the same app without PaletteCredentials. */
  readonly baseline: string;
}

/** The latency of the server in scenario (e). */
export const SLOW_SERVER_DELAY_MS = 200;

const defaults = { stacks: 2, credentialSets: 1, slowServer: false, measureLogin: false };

/** Every scenario, in the order of the table. */
export const SCENARIOS: readonly Scenario[] = [
  {
    ...defaults,
    id: 'a',
    title: 'without PaletteCredentials (baseline)',
    app: 'plain-app',
    cache: 'unused',
    baseline: 'a',
  },
  {
    ...defaults,
    id: 'a100',
    title: '100 stacks without PaletteCredentials (baseline of d)',
    app: 'plain-app',
    stacks: 100,
    cache: 'unused',
    baseline: 'a100',
  },
  { ...defaults, id: 'b', title: 'cold cache', app: 'credentials-app', cache: 'cold', baseline: 'a' },
  { ...defaults, id: 'c', title: 'warm cache', app: 'credentials-app', cache: 'warm', baseline: 'a' },
  {
    ...defaults,
    id: 'd',
    title: '100 stacks, one credential set (cold cache)',
    app: 'credentials-app',
    stacks: 100,
    cache: 'cold',
    baseline: 'a100',
  },
  {
    ...defaults,
    id: 'e',
    title: `10 credential sets, ${SLOW_SERVER_DELAY_MS} ms server latency (cold cache)`,
    app: 'credentials-app',
    stacks: 10,
    credentialSets: 10,
    cache: 'cold',
    slowServer: true,
    measureLogin: true,
    baseline: 'a',
  },
  {
    ...defaults,
    id: 'f',
    title: 'today without this library: top-level `await got.post(...)`',
    app: 'got-today-app',
    cache: 'unused',
    baseline: 'a',
  },
];
