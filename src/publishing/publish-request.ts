import { findPullForBranch, getBranchSha, getCommit, getPull, type BaseState, type CommitInfo, type PullInfo } from "../github/reader.js";
import type { Octokit } from "../github/octokit.js";
import type { IssueRef, RepoRef } from "../github/repo-ref.js";
import type { Writer } from "../github/writer.js";
import type { FileChange } from "../types.js";
import { appendEntry, trustedEntry, type LedgerEntry } from "./ledger.js";
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
  /** Paths the change deletes from the base tree (change requests; onboarding deletes nothing). */
  deletions?: readonly string[];
  /** Digest of every rendered file: an unchanged rendering makes no commit. */
  digest: string;
  /** Digest of the tenant's own content (what approvals are for). */
  tenantDigest: string;
  /** Short hashes of the request's fields, recorded with each commit to say later what changed. */
  fields: Record<string, string>;
  commitMessage: string;
  title: string;
  body: string;
  /** The branch head and pull request read in the same round as the base (undefined: not there). */
  branchSha: string | undefined;
  pull: PullInfo | undefined;
  /** Reopen a pull request that was closed without merge (the requester asked with `/retry`). */
  reopen: boolean;
  /** The bot's record of the commits it created for this request (see `ledger.ts`). */
  ledger: readonly LedgerEntry[];
  /**
   * Records a commit the bot created, in state only the bot can write, BEFORE the branch is moved to it: a crash in
   * between leaves an entry whose commit never reached the branch (harmless), never a bot commit nobody vouches for.
   */
  record(entry: LedgerEntry): Promise<void>;
}

export type PublishOutcome =
  | { kind: "opened" | "updated" | "unchanged" | "reopened"; pull: PullInfo | { number: number; htmlUrl: string }; headSha: string; committed: boolean; entry: LedgerEntry }
  | { kind: "foreign-commit"; sha: string; pull: PullInfo | undefined }
  | { kind: "closed"; pull: PullInfo }
  | { kind: "merged"; pull: PullInfo };

/**
 * The ledger entry that vouches for a branch head: by sha, else (after reading the commit) by its exact tree and
 * parents. Undefined for any commit the bot did not make, whatever its message, trailers or signature say.
 */
export async function vouchedHead(
  octokit: Octokit,
  repo: RepoRef,
  ledger: readonly LedgerEntry[],
  sha: string,
  readCommit: (sha: string) => Promise<CommitInfo> = (s) => getCommit(octokit, repo, s),
): Promise<LedgerEntry | undefined> {
  const bySha = trustedEntry(ledger, { sha });
  if (bySha || ledger.length === 0) return bySha;
  const head = await readCommit(sha);
  return trustedEntry(ledger, { sha, tree: head.treeSha, parents: head.parents });
}

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

/**
 * Makes the GitOps repository hold exactly one branch and one pull request for the request, with the rendered
 * files as one commit (one tree, one commit, through the Git Data API). Safe to run any number of times, from any
 * number of replicas:
 * - no branch: tree + commit on the base head, recorded in the ledger, then create the branch ("already exists" →
 *   re-read, converge); the pull request is re-read first, so a replica that read the state before another one
 *   merged never brings the deleted branch back;
 * - branch whose head the ledger vouches for, with the same digest: nothing to commit;
 * - branch whose head the ledger vouches for, with another digest: a new commit on top (merging the new base head
 *   in when the base moved, so the PR diff stays the tenant's files only), recorded, then a fast-forward-only
 *   update: a branch that moved meanwhile is re-read, never overwritten;
 * - any other head (someone else's commit, whatever its message or signature): stop and report it, never overwrite;
 * - pull request: found by branch, created if missing ("already exists" is success), title/body updated in place.
 */
