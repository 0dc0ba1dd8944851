import { lostRace, ZERO_OID, type ActResult, type ActStep, type CreatedCommit } from "../github/act/act-document.js";
import { readNodeIds } from "../github/act/read-node-ids.js";
import { findPullForBranch, getBranchSha, getCommit, getPull, type BaseState, type CommitInfo, type PullInfo } from "../github/reader.js";
import type { Octokit } from "../github/octokit.js";
import type { IssueRef, RepoRef } from "../github/repo-ref.js";
import type { Writer } from "../github/writer.js";
import type { FileChange } from "../types.js";
import type { Publication } from "./publication.js";
import { appendEntry, trustedEntry, type LedgerEntry } from "./ledger.js";
import { markerNamesRequest } from "./request-marker.js";
import { withDeletions } from "./tenant-digest.js";

/** How often publishing re-reads and retries after losing a race (branch created or moved by another replica). */
export const PUBLISH_ATTEMPTS = 3;

export interface PublishInput extends Publication {
  gitops: RepoRef;
  /**
   * The GitOps repository's node id (`Observation.repositoryIds.gitops`), which `createRef`, `updateRefs` and
   * `createPullRequest` name it by. Omitted: read with one GraphQL query when a mutation needs it.
   */
  repositoryId?: string;
  baseBranch: string;
  branch: string;
  request: IssueRef;
  /** The base branch as validation and rendering saw it: the new commit is based on exactly this commit. */
  base: BaseState;
  /**
   * The branch head and pull request read in the same round as the base (undefined: not there). A pull request
   * without `nodeId` costs one GraphQL read of its id when it has to be updated.
   */
  branchSha: string | undefined;
  pull: PullInfo | undefined;
  /** The bot's record of the commits it created for this request (see `ledger.ts`). */
  ledger: readonly LedgerEntry[];
  /**
   * Records a commit the bot created in state only the bot can write (and reads it back: see `recordCommit`). A new
   * branch's commit is recorded right after the one mutation that made it, from the oid that mutation answered; an
   * update's commit is made on a scratch branch and recorded before the request's branch moves to it. `opened` is
   * the pull request the commit's own mutation opened (or updated), when it did: what a status comment created by the
   * record can already link to.
   */
  record(entry: LedgerEntry, opened?: { number: number; htmlUrl: string }): Promise<void>;
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
 * The scratch branch an update's commit is made on: `createCommitOnBranch` can only commit on top of a branch's
 * head, and every commit of the bot sits directly on the base it was rendered on (one parent: the base commit), so
 * the commit is made on a branch reset to the base, then the request's branch is moved to it. The request's branch
 * itself is never set to the base: GitHub closes a pull request whose head equals its base, for good.
 */
export function scratchBranch(branch: string): string {
  return `onboarding-bot-scratch/${branch}`;
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

/** A clear error for deletions that cannot be carried out as given; nothing is written. */
function checkDeletions(files: readonly FileChange[], deletions: readonly string[]): void {
  const written = new Set(files.map((f) => f.path));
  const both = deletions.find((path) => written.has(path));
  if (both !== undefined) {
    throw new Error(`publish: deletions: '${both}' is both written and deleted; a path is either in files or in deletions, not both`);
  }
  const bad = deletions.find((path) => path === "" || path.startsWith("/") || path.endsWith("/") || path.split("/").some((p) => p === "." || p === ".."));
  if (bad !== undefined) throw new Error(`publish: deletions: '${bad}' is not a file path relative to the repository root (like 'a/b.yaml')`);
}

/**
 * Makes the GitOps repository hold exactly one branch and one pull request for the request, whose head is one
 * commit of the bot with exactly the rendered files on exactly the base (one parent: the base commit). Writes go
 * over GraphQL mutations, GitHub signing each commit as the app. Safe to run any number of times, from any number of
 * replicas:
 * - no branch: ONE mutation document creates the branch at the base, commits on it (`expectedHeadOid` = base) and
 *   opens (or updates) the pull request; the commit is then recorded in the ledger from the oid the mutation
 *   answered. A crash before the record leaves a head that is exactly the bot's rendering on exactly the base, which
 *   the next run adopts (and nothing else). The pull request is re-read first when there is one, so a replica that
 *   read the state before another one merged never brings the deleted branch back;
 * - branch whose head the ledger vouches for, with the same digest: nothing to commit;
 * - branch whose head the ledger vouches for, with another digest: the new commit is made on the scratch branch
 *   reset to the base (one document), recorded, then the request's branch is moved to it only if it is still at
 *   the head that was vouched for (atomic `updateRefs` with `beforeOid`), with the pull request update in the same
 *   document: a branch that moved meanwhile is re-read, never overwritten;
 * - any other head (someone else's commit, whatever its message or signature): stop and report it, never overwrite;
 * - pull request: created if missing ("already exists" → found and updated), title/body updated in place.
 */
export async function publishRequest(octokit: Octokit, writer: Writer, input: PublishInput): Promise<PublishOutcome> {
  const { gitops, branch } = input;
  const deletions = [...(input.deletions ?? [])];
  checkDeletions(input.files, deletions);
  const digest = withDeletions(input.digest, deletions);
  const tenantDigest = withDeletions(input.tenantDigest, deletions);
  const base = input.base.commitSha;
  let branchSha = input.branchSha;
  let pull = input.pull;
  let ledger = [...input.ledger];

  let repositoryId = input.repositoryId;
  const repoId = async (): Promise<string> => (repositoryId ??= (await readNodeIds(octokit, gitops)).repositoryId);
  const pullId = async (p: PullInfo): Promise<string> => p.nodeId ?? ((await readNodeIds(octokit, gitops, p.number)).pullId as string);
  const act = (steps: ActStep[]): Promise<ActResult> => writer.act(gitops, repoId, steps);

  const entryOf = (commit: CreatedCommit, at = commit.committedAt): LedgerEntry => ({
    sha: commit.oid,
    tree: commit.tree,
    parents: [...commit.parents],
    base,
    digest,
    tenantDigest,
    at,
    fields: input.fields,
  });
  const record = async (entry: LedgerEntry, opened?: { number: number; htmlUrl: string }): Promise<LedgerEntry> => {
    await input.record(entry, opened);
    ledger = appendEntry(ledger, entry);
    return entry;
  };
  const commitStep = (onto: string): ActStep => ({
    kind: "commit",
    branch: onto,
    expectedHead: base,
    message: input.commitMessage,
    additions: input.files,
    deletions,
  });

  /** The step that brings the pull request in line (none when it already is): create, or update title/body/state. */
  const pullSteps = async (current: PullInfo | undefined): Promise<ActStep[]> => {
    if (!current) return [{ kind: "createPull", base: input.baseBranch, head: branch, title: input.title, body: input.body }];
    const reopen = current.state === "closed";
    const title = current.title !== input.title ? input.title : undefined;
    const body = current.body !== input.body ? input.body : undefined;
    if (!reopen && title === undefined && body === undefined) return [];
    return [{ kind: "updatePull", pullId: await pullId(current), ...(title === undefined ? {} : { title }), ...(body === undefined ? {} : { body }), reopen }];
  };

  /** The outcome once the branch holds `head`, from the pull request step's answer (`result`) when there was one. */
  const finish = async (head: LedgerEntry, committed: boolean, result: ActResult | undefined): Promise<PublishOutcome> => {
    const step = result?.steps.find((s) => s.kind === "createPull" || s.kind === "updatePull");
    if (step?.kind === "createPull" && step.ok && result?.pull) {
      // The pull request as the mutation answered it, so its reconcile need not read it again.
      const pull = result.opened ?? { number: result.pull.number, htmlUrl: result.pull.url };
      return { kind: "opened", pull, headSha: head.sha, committed, entry: head };
    }
    if (step?.kind === "createPull") {
      // Another replica opened it first ("already exists"): find it, and bring it in line like any existing one.
      const found = await findOwnPull(octokit, input);
      if (!found) throw new Error(`publish: GitHub refused to open the pull request of ${branch} (${step.error ?? "no answer"}) and none exists`);
      pull = found;
      const steps = await pullSteps(found);
      if (steps.length > 0) await act(steps);
    } else if (step && !step.ok) {
      throw new Error(`publish: GitHub refused to update pull request #${pull?.number} (${step.error ?? "no answer"})`);
    }
    if (!pull) throw new Error(`publish: no pull request for ${branch} after publishing`);
    const kind = pull.state === "closed" ? "reopened" : committed ? "updated" : "unchanged";
    return { kind, pull, headSha: head.sha, committed, entry: head };
  };

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
  /**
   * A head the ledger does not vouch for is still acceptable when its content is exactly what the bot renders now, on
   * exactly the base it renders on: one parent, the base commit, and the very tree the bot would create (GitHub's
   * tree ids are content hashes, and creating a tree that exists changes nothing). That is how a commit whose record
   * was lost (a crash between the mutation and the record), or a pull request opened before the ledger existed, is
   * adopted without trusting anything its author chose. It is recorded with the time of adoption, so approvals given
   * before it do not count.
   */
  const adoptIdentical = async (sha: string): Promise<LedgerEntry | undefined> => {
    const head = await readCommit(sha);
    if (head.parents.length !== 1 || head.parents[0] !== base) return undefined;
    const tree = await writer.createTree(gitops, input.base.treeSha, input.files, deletions);
    if (tree !== head.treeSha) return undefined;
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    return record(entryOf({ oid: sha, tree, parents: [...head.parents], committedAt: at }));
  };

  /** Throws GitHub's reason when the commit was refused for what it asked (a deletion of a missing path, ...), not for a race. */
  const refusedCommit = (result: ActResult): void => {
    const step = result.steps.find((s) => s.kind === "commit");
    if (step && !step.ok && !lostRace(step)) throw new Error(`publish: GitHub refused the commit on ${branch} in ${gitops.owner}/${gitops.repo}: ${step.error ?? "no answer"}`);
  };

  for (let attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
    if (attempt > 0) {
      [branchSha, pull] = await Promise.all([getBranchSha(octokit, gitops, branch), findOwnPull(octokit, input)]);
    }
    if (pull?.merged) return { kind: "merged", pull };
    if (pull && pull.state === "closed" && !input.reopen) return { kind: "closed", pull };

    if (branchSha === undefined || branchSha === base) {
      // No branch (never made, or deleted after a merge by another replica after this run read the pull request: the
      // pull request is re-read before the branch comes back), or a branch left at exactly the base by a document
      // whose commit failed: branch, commit and pull request in one document.
      if (pull && branchSha === undefined) {
        const fresh = await getPull(octokit, gitops, pull.number);
        if (fresh.merged) return { kind: "merged", pull: fresh };
        if (fresh.state === "closed" && !input.reopen) return { kind: "closed", pull: fresh };
      }
      const create: ActStep[] = branchSha === undefined ? [{ kind: "createRef", branch, oid: base }] : [];
      const result = await act([...create, commitStep(branch), ...(await pullSteps(pull))]);
      // No commit: the branch was created or moved by someone else meanwhile. Re-read, never overwrite.
      if (!result.commit) {
        refusedCommit(result);
        continue;
      }
      // Recorded from what the mutation answered, never from re-reading the branch (which anyone may move).
      // The pull request the same document opened (if it did) goes with the record, so the status comment the record
      // may create already links it.
      const opened = result.pull ? { number: result.pull.number, htmlUrl: result.pull.url } : undefined;
      const entry = await record(entryOf(result.commit), opened);
      return finish(entry, true, result);
    }

    const vouched = (await vouchedHead(octokit, gitops, ledger, branchSha, readCommit)) ?? (await adoptIdentical(branchSha));
    if (!vouched) return { kind: "foreign-commit", sha: branchSha, pull };
    if (vouched.digest === digest) {
      const steps = await pullSteps(pull);
      return finish(vouched, false, steps.length > 0 ? await act(steps) : undefined);
    }

    // New content over the bot's head: commit on the scratch branch reset to the base, record, then move.
    const scratch = scratchBranch(branch);
    const made = await act([{ kind: "updateRefs", changes: [{ branch: scratch, after: base, force: true }] }, commitStep(scratch)]);
    if (!made.commit) {
      refusedCommit(made);
      continue;
    }
    const entry = await record(entryOf(made.commit));
    const moved = await act([
      { kind: "updateRefs", changes: [{ branch, before: branchSha, after: entry.sha, force: true }] },
      { kind: "updateRefs", changes: [{ branch: scratch, before: entry.sha, after: ZERO_OID, force: true }] },
      ...(await pullSteps(pull)),
    ]);
    if (!moved.steps[0]?.ok) continue;
    return finish(entry, true, moved);
  }
  throw new Error(`publish: branch ${branch} in ${gitops.owner}/${gitops.repo} kept moving; gave up after ${PUBLISH_ATTEMPTS} attempts`);
}
