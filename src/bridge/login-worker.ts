import { parentPort, workerData } from 'node:worker_threads';
import { ApiKeyJob, isApiKeyJob } from './api-key-protocol';
import { performApiKeyJob } from './api-key-worker';
import type { LoginJob, LoginOutcome, LoginWorkerData } from './protocol';
import { sessionIdentity } from '../cache/cache-entry';
import { obtainSession } from '../cache/cached-session';
import { PaletteClient } from '../client/palette-client';
import { describe } from '../client/token-response';
import { PaletteCredentialsError } from '../errors';

/*
 * The worker side of the synchronous login bridge. It runs an ordinary event loop, so any number
 * of logins proceed concurrently while the synth thread sleeps in Atomics.wait.
 */

const { signal, outcomes } = workerData as LoginWorkerData;

/** Every login this worker ran, so that an API-key job can continue one once it has a token. */
const logins = new Map<number, Promise<LoginOutcome>>();

parentPort?.on('message', (job: LoginJob | ApiKeyJob) => {
  const work = isApiKeyJob(job) ? performApiKeyJob(job, logins) : remembered(job);
  void work.then((outcome) => {
    outcomes.postMessage(outcome);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});

function remembered(job: LoginJob): Promise<LoginOutcome> {
  const outcome = perform(job);
  logins.set(job.id, outcome);
  return outcome;
}

async function perform(job: LoginJob): Promise<LoginOutcome> {
  const { settings } = job;
  try {
    const client = new PaletteClient(settings.endpoint, {
      attemptTimeoutMs: job.attemptTimeoutMs,
      ...job.client,
    });
    const session = await obtainSession(
      {
        identity: sessionIdentity(settings),
        minValiditySeconds: job.minValiditySeconds,
        cacheDirectory: job.cacheDirectory,
        lockWaitMs: job.lockWaitMs,
      },
      {
        login: () => client.authenticate(settings),
        refresh: (token) => client.refresh(token, settings.org),
      },
    );
    return { id: job.id, ok: true, session };
  } catch (error) {
    return { id: job.id, ok: false, error: toSafeTransfer(error, settings.endpoint, settings.org) };
  }
}

/**
 * Our own errors are built without secrets and travel as they are. Anything else is a defect
 * whose message may quote a request, so only its class name crosses over.
 */
function toSafeTransfer(error: unknown, host: string, org: string) {
  if (error instanceof PaletteCredentialsError) {
    return error.toTransfer();
  }
  const kind = error instanceof Error ? error.constructor.name : typeof error;
  return new PaletteCredentialsError(
    'INTERNAL',
    `The login to ${describe({ host, org })} failed with an unexpected ${kind}. Please report it ` +
      'to the cdktf-palette-credentials maintainers.',
    { host, org },
  ).toTransfer();
}