export async function publishRequest(octokit: Octokit, writer: Writer, input: PublishInput): Promise<PublishOutcome> {
  const { gitops, branch } = input;
  let branchSha = input.branchSha;
  let pull = input.pull;
  let headSha: string | undefined;
  let head: LedgerEntry | undefined;
  let committed = false;
  let ledger = [...input.ledger];

  const commitAndRecord = async (tree: string, parents: string[]): Promise<LedgerEntry> => {
    const commit = await writer.createCommit(gitops, input.commitMessage, tree, parents);
    const entry: LedgerEntry = {
      sha: commit.sha,
      tree,
      parents,
      base: input.base.commitSha,
      digest: input.digest,
      tenantDigest: input.tenantDigest,
      at: commit.at,
      fields: input.fields,
    };
    await input.record(entry);
    ledger = appendEntry(ledger, entry);
    return entry;
  };

  /**
   * A head the ledger does not vouch for is still acceptable when its content is exactly what the bot renders now, on
   * exactly the base it renders on: one parent, the base commit, and the very tree the bot would create (GitHub's
   * tree ids are content hashes, and creating a tree that exists changes nothing). That is how a pull request opened
   * before the ledger existed, or whose record was lost, is adopted without trusting anything its author chose. It is
   * recorded with the time of adoption, so approvals given before it do not count.
   */
  // A head commit is read at most once per run, whether the ledger check or the adoption check asks first.
  const commits = new Map<string, Promise<CommitInfo>>();
  const readCommit = (sha: string): Promise<CommitInfo> => {
    let commit = commits.get(sha);
    if (!commit) {
      commit = getCommit(octokit, gitops, sha);
      commits.set(sha, commit);
    }
    return commit;
  };
  const adoptIdentical = async (sha: string): Promise<LedgerEntry | undefined> => {
    const head = await readCommit(sha);
    if (head.parents.length !== 1 || head.parents[0] !== input.base.commitSha) return undefined;
    const tree = await writer.createTree(gitops, input.base.treeSha, input.files, input.deletions);
    if (tree !== head.treeSha) return undefined;
    const entry: LedgerEntry = {
      sha,
      tree,
      parents: [...head.parents],
      base: input.base.commitSha,
      digest: input.digest,
      tenantDigest: input.tenantDigest,
      at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      fields: input.fields,
    };
    await input.record(entry);
    ledger = appendEntry(ledger, entry);
    return entry;
  };

  for (let attempt = 0; attempt < PUBLISH_ATTEMPTS && headSha === undefined; attempt++) {
    if (attempt > 0) {
      [branchSha, pull] = await Promise.all([getBranchSha(octokit, gitops, branch), findOwnPull(octokit, input)]);
    }
    if (pull?.merged) return { kind: "merged", pull };
    if (pull && pull.state === "closed" && !input.reopen) return { kind: "closed", pull };

    if (branchSha === undefined) {
      // The branch is gone: either never made, or deleted after a merge by another replica after this run read the
      // pull request. Re-read the pull request before bringing the branch back.
      if (pull) {
        const fresh = await getPull(octokit, gitops, pull.number);
        if (fresh.merged) return { kind: "merged", pull: fresh };
        if (fresh.state === "closed" && !input.reopen) return { kind: "closed", pull: fresh };
      }
      const tree = await writer.createTree(gitops, input.base.treeSha, input.files, input.deletions);
      const entry = await commitAndRecord(tree, [input.base.commitSha]);
      if ((await writer.createBranch(gitops, branch, entry.sha)) === "exists") continue;
      headSha = entry.sha;
      head = entry;
      committed = true;
      break;
    }

    const vouched = (await vouchedHead(octokit, gitops, ledger, branchSha, readCommit)) ?? (await adoptIdentical(branchSha));
    if (!vouched) return { kind: "foreign-commit", sha: branchSha, pull };
    if (vouched.digest === input.digest) {
      headSha = branchSha;
      head = vouched;
      break;
    }
    const tree = await writer.createTree(gitops, input.base.treeSha, input.files, input.deletions);
    // The base the branch already contains: the one the bot's head commit was rendered on, or its direct parent.
    const onBase = vouched.base === input.base.commitSha || vouched.parents.includes(input.base.commitSha);
    const parents = onBase ? [branchSha] : [branchSha, input.base.commitSha];
    const entry = await commitAndRecord(tree, parents);
    if ((await writer.fastForwardBranch(gitops, branch, entry.sha)) === "not-fast-forward") continue;
    headSha = entry.sha;
    head = entry;
    committed = true;
  }
  if (headSha === undefined || head === undefined) {
    throw new Error(`publish: branch ${branch} in ${gitops.owner}/${gitops.repo} kept moving; gave up after ${PUBLISH_ATTEMPTS} attempts`);
  }

  if (!pull || (pull.state === "closed" && pull.merged)) {
    const created = await writer.createPull(gitops, { title: input.title, body: input.body, head: branch, base: input.baseBranch });
    if (created !== "exists") {
      return { kind: "opened", pull: created, headSha, committed, entry: head };
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
  return { kind, pull, headSha, committed, entry: head };
}
