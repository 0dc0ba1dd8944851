import type { GitHubContact } from "./metrics.js";

/** The answer of {@link Readiness.check}: whether to answer `/readyz` with 200, and why not. */
export interface ReadinessState {
  ready: boolean;
  reason: string;
}

/** Options of {@link createReadiness}. */
export interface ReadinessOptions {
  /** Updated by the Octokit instrumentation on every GitHub request. */
  contact: GitHubContact;
  /** Authenticates as the app with GitHub (`GET /app` with the app's JWT); rejects when that fails. */
  checkGitHub: () => Promise<void>;
  /** After this long without an answer from GitHub, a probe starts a new check (default 5 minutes). */
  staleAfterMs?: number;
  now?: () => number;
}

/** What `/readyz` reports; see {@link createReadiness}. */
export interface Readiness {
  check(): ReadinessState;
  /** The process is shutting down: not ready from now on. */
  stop(): void;
}

/** Default of {@link ReadinessOptions.staleAfterMs}. */
export const STALE_AFTER_MS = 5 * 60_000;

/**
 * Readiness of one replica. Ready means all of:
 * - not shutting down;
 * - the app has authenticated with GitHub at least once (`GET /app` with its JWT): APP_ID and the private key are
 *   right and GitHub is reachable. The first probe starts that check and answers 503 until it succeeded;
 * - GitHub answered recently: when the last request that got an answer is older than `staleAfterMs` and a later
 *   request got none (DNS, TLS, connection refused), the replica is not ready until GitHub answers again. A probe
 *   that finds the last answer stale starts a new check, at most one at a time.
 * The settings were checked when the app loaded (it refuses to start otherwise); the per-repository configuration
 * is read per request and reported on the request, so it is no reason to take a replica out of service.
 */
export function createReadiness(options: ReadinessOptions): Readiness {
  const now = options.now ?? Date.now;
  const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
  let stopped = false;
  let authenticated = false;
  let lastCheckError: string | undefined;
  let checking: Promise<void> | undefined;

  const startCheck = (): void => {
    if (checking || stopped) return;
    checking = options
      .checkGitHub()
      .then(() => {
        authenticated = true;
        lastCheckError = undefined;
        options.contact.lastAnswerAt = now();
      })
      .catch((error: unknown) => {
        const status = (error as { status?: unknown }).status;
        lastCheckError = typeof status === "number" && status > 0 ? `GitHub answered ${status}` : "GitHub did not answer";
        if (!(typeof status === "number" && status > 0 && status < 500)) options.contact.lastNoAnswerAt = now();
      })
      .finally(() => {
        checking = undefined;
      });
  };

  return {
    check() {
      if (stopped) return { ready: false, reason: "shutting down" };
      const { lastAnswerAt, lastNoAnswerAt } = options.contact;
      const stale = lastAnswerAt === undefined || now() - lastAnswerAt > staleAfterMs;
      if (!authenticated || stale) startCheck();
      if (!authenticated) {
        return { ready: false, reason: `the app has not authenticated with GitHub yet${lastCheckError ? ` (${lastCheckError})` : ""}` };
      }
      if (stale && lastNoAnswerAt !== undefined && lastNoAnswerAt > (lastAnswerAt ?? 0)) {
        return { ready: false, reason: "GitHub has not answered recently" };
      }
      return { ready: true, reason: "ready" };
    },
    stop() {
      stopped = true;
    },
  };
}
