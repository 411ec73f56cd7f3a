import { parentPort, workerData } from 'node:worker_threads';
import type { LoginJob, LoginOutcome, LoginWorkerData } from './protocol';
import { PaletteClient } from '../client/palette-client';
import { describe } from '../client/token-response';
import { PaletteCredentialsError } from '../errors';

/*
 * The worker side of the synchronous login bridge. It runs an ordinary event loop, so any number
 * of logins proceed concurrently while the synth thread sleeps in Atomics.wait.
 */

const { signal, outcomes } = workerData as LoginWorkerData;

parentPort?.on('message', (job: LoginJob) => {
  void perform(job).then((outcome) => {
    outcomes.postMessage(outcome);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});

async function perform(job: LoginJob): Promise<LoginOutcome> {
  const { settings } = job;
  try {
    const client = new PaletteClient(settings.endpoint, { attemptTimeoutMs: job.attemptTimeoutMs });
    const session = await client.authenticate(settings);
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
