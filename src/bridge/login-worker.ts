import { parentPort, workerData } from 'node:worker_threads';
import { ApiKeyJob, isApiKeyJob } from './api-key-protocol';
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

/** Clients by endpoint and connection settings; see `clientFor`. */
const clients = new Map<string, PaletteClient>();

parentPort?.on('message', (job: LoginJob | ApiKeyJob) => {
  const work = isApiKeyJob(job) ? apiKeyWorker().performApiKeyJob(job, logins) : remembered(job);
  void work.then((outcome) => {
    outcomes.postMessage(outcome);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});

/**
 * The API-key side of the worker, required by the first API-key job rather than imported at the
 * top: most synths only log in, and every module loaded here delays their first request.
 */
function apiKeyWorker(): typeof import('./api-key-worker') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./api-key-worker');
}

function remembered(job: LoginJob): Promise<LoginOutcome> {
  const outcome = perform(job);
  logins.set(job.id, outcome);
  return outcome;
}

async function perform(job: LoginJob): Promise<LoginOutcome> {
  const { settings } = job;
  try {
    const client = clientFor(job);
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
 * The client for a job's endpoint and connection settings, shared by every login that uses the
 * same ones: a client holds no state between calls, and building one for each of many logins
 * at once would delay the last of their requests.
 */
function clientFor(job: LoginJob): PaletteClient {
  const key = JSON.stringify([job.settings.endpoint, job.attemptTimeoutMs, job.client]);
  let client = clients.get(key);
  if (client === undefined) {
    client = new PaletteClient(job.settings.endpoint, {
      attemptTimeoutMs: job.attemptTimeoutMs,
      ...job.client,
    });
    clients.set(key, client);
  }
  return client;
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
