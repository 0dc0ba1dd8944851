import { AsyncLocalStorage } from "node:async_hooks";
import type { Octokit } from "../github/octokit.js";

/** How long a webhook's run may work in-line: GitHub waits 10 s for the answer (Probot answers 202 at 9 s). */
export const WEBHOOK_DEADLINE_MS = 8000;

/**
 * A run reached its deadline before it finished. `status` is the HTTP status Probot's webhook middleware answers
 * GitHub with (503: the work was left to the reconciliation sweep); the message names no payload content.
 */
export class DeadlineError extends Error {
  readonly status = 503;
  constructor() {
    super("the run reached its in-line deadline before finishing; it started no further GitHub call, and the reconciliation sweep finishes it");
    this.name = "DeadlineError";
  }
}

/** The deadline of the run the current code belongs to, if any (the sweep's runs have none). */
const current = new AsyncLocalStorage<AbortSignal>();
const guarded = new WeakSet<object>();

/**
 * Runs `work` under `signal`: every GitHub call it starts through a guarded Octokit carries the signal (an
 * in-flight call is aborted when it fires), no call starts once it fired, and the returned promise rejects with a
 * {@link DeadlineError} as soon as it fires, so the caller frees its slot even while `work` is still unwinding (a
 * retry's back-off, for instance: it can start no GitHub call any more). Without a signal, `work` runs as is.
 */
export function withDeadline<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  if (signal === undefined) return work();
  if (signal.aborted) return Promise.reject(new DeadlineError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DeadlineError());
    signal.addEventListener("abort", onAbort, { once: true });
    current
      .run(signal, work)
      .then(resolve, (error: unknown) => reject(signal.aborted ? new DeadlineError() : error))
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Whether the current run's deadline has passed (false outside a run with a deadline). */
export function deadlinePassed(): boolean {
  return current.getStore()?.aborted === true;
}

/**
 * Makes an Octokit respect the deadline of the run that uses it (see {@link withDeadline}); installed once per
 * instance. The hook is the outermost one (Octokit's plugins register theirs at construction), so it decides before
 * throttling and retries, and the signal it adds reaches every retry's `fetch`.
 */
export function guardOctokit(octokit: Octokit): void {
  if (guarded.has(octokit)) return;
  guarded.add(octokit);
  octokit.hook.wrap("request", async (request, options) => {
    const signal = current.getStore();
    if (signal === undefined) return request(options);
    if (signal.aborted) throw new DeadlineError();
    return request({ ...options, request: { ...options.request, signal } });
  });
}

/** Whether an error is (or was caused by) a run's deadline. */
export function isDeadlineError(error: unknown): boolean {
  return error instanceof DeadlineError;
}
