import { findPullForBranch, getBranchSha, getCommit, type BaseState, type PullInfo } from "../github/reader.js";
import type { Octokit } from "../github/octokit.js";
import type { IssueRef, RepoRef } from "../github/repo-ref.js";
import type { Writer } from "../github/writer.js";
import type { FileChange } from "../types.js";
import { parseCommitTrailers } from "./commit-message.js";
import { markerNamesRequest } from "./request-marker.js";

/** How often publishing re-reads and retries after losing a race (branch created or moved by another replica). */
export const PUBLISH_ATTEMPTS = 3;

export interface PublishInput {
  gitops: RepoRef;
  baseBranch: string;
  branch: string;
  request: IssueRef;
  /** The base branch as validation and rendering saw it: the new commit is based on exactly this. */
  base: BaseState;
  files: readonly FileChange[];
  digest: string;
  commitMessage: string;
  title: string;
  body: string;
  /** The branch head and pull request read in the same round as the base (undefined: not there). */
  branchSha: string | undefined;
  pull: PullInfo | undefined;
  /** Reopen a pull request that was closed without merge (the requester asked with `/retry`). */
  reopen: boolean;
}

export type PublishOutcome =
  | { kind: "opened" | "updated" | "unchanged" | "reopened"; pull: PullInfo | { number: number; htmlUrl: string }; headSha: string; committed: boolean }
  | { kind: "foreign-commit"; sha: string; pull: PullInfo | undefined }
  | { kind: "closed"; pull: PullInfo };

/** A commit on the branch is the bot's when GitHub verified it and its trailers name this request. */
function isOwnCommit(verified: boolean, trailers: ReturnType<typeof parseCommitTrailers>, request: IssueRef): boolean {
  return verified && trailers.request === `${request.owner}/${request.repo}#${request.number}`;
}

/**
 * Makes the GitOps repository hold exactly one branch and one pull request for the request, with the rendered
 * files as one commit (one tree, one commit, through the Git Data API). Safe to run any number of times, from any
 * number of replicas:
 * - no branch: tree + commit on the base head, then create the branch ("already exists" → re-read, converge);
 * - branch with the bot's commit and the same digest: nothing to commit;
 * - branch with the bot's commit and another digest: a new commit on top (merging the new base head in when the
 *   base moved, so the PR diff stays the tenant's files only), then a fast-forward-only update: a branch that
 *   moved meanwhile is re-read, never overwritten;
 * - a head commit someone else pushed: stop and report it, never overwrite;
 * - pull request: found by branch, created if missing ("already exists" is success), title/body updated in place.
 */
/**
 * The pull request of the request's branch when its marker names this request. Another request's pull request there
 * (two requests mapped to one branch, racing) is never updated: the run fails and the next one holds the request.
 */
async function findOwnPull(octokit: Octokit, input: PublishInput): Promise<PullInfo | undefined> {
  const pull = await findPullForBranch(octokit, input.gitops, input.branch);
  if (pull && !markerNamesRequest(pull.body, input.request)) {
    throw new Error(`publish: the pull request #${pull.number} of branch ${input.branch} belongs to another request; not touching it`);
  }
  return pull;
}

export async function publishRequest(octokit: Octokit, writer: Writer, input: PublishInput): Promise<PublishOutcome> {
  const { gitops, branch } = input;
  let branchSha = input.branchSha;
  let pull = input.pull;
  let headSha: string | undefined;
  let committed = false;

  for (let attempt = 0; attempt < PUBLISH_ATTEMPTS && headSha === undefined; attempt++) {
    if (attempt > 0) {
      [branchSha, pull] = await Promise.all([getBranchSha(octokit, gitops, branch), findOwnPull(octokit, input)]);
    }
    if (pull && pull.state === "closed" && !pull.merged && !input.reopen) return { kind: "closed", pull };

    if (branchSha === undefined) {
      const tree = await writer.createTree(gitops, input.base.treeSha, input.files);
      const commit = await writer.createCommit(gitops, input.commitMessage, tree, [input.base.commitSha]);
      if ((await writer.createBranch(gitops, branch, commit)) === "exists") continue;
      headSha = commit;
      committed = true;
      break;
    }

    const head = await getCommit(octokit, gitops, branchSha);
    const trailers = parseCommitTrailers(head.message);
    if (!isOwnCommit(head.verified, trailers, input.request)) return { kind: "foreign-commit", sha: branchSha, pull };
    if (trailers.digest === input.digest) {
      headSha = branchSha;
      break;
    }
    const tree = await writer.createTree(gitops, input.base.treeSha, input.files);
    // The base the branch already contains: recorded by the bot's own commit, or its direct parent.
    const onBase = trailers.base === input.base.commitSha || head.parents.includes(input.base.commitSha);
    const parents = onBase ? [branchSha] : [branchSha, input.base.commitSha];
    const commit = await writer.createCommit(gitops, input.commitMessage, tree, parents);
    if ((await writer.fastForwardBranch(gitops, branch, commit)) === "not-fast-forward") continue;
    headSha = commit;
    committed = true;
  }
  if (headSha === undefined) {
    throw new Error(`publish: branch ${branch} in ${gitops.owner}/${gitops.repo} kept moving; gave up after ${PUBLISH_ATTEMPTS} attempts`);
  }

  if (!pull || (pull.state === "closed" && pull.merged)) {
    const created = await writer.createPull(gitops, { title: input.title, body: input.body, head: branch, base: input.baseBranch });
    if (created !== "exists") {
      return { kind: "opened", pull: created, headSha, committed };
    }
    pull = await findOwnPull(octokit, input);
    if (!pull) throw new Error(`publish: GitHub said a pull request exists for ${branch} but none was found`);
  }

  const reopening = pull.state === "closed";
  const patch: { title?: string; body?: string; state?: "open" } = {};
  if (pull.title !== input.title) patch.title = input.title;
  if (pull.body !== input.body) patch.body = input.body;
  if (reopening) patch.state = "open";
  if (Object.keys(patch).length > 0) await writer.updatePull(gitops, pull.number, patch);
  const kind = reopening ? "reopened" : committed ? "updated" : "unchanged";
  return { kind, pull, headSha, committed };
}
