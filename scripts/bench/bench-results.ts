import { Sample } from './scenario-run';
import { Scenario, SLOW_SERVER_DELAY_MS } from './scenarios';
import { markdown, median, medianWithInterval, ms, percent, signed } from './statistics';

/** The samples of one scenario. */
export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly samples: readonly Sample[];
}

/** One scenario reduced to the medians the table shows. */
interface Summary {
  readonly scenario: Scenario;
  readonly wallMs: number;
  readonly rssMb: number;
  readonly loginMs?: number;
  /** Requests per run, the same in every run or a range. */
  readonly requests: string;
  /** The largest number of requests any run made. */
  readonly maxRequests: number;
}

/** One (a) and one (c) run back to back. */
export interface WarmPair {
  readonly plain: Sample;
  readonly warm: Sample;
}

/** A target of the issue, and whether this run met it. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/**
 * The results as a Markdown table, ready for the README: medians of wall time, peak RSS and
 * login wait, requests per run, and ratios against the baseline measured in the same run.
 */
export function resultsTable(results: readonly ScenarioResult[]): string {
  const summaries = results.map(summarize);
  const byId = new Map(summaries.map((s) => [s.scenario.id, s]));
  const rows = summaries.map((s) => {
    const baseline = byId.get(s.scenario.baseline)!;
    const isBaseline = baseline === s;
    return [
      `(${s.scenario.id}) ${s.scenario.title}`,
      ms(s.wallMs),
      isBaseline ? '1.00' : (s.wallMs / baseline.wallMs).toFixed(2),
      s.requests,
      s.rssMb.toFixed(1),
      isBaseline ? '' : signed(s.rssMb - baseline.rssMb),
      s.loginMs === undefined ? '' : ms(s.loginMs),
    ];
  });
  return markdown(
    [
      'scenario',
      'wall (median)',
      'vs baseline',
      'requests per synth',
      'peak RSS MB',
      'RSS vs baseline',
      'login wait',
    ],
    rows,
  );
}

/** Each target of the issue, checked against the medians. */
export function targetChecks(
  results: readonly ScenarioResult[],
  roundTripMs: number,
  warmPairs: readonly WarmPair[],
): TargetCheck[] {
  const s = Object.fromEntries(results.map((r) => [r.scenario.id, summarize(r)]));
  const oneSlowRoundTrip = SLOW_SERVER_DELAY_MS + roundTripMs;
  const rssChecks = ['b', 'c', 'd', 'e'].map((id) => {
    const delta = s[id].rssMb - s[s[id].scenario.baseline].rssMb;
    return {
      target: `(${id}) peak RSS at most 20 MB above its baseline`,
      measured: `${signed(delta)} MB`,
      met: delta <= 20,
    };
  });

  return [
    warmCacheCheck(warmPairs),
    {
      target: '(c) makes no request',
      measured: `${s.c.requests} per synth`,
      met: s.c.maxRequests === 0,
    },
    {
      target: `(b) adds at most one round trip (${ms(roundTripMs)}) plus 100 ms to (a)`,
      measured: `+${ms(s.b.wallMs - s.a.wallMs)}`,
      met: s.b.wallMs - s.a.wallMs <= roundTripMs + 100,
    },
    {
      target: '(d) makes one request',
      measured: `${s.d.requests} per synth`,
      met: s.d.requests === '1',
    },
    {
      target: `(e) logs in within 1.5 x one ${SLOW_SERVER_DELAY_MS} ms round trip ` +
        `(${ms(1.5 * oneSlowRoundTrip)})`,
      measured: `${ms(s.e.loginMs ?? Number.NaN)} from first construct to last token`,
      met: (s.e.loginMs ?? Number.POSITIVE_INFINITY) <= 1.5 * oneSlowRoundTrip,
    },
    ...rssChecks,
    {
      target: '(b) at most 10% slower than (f)',
      measured: percent(s.b.wallMs / s.f.wallMs - 1),
      met: s.b.wallMs <= s.f.wallMs * 1.1,
    },
    {
      target: '(c) faster than (f)',
      measured: percent(s.c.wallMs / s.f.wallMs - 1),
      met: s.c.wallMs < s.f.wallMs,
    },
  ];
}

/**
 * (c) against (a), judged on back-to-back pairs: the median of the pairs' differences, over the
 * median (a) of the pairs, with a distribution-free 95% confidence interval of that median (the
 * order statistics a binomial(n, 1/2) puts 95% of its mass between).
 */
function warmCacheCheck(pairs: readonly WarmPair[]): TargetCheck {
  const plain = median(pairs.map((p) => p.plain.wallMs));
  const overhead = medianWithInterval(pairs.map((p) => p.warm.wallMs - p.plain.wallMs));
  return {
    target: '(c) adds at most 2% wall time to (a)',
    measured:
      `${percent(overhead.median / plain)} (${overhead.median >= 0 ? '+' : ''}` +
      `${ms(overhead.median)} on ${ms(plain)}; 95% CI ${percent(overhead.low / plain)} to ` +
      `${percent(overhead.high / plain)}; median of ${overhead.count} back-to-back pairs)`,
    met: overhead.median <= plain * 0.02,
  };
}

/** The target checks as a Markdown table. */
export function targetsTable(checks: readonly TargetCheck[]): string {
  return markdown(
    ['target', 'measured', 'met'],
    checks.map((c) => [c.target, c.measured, c.met ? 'yes' : '**NO**']),
  );
}

function summarize(result: ScenarioResult): Summary {
  const { samples } = result;
  const loginTimes = samples.map((x) => x.loginMs).filter((x) => x !== undefined);
  const requestCounts = samples.map((x) => x.logins + x.refreshes);
  const [fewest, most] = [Math.min(...requestCounts), Math.max(...requestCounts)];
  return {
    scenario: result.scenario,
    wallMs: median(samples.map((x) => x.wallMs)),
    rssMb: median(samples.map((x) => x.maxRssKb)) / 1024,
    loginMs: loginTimes.length === 0 ? undefined : median(loginTimes),
    requests: fewest === most ? String(most) : `${fewest}-${most}`,
    maxRequests: most,
  };
}
