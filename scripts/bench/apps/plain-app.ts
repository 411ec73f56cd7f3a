/*
 * Scenario (a), the baseline: the benchmark app without PaletteCredentials and without any
 * login, a fixed string where the token would be.
 */
import { reportAtExit } from './report';
import { buildApp, synthesize } from './workload';

reportAtExit();
synthesize(buildApp(() => 'no-token'));
