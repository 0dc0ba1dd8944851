import { z } from "zod";

/** Most paths one observation reads at the GitOps base commit (each is one aliased `Commit.file`). */
export const MAX_OBSERVED_PATHS = 100;
/** Most logins one observation looks up (each is one aliased `user(login:)`). */
export const MAX_OBSERVED_LOGINS = 100;
/** Most teams whose members one observation reads (each is one aliased `organization { team }`). */
export const MAX_OBSERVED_TEAMS = 10;

const repository = z.object({
  owner: z.string().min(1, "must be a non-empty account name"),
  name: z.string().min(1, "must be a non-empty repository name"),
});

/** A path inside the GitOps repository: relative, with no empty, `.` or `..` segment. */
const repoPath = z
  .string()
  .min(1, "must be a non-empty path relative to the repository root")
  .refine((p) => p.split("/").every((s) => s !== "" && s !== "." && s !== ".."), {
    message: "must be relative to the repository root, without a leading or trailing '/', '//', '.' or '..' (e.g. namespaces/team-a)",
  });

const branch = z
  .string()
  .min(1, "must be a non-empty branch name")
  .refine((b) => !b.startsWith("refs/"), { message: "must be a branch name without 'refs/heads/' (e.g. main)" });

/**
 * The schema of {@link ObserveInput}: checked before a query is built, so bad input gets a specific error naming the
 * field and changes nothing.
 */
export const observeInputSchema = z.object({
  /** The support repository and the issue that is the request. */
  support: repository.extend({ issue: z.number().int().positive("must be an issue number (a positive integer)") }),
  /** The GitOps repository: its base branch, the request's branch, and the paths the request touches. */
  gitops: repository.extend({
    baseBranch: branch,
    branch,
    paths: z.array(repoPath).max(MAX_OBSERVED_PATHS, `must list at most ${MAX_OBSERVED_PATHS} paths`),
    /**
     * Whether to read the root directory's entries too (with their oids). Not when the root is the namespace root
     * itself (a `{namespace}` layout at the top level), whose entries grow with the namespaces.
     */
    rootEntries: z.boolean().optional(),
  }),
  /** Logins to look up (requesters, approvers, members named in the request). */
  logins: z.array(z.string().min(1, "must be a non-empty login")).max(MAX_OBSERVED_LOGINS, `must list at most ${MAX_OBSERVED_LOGINS} logins`),
  /** Teams whose members to read (the approver teams), with the GitOps repository's installation. */
  teams: z
    .array(z.object({ org: z.string().min(1, "must be an organization login"), slug: z.string().min(1, "must be a team slug") }))
    .max(MAX_OBSERVED_TEAMS, `must list at most ${MAX_OBSERVED_TEAMS} teams`)
    .optional(),
  /** Count the open issues `creator` filed with `label` in the support repository, oldest first, at most `first`. */
  openRequests: z
    .object({
      creator: z.string().min(1, "must be the requester's login"),
      label: z.string().min(1, "must be the request label"),
      first: z.number().int().min(1).max(100, "must be at most 100 (one page)"),
    })
    .optional(),
});

/** What one observation reads: one request, its pull request and branch, the files it touches, the people it names. */
export type ObserveInput = z.infer<typeof observeInputSchema>;

/** The input after validation, with paths and logins deduplicated (first occurrence kept, order kept). */
export type CheckedObserveInput = ObserveInput;

/**
 * Validates an {@link ObserveInput} and deduplicates its paths and logins.
 * @throws Error naming each bad field, what is wrong and what would be right.
 */
export function checkObserveInput(input: ObserveInput): CheckedObserveInput {
  const result = observeInputSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`);
    throw new Error(`observe: invalid input: ${problems.join("; ")}`);
  }
  const value = result.data;
  return {
    ...value,
    gitops: { ...value.gitops, paths: [...new Set(value.gitops.paths)] },
    logins: [...new Set(value.logins)],
  };
}
