import { z } from "zod";
import { parseFullName, type RepoRef } from "../github/repo-ref.js";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/** Environment variables of the app (as opposed to the per-repository configuration file). */
export const settingsSchema = z.object({
  DRY_RUN: flag.describe("Force dry-run for every repository: validate, render, show the diff, write nothing to GitOps repositories."),
  SWEEP_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(300)
    .describe(
      "Run the reconciliation sweep every N seconds (default 300; 0: never, the sweep can still be run by hand). GitHub does not redeliver failed webhooks by itself: the sweep is what repairs them.",
    ),
  MAX_CONCURRENT_REQUESTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(8)
    .describe("Requests handled at once by this process; bounds memory and concurrent GitHub calls (about 8 each)."),
  SWEEP_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4).describe("Requests reconciled at once by one sweep."),
  SWEEP_MAX_WRITES: z.coerce.number().int().min(1).max(100_000).default(500).describe("Writes after which a sweep stops starting new requests."),
  RECONCILE_SECRET: z.string().min(16).optional().describe("Bearer secret of `POST /reconcile`; unset disables the route."),
  SUPPORT_REPOSITORIES: z
    .string()
    .optional()
    .describe(
      "Trust root: the repositories that accept onboarding requests, comma-separated `owner/repo`. Only these repositories' issues are read, and only their `.github/onboarding-bot.yml` defines approvers. Required outside tests.",
    ),
  GITOPS_REPOSITORY: z
    .string()
    .optional()
    .describe(
      "Trust root: the one GitOps repository the bot writes to and merges in, `owner/repo`. A configuration naming another repository is refused. Required outside tests.",
    ),
});

const REPO_FULL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/** Parses `owner/repo`; throws an error naming the variable (and the bad entry, which is not secret) otherwise. */
function repoOf(variable: string, text: string): RepoRef {
  const trimmed = text.trim();
  if (!REPO_FULL_NAME.test(trimmed) || trimmed.endsWith(".git")) {
    throw new Error(
      `settings: environment variable ${variable} has '${trimmed.slice(0, 120)}', which is not a repository; expected 'owner/repo', for example 'operate-first/support'`,
    );
  }
  return parseFullName(trimmed);
}

/** The repositories of a comma-separated list (empty entries ignored). */
function repoList(variable: string, text: string | undefined): RepoRef[] {
  if (text === undefined) return [];
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => repoOf(variable, entry));
}

export type Settings = {
  dryRun: boolean;
  sweepIntervalSeconds: number;
  sweepConcurrency: number;
  maxConcurrentRequests: number;
  sweepMaxWrites: number;
  reconcileSecret: string | undefined;
  /**
   * The repositories whose issues are onboarding requests (`SUPPORT_REPOSITORIES`). Empty means none: every event is
   * ignored (outside tests the app refuses to start, see {@link assertTrustRoots}).
   */
  supportRepositories: RepoRef[];
  /** The one GitOps repository (`GITOPS_REPOSITORY`); undefined means none, so nothing is ever written. */
  gitopsRepository: RepoRef | undefined;
  /**
   * How long a webhook's run may go without an answer from GitHub before it stops starting GitHub calls and leaves
   * the rest to the sweep (default 8 s: GitHub waits 10 s for the webhook's answer, Probot answers 202 at 9 s). Not
   * an environment variable: it follows GitHub's timeout, not the deployment.
   */
  webhookDeadlineMs?: number;
  /**
   * The pauses before each re-read of a pull request whose mergeability GitHub has not computed yet (default
   * `[500, 1000, 2000]` ms, see reconcile-pull.ts). Not an environment variable: it follows GitHub's behaviour;
   * tests shorten it.
   */
  mergeabilityWaitsMs?: readonly number[];
};

/** Reads the settings from the environment; a bad value throws an error that names the variable (never its value). */
export function settingsFromEnv(env: NodeJS.ProcessEnv): Settings {
  const result = settingsSchema.safeParse({
    DRY_RUN: env.DRY_RUN,
    // An empty variable means "unset" (as for RECONCILE_SECRET), not 0: `z.coerce.number` would read "" as 0.
    SWEEP_INTERVAL_SECONDS: env.SWEEP_INTERVAL_SECONDS || undefined,
    SWEEP_CONCURRENCY: env.SWEEP_CONCURRENCY || undefined,
    MAX_CONCURRENT_REQUESTS: env.MAX_CONCURRENT_REQUESTS || undefined,
    SWEEP_MAX_WRITES: env.SWEEP_MAX_WRITES || undefined,
    RECONCILE_SECRET: env.RECONCILE_SECRET || undefined,
    SUPPORT_REPOSITORIES: env.SUPPORT_REPOSITORIES || undefined,
    GITOPS_REPOSITORY: env.GITOPS_REPOSITORY || undefined,
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`settings: environment variable ${String(issue?.path[0])} is invalid: ${issue?.message ?? "unknown problem"}`);
  }
  const s = result.data;
  return {
    dryRun: s.DRY_RUN,
    sweepIntervalSeconds: s.SWEEP_INTERVAL_SECONDS,
    sweepConcurrency: s.SWEEP_CONCURRENCY,
    maxConcurrentRequests: s.MAX_CONCURRENT_REQUESTS,
    sweepMaxWrites: s.SWEEP_MAX_WRITES,
    reconcileSecret: s.RECONCILE_SECRET,
    supportRepositories: repoList("SUPPORT_REPOSITORIES", s.SUPPORT_REPOSITORIES),
    gitopsRepository: s.GITOPS_REPOSITORY === undefined ? undefined : repoOf("GITOPS_REPOSITORY", s.GITOPS_REPOSITORY),
  };
}

/**
 * The trust roots must be pinned by the operator: without them any repository the app is installed on could define
 * its own approvers. Outside tests (`NODE_ENV=test`) a missing root stops the app at start-up with this error.
 */
export function assertTrustRoots(settings: Pick<Settings, "supportRepositories" | "gitopsRepository">, env: NodeJS.ProcessEnv): void {
  if (env.NODE_ENV === "test") return;
  const missing: string[] = [];
  if (settings.supportRepositories.length === 0) missing.push("SUPPORT_REPOSITORIES (the repositories that accept requests, comma-separated 'owner/repo')");
  if (settings.gitopsRepository === undefined) missing.push("GITOPS_REPOSITORY (the one GitOps repository, 'owner/repo')");
  if (missing.length > 0) {
    throw new Error(
      `settings: onboarding-bot refuses to start without its trust roots: set ${missing.join(" and ")} in the environment (see .env.example)`,
    );
  }
}

/** Whether `repo` is one of `list` (GitHub compares names case-insensitively). */
export function isListed(list: readonly RepoRef[], repo: RepoRef): boolean {
  return list.some((r) => r.owner.toLowerCase() === repo.owner.toLowerCase() && r.repo.toLowerCase() === repo.repo.toLowerCase());
}
