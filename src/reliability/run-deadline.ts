import { AsyncLocalStorage } from "node:async_hooks";
import type { Octokit } from "../github/octokit.js";

/**
 * How long a webhook's run may go without an answer from GitHub before it stops: under GitHub's 10 s for a
 * webhook's answer (Probot's middleware answers 202 "still processing" at 9 s).
 */
export const WEBHOOK_DEADLINE_MS = 8000;

/**
 * A run reached its deadline before it finished. `status` is the HTTP status Probot's webhook middleware answers
 * GitHub with when this happens within its 9 s (503: the work is left to the reconciliation sweep); the message
 * names no payload content.
 */
export class DeadlineError extends Error {
  readonly status = 503;
  constructor() {
    super("GitHub did not answer the run in time; it started no further GitHub call, and the reconciliation sweep finishes it");
    this.name = "DeadlineError";
  }
}

/** The deadline of one run: its signal fires when it passes; `progress` moves it on; `stop` ends it. */
export interface RunDeadline {
  readonly signal: AbortSignal;
  /** GitHub answered one of the run's calls: the deadline moves on. */
  progress(): void;
  /** The run is over: the timer is released. */
  stop(): void;
}

/** Timers a deadline uses (Node's by default; tests pass their own clock). */
export interface DeadlineTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const NODE_TIMERS: DeadlineTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * A deadline that passes when GitHub has answered none of the run's calls for `ms` (from the run's start or its last
 * answer). Not a budget for the whole run: deployed, Probot's throttling spaces one installation's writes 1–3 s
 * apart, so a healthy onboarding takes about 12 s and a fixed budget would cut every one of them; a run that stops
 * getting answers (GitHub unreachable, hanging, or failing with 5xx under retries) is cut after `ms`.
 */
export function progressDeadline(ms: number, timers: DeadlineTimers = NODE_TIMERS): RunDeadline {
  const controller = new AbortController();
  let handle: unknown;
  const arm = (): void => {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = timers.setTimeout(() => controller.abort(), ms);
  };
  arm();
  return {
    signal: controller.signal,
    progress: () => {
      if (!controller.signal.aborted) arm();
    },
    stop: () => {
      if (handle !== undefined) timers.clearTimeout(handle);
      handle = undefined;
    },
  };
}

/** The deadline of the run the current code belongs to, if any (the sweep's runs have none). */
const current = new AsyncLocalStorage<RunDeadline>();
const guarded = new WeakSet<object>();

/**
 * Runs `work` under `deadline`: every GitHub call it starts through a guarded Octokit carries the deadline's signal
 * (an in-flight call is aborted when it fires), each answer moves the deadline on, no call starts once it fired,
 * and the returned promise rejects with a {@link DeadlineError} as soon as it fires, so the caller frees its slot
 * even while `work` is still unwinding (a retry's back-off, for instance: it can start no GitHub call any more).
 * Without a deadline, `work` runs as is.
 */
export function withDeadline<T>(deadline: RunDeadline | undefined, work: () => Promise<T>): Promise<T> {
  if (deadline === undefined) return work();
  const { signal } = deadline;
  if (signal.aborted) return Promise.reject(new DeadlineError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DeadlineError());
    signal.addEventListener("abort", onAbort, { once: true });
    current
      .run(deadline, work)
      .then(resolve, (error: unknown) => reject(signal.aborted ? new DeadlineError() : error))
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Whether the current run's deadline has passed (false outside a run with a deadline). */
export function deadlinePassed(): boolean {
  return current.getStore()?.signal.aborted === true;
}

/**
 * Makes an Octokit respect the deadline of the run that uses it (see {@link withDeadline}); installed once per
 * instance. The hook is the outermost one (Octokit's plugins register theirs at construction), so it decides before
 * throttling and retries, and the signal it adds reaches every retry's `fetch`. An answer below 500 counts as
 * progress; server errors (which the retry plugin retries) do not.
 */
export function guardOctokit(octokit: Octokit): void {
  if (guarded.has(octokit)) return;
  guarded.add(octokit);
  octokit.hook.wrap("request", async (request, options) => {
    const deadline = current.getStore();
    if (deadline === undefined) return request(options);
    if (deadline.signal.aborted) throw new DeadlineError();
    try {
      const response = await request({ ...options, request: { ...options.request, signal: deadline.signal } });
      deadline.progress();
      return response;
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (typeof status === "number" && status < 500) deadline.progress();
      throw error;
    }
  });
}

/** Whether an error is a run's deadline. */
export function isDeadlineError(error: unknown): boolean {
  return error instanceof DeadlineError;
}
