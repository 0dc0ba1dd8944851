import type { Octokit } from "../src/github/octokit.js";
import type { RepoRef } from "../src/github/repo-ref.js";
import type { FileChange } from "../src/types.js";

/** What the hand-written script did. */
export interface BaselineRun {
  pullNumber: number;
  commits: number;
}

function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error ? (error as { status: number }).status : undefined;
}

/**
 * The most direct way a team would script an onboarding by hand with the Contents API: read the base branch and the
 * current blob sha of every file it is going to replace (in parallel), create the branch, write each file with one
 * `PUT /contents` (one commit per file, one after another: parallel writes to one branch conflict), open the pull
 * request. No validation, no status comment, no labels, no reviewers: the cheapest possible script.
 */
export async function contentsApiOnboarding(
  octokit: Octokit,
  repo: RepoRef,
  input: { baseBranch: string; branch: string; files: readonly FileChange[]; existing: ReadonlySet<string>; title: string; body: string },
): Promise<BaselineRun> {
  const [base, ...shas] = await Promise.all([
    octokit.rest.git.getRef({ ...repo, ref: `heads/${input.baseBranch}` }),
    ...input.files
      .filter((f) => input.existing.has(f.path))
      .map(async (f) => {
        try {
          const { data } = await octokit.rest.repos.getContent({ ...repo, path: f.path, ref: input.baseBranch });
          return [f.path, Array.isArray(data) ? undefined : data.sha] as const;
        } catch (error) {
          if (statusOf(error) === 404) return [f.path, undefined] as const;
          throw error;
        }
      }),
  ]);
  const shaOf = new Map(shas);
  await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${input.branch}`, sha: base.data.object.sha });
  for (const file of input.files) {
    const sha = shaOf.get(file.path);
    await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: file.path,
      branch: input.branch,
      message: `Onboarding: ${file.path}`,
      content: Buffer.from(file.content, "utf8").toString("base64"),
      ...(sha === undefined ? {} : { sha }),
    });
  }
  const { data: pull } = await octokit.rest.pulls.create({ ...repo, head: input.branch, base: input.baseBranch, title: input.title, body: input.body });
  return { pullNumber: pull.number, commits: input.files.length };
}
