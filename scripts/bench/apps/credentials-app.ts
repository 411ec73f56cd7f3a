/*
 * Scenarios (b) to (e): every stack of the benchmark app has a PaletteCredentials of its own.
 * Stack i logs in as user i modulo the number of users in BENCH_USERS, so one user means one
 * credential set shared by every stack, and ten users mean ten sets.
 *
 * With BENCH_MEASURE_LOGIN=1 the app reads every expiry before it synthesizes, which waits for
 * every login, and reports the time from the first construct to the last token.
 */
import { reportAtExit } from './report';
import { benchUsers, buildApp, synthesize } from './workload';
import { PaletteCredentials } from 'cdktf-palette-credentials';

const users = benchUsers();
const sets: PaletteCredentials[] = [];

const measureLogin = process.env.BENCH_MEASURE_LOGIN === '1';
// Only (e) reads the clock: Node loads its performance API on first use, which would cost (b) to
// (d) time and memory that the baseline app does not spend.
const started = measureLogin ? performance.now() : 0;
const app = buildApp((stack, index) => {
  const palette = new PaletteCredentials(stack, 'palette', { emailId: users[index % users.length] });
  sets.push(palette);
  return palette.token;
});

if (measureLogin) {
  if (sets.some((palette) => palette.expiresAt === '')) {
    throw new Error('A login finished without an expiry.');
  }
  reportAtExit({ loginMs: performance.now() - started });
} else {
  reportAtExit();
}
synthesize(app);
