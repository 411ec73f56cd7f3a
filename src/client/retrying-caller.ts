import { CallContext, judgeStatus, StatusProblem } from './answer-errors';
import { CLIENT_DEFAULTS, ClientOptions } from './client-options';
import type { ConnectionPlan } from './connection-plan';
import type { AttemptOutcome, HttpAnswer, HttpRequest, HttpTransport } from './http-transport';
import { GiveUpReason, RetryPolicy } from './retry-policy';
import { formatSeconds, isRetryable, transportError } from './transport-errors';
import { PaletteCredentialsError } from '../errors';
import { traceChannel } from '../internal/trace-channel';

/**
 * `NODE_DEBUG=palette-credentials` traces every attempt: the call, its number, the status or
 * failure code, and the wait before the next. Never a URL, a header or a body, which may hold a
 * token or the password.
 */
const trace = traceChannel('palette-credentials');

/**
 * Sends one Palette call, retrying what may be retried within the attempt and time limits, and
 * returns its successful answer or throws the error that ended it.
 */
export class RetryingCaller {
  private readonly plan: ConnectionPlan;
  private readonly transport: HttpTransport;
  private readonly policy: RetryPolicy;
  private readonly attemptTimeoutMs: number;
  private readonly deadlineMs: number;

  /**
   * @throws PaletteConfigurationError when the proxy settings are unusable for this endpoint
   */
  constructor(endpoint: string, options: ClientOptions, env: NodeJS.ProcessEnv = process.env) {
    // Required here, not at the top: the constructs load this module with the library, and a
    // synth whose tokens come from the cache never sends a request.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { planConnection } = require('./connection-plan') as typeof import('./connection-plan');
    const { HttpTransport } = require('./http-transport') as typeof import('./http-transport');
    /* eslint-enable @typescript-eslint/no-require-imports */
    this.plan = planConnection(new URL(endpoint), options, env);
    this.transport = new HttpTransport(endpoint, this.plan);
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? CLIENT_DEFAULTS.attemptTimeoutMs;
    this.deadlineMs = options.deadlineMs ?? CLIENT_DEFAULTS.deadlineMs;
    this.policy = new RetryPolicy({
      maxAttempts: options.maxAttempts ?? CLIENT_DEFAULTS.maxAttempts,
      deadlineMs: this.deadlineMs,
      backoffBaseMs: CLIENT_DEFAULTS.backoffBaseMs,
      maxWaitMs: CLIENT_DEFAULTS.maxWaitMs,
    });
  }

  /** The answer of the first attempt that succeeded (2xx). */
  public async call(request: HttpRequest, context: CallContext): Promise<HttpAnswer> {
    const started = Date.now();

    for (let attempt = 1; ; attempt++) {
      const left = Math.max(1, this.deadlineMs - (Date.now() - started));
      const timeoutMs = Math.min(this.attemptTimeoutMs, left);
      const outcome = await this.transport.send(request, timeoutMs);

      const setback = this.setbackOf(outcome, context, timeoutMs);
      if (setback === undefined) {
        trace('%s attempt %d: success', context.call, attempt);
        return (outcome as { answer: HttpAnswer }).answer;
      }

      const elapsedMs = Date.now() - started;
      const decision = this.policy.decide(setback, attempt, elapsedMs);
      const next = decision.retry ? `retry in ${decision.waitMs} ms` : `stop (${decision.reason})`;
      trace('%s attempt %d: %s, %s', context.call, attempt, setback.error.code, next);
      if (!decision.retry) {
        const ending = this.ending(decision.reason, attempt, elapsedMs, decision.waitMs);
        throw withEnding(setback.error, ending);
      }
      await sleep(decision.waitMs);
    }
  }

  /** What went wrong with an attempt, or `undefined` if nothing did. */
  private setbackOf(
    outcome: AttemptOutcome,
    context: CallContext,
    timeoutMs: number,
  ): StatusProblem | undefined {
    if (outcome.answered) {
      return judgeStatus(outcome.answer, context);
    }
    const timeoutFrom =
      timeoutMs < this.attemptTimeoutMs ? 'deadlineSeconds' : 'requestTimeoutSeconds';
    return {
      retryable: isRetryable(outcome.failure, context),
      error: transportError(outcome.failure, {
        ...context,
        proxy: this.plan.proxy,
        timeoutMs,
        timeoutFrom,
      }),
    };
  }

  /** The sentence that says how the retries ended, so a user knows what was already tried. */
  private ending(reason: GiveUpReason, attempts: number, elapsedMs: number, waitMs = 0): string {
    const count = `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
    const tried = `${count} in ${formatSeconds(elapsedMs)}`;
    switch (reason) {
      case 'final':
        return attempts === 1 ? '' : `This was attempt ${attempts}; it is not one to retry.`;
      case 'attempts-exhausted':
        return attempts === 1
          ? 'Retries are off (maxAttempts is 1).'
          : `Gave up after ${tried} (maxAttempts); try again later.`;
      case 'deadline':
        return (
          `Gave up after ${tried}: waiting ${formatSeconds(waitMs)} more would pass the ` +
          `${formatSeconds(this.deadlineMs)} deadline (deadlineSeconds).`
        );
      case 'wait-too-long':
        return (
          `The server asked to wait ${formatSeconds(waitMs)} before trying again, longer ` +
          `than the ${formatSeconds(CLIENT_DEFAULTS.maxWaitMs)} this library waits, so it ` +
          `gave up without waiting, after ${count}. Try again once that time has passed.`
        );
    }
  }
}

/** The same error with a sentence added to its message; class, code and context are kept. */
function withEnding(error: PaletteCredentialsError, sentence: string): PaletteCredentialsError {
  if (sentence === '') {
    return error;
  }
  const ErrorClass = error.constructor as new (
    code: string,
    message: string,
    context: { host?: string; org?: string; status?: number },
  ) => PaletteCredentialsError;
  return new ErrorClass(error.code, `${error.message} ${sentence}`, {
    host: error.host,
    org: error.org,
    status: error.status,
  });
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
