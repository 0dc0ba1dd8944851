import type { FlatEntry, GitPerson, TreeChange } from "./git-store.js";
import { issueEvent, newIssueRecord } from "./issue-ops.js";
import { ApiError, type Actor, type IssueRecord, type RepoRecord, type ReviewRecord, type SimState } from "./model.js";
import { eventBase, mergeable, pullJson, reviewJson, teamJson, userJson } from "./payloads.js";
import { moveRef, personOf, verified } from "./repo-ops.js";

const WEB_FLOW = { name: "GitHub", email: "noreply@github.com" };

function invalid(field: string): ApiError {
  return new ApiError(422, "Validation Failed", [{ resource: "PullRequest", field, code: "invalid" }]);
}

function custom(message: string): ApiError {
  return new ApiError(422, "Validation Failed", [{ resource: "PullRequest", code: "custom", message }]);
}

/** The pull request `number`, or a 404 (also for plain issues). */
export function requirePull(repo: RepoRecord, number: number): IssueRecord & { pull: NonNullable<IssueRecord["pull"]> } {
  const issue = repo.issues.get(number);
  if (!issue?.pull) throw new ApiError(404, "Not Found");
  return issue as IssueRecord & { pull: NonNullable<IssueRecord["pull"]> };
}

/** Splits `owner:branch` (or `branch`) and checks the owner is the repository's (forks are not simulated). */
export function headBranch(repo: RepoRecord, head: string): string {
  const colon = head.indexOf(":");
  if (colon < 0) return head;
  if (head.slice(0, colon).toLowerCase() !== repo.owner.toLowerCase()) throw invalid("head");
  return head.slice(colon + 1);
}

/**
 * Opens a pull request with GitHub's checks: base and head must exist, no open pull request may have the same
 * head ("A pull request already exists for owner:branch."), and head must have commits the base lacks.
 */
export function createPull(
  state: SimState,
  repo: RepoRecord,
  actor: Actor,
  opts: { title: string; body?: string | null; head: string; base: string; draft?: boolean },
): IssueRecord {
  const branch = headBranch(repo, opts.head);
  const headSha = repo.refs.get(`refs/heads/${branch}`);
  const baseSha = repo.refs.get(`refs/heads/${opts.base}`);
  if (baseSha === undefined) throw invalid("base");
  if (headSha === undefined) throw invalid("head");
  const duplicate = [...repo.issues.values()].some((i) => i.pull && i.state === "open" && i.pull.headRef === branch);
  if (duplicate) throw custom(`A pull request already exists for ${repo.owner}:${branch}.`);
  if (repo.git.isAncestor(headSha, baseSha)) throw custom(`No commits between ${opts.base} and ${branch}`);
  const issue = newIssueRecord(state, repo, actor, opts.title, opts.body ?? null);
  issue.pull = {
    headRef: branch,
    headSha,
    baseRef: opts.base,
    baseSha,
    merged: false,
    merged_at: null,
    merged_by: null,
    merge_commit_sha: null,
    requested_reviewers: [],
    requested_teams: [],
    reviews: [],
    draft: opts.draft ?? false,
  };
  issueEvent(state, repo, issue, "opened", actor);
  return issue;
}

/** Options of `PUT pulls/{n}/merge`. */
export interface MergeOptions {
  sha?: string;
  merge_method?: "merge" | "squash" | "rebase";
  commit_title?: string;
  commit_message?: string;
}

/**
 * Merges like GitHub: the files that differ between the merge base and the head are applied onto the base tip
 * (one merge or squash commit, or the head's commits replayed for `rebase`), the base ref moves, and
 * `pull_request.closed` (merged) and `push` are delivered. 409 when `sha` is not the head, 405 when not mergeable.
 */
export function mergePull(state: SimState, repo: RepoRecord, issue: IssueRecord, actor: Actor, opts: MergeOptions): string {
  const pull = issue.pull;
  if (!pull) throw new ApiError(404, "Not Found");
  if (issue.state !== "open" || pull.merged) throw new ApiError(405, "Pull Request is not mergeable");
  if (opts.sha !== undefined && opts.sha !== pull.headSha) {
    throw new ApiError(409, "Head branch was modified. Review and try the merge again.");
  }
  if (mergeable(repo, issue) === false) throw new ApiError(405, "Pull Request is not mergeable");
  const git = repo.git;
  const baseTip = pull.baseSha;
  const treeOf = (sha: string): string | undefined => git.commit(sha)?.tree;
  const applyOnto = (onto: string, from: string, to: string): string =>
    git.applyChanges(treeOf(onto), asTreeChanges(git.diff(treeOf(from), treeOf(to))));
  const now = state.now();
  const committer: GitPerson = { ...WEB_FLOW, date: now };
  const method = opts.merge_method ?? "merge";
  let sha: string;
  if (method === "rebase") {
    sha = baseTip;
    for (const original of git.commitsBetween(baseTip, pull.headSha)) {
      const commit = git.commit(original);
      if (!commit) continue;
      const parent = commit.parents[0];
      const tree = parent === undefined ? commit.tree : applyOnto(sha, parent, original);
      sha = git.writeCommit({ tree, parents: [sha], author: commit.author, committer, message: commit.message, verification: verified(state) });
    }
  } else {
    const mergeBase = git.mergeBase(baseTip, pull.headSha) ?? baseTip;
    const tree = applyOnto(baseTip, mergeBase, pull.headSha);
    const squash = method === "squash";
    const title = opts.commit_title ?? (squash ? `${issue.title} (#${issue.number})` : `Merge pull request #${issue.number} from ${repo.owner}/${pull.headRef}`);
    const details =
      opts.commit_message ??
      (squash
        ? git
            .commitsBetween(baseTip, pull.headSha)
            .map((c) => `* ${git.commit(c)?.message ?? ""}`)
            .join("\n\n")
        : issue.title);
    sha = git.writeCommit({
      tree,
      parents: squash ? [baseTip] : [baseTip, pull.headSha],
      author: squash ? personOf(state, issue.user, now) : personOf(state, actor, now),
      committer,
      message: details === "" ? title : `${title}\n\n${details}`,
      verification: verified(state),
    });
  }
  pull.merged = true;
  pull.merged_at = now;
  pull.merged_by = state.ensureUser(actor).login;
  pull.merge_commit_sha = sha;
  issue.state = "closed";
  issue.closed_at = now;
  issue.closed_by = pull.merged_by;
  issue.updated_at = now;
  issueEvent(state, repo, issue, "closed", actor);
  moveRef(state, repo, `refs/heads/${pull.baseRef}`, sha, actor);
  return sha;
}

/**
 * Requests reviews: users must exist and not be the author, teams must belong to the owner organization (422
 * otherwise, as GitHub answers); one `pull_request.review_requested` per new reviewer.
 */
export function requestReviewers(
  state: SimState,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: Actor,
  reviewers: string[],
  teams: string[],
): void {
  const pull = issue.pull;
  if (!pull) throw new ApiError(404, "Not Found");
  const notCollaborator = new ApiError(
    422,
    `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.fullName} repository.`,
  );
  const users = reviewers.map((r) => state.user(r));
  if (users.some((u) => u === undefined || u.type === "Organization")) throw notCollaborator;
  if (users.some((u) => u?.login === issue.user)) throw new ApiError(422, "Review cannot be requested from pull request author.");
  const teamRecords = teams.map((slug) => state.teams.get(`${repo.owner}/${slug}`.toLowerCase()));
  if (teamRecords.some((t) => t === undefined)) throw notCollaborator;
  for (const user of users) {
    if (!user || pull.requested_reviewers.includes(user.login)) continue;
    pull.requested_reviewers.push(user.login);
    issueEvent(state, repo, issue, "review_requested", actor, { requested_reviewer: userJson(state, user.login) });
  }
  for (const team of teamRecords) {
    if (!team || pull.requested_teams.includes(team.slug)) continue;
    pull.requested_teams.push(team.slug);
    issueEvent(state, repo, issue, "review_requested", actor, { requested_team: teamJson(state, repo.owner, team.slug) });
  }
  issue.updated_at = state.now();
}

/**
 * Records a review. Submitted reviews (any state but `PENDING`) remove the reviewer from the requested reviewers and
 * deliver `pull_request_review.submitted` (state in lower case, as GitHub sends it). Authors cannot approve or
 * request changes on their own pull request (422).
 */
export function submitReview(
  state: SimState,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: Actor,
  reviewState: ReviewRecord["state"],
  body: string,
  commitId?: string,
): ReviewRecord {
  const pull = issue.pull;
  if (!pull) throw new ApiError(404, "Not Found");
  const login = state.ensureUser(actor).login;
  if (login === issue.user && (reviewState === "APPROVED" || reviewState === "CHANGES_REQUESTED")) {
    throw new ApiError(422, "Unprocessable Entity", [
      `Can not ${reviewState === "APPROVED" ? "approve" : "request changes on"} your own pull request`,
    ]);
  }
  if (reviewState === "CHANGES_REQUESTED" || (reviewState === "COMMENTED" && body === "")) {
    if (body === "") throw new ApiError(422, "Unprocessable Entity", [`Review Can not ${reviewState === "COMMENTED" ? "comment" : "request changes"} without a body`]);
  }
  const submitted = reviewState !== "PENDING";
  const review: ReviewRecord = {
    id: state.nextId(),
    user: login,
    body,
    state: reviewState,
    commit_id: commitId ?? pull.headSha,
    submitted_at: submitted ? state.now() : null,
  };
  pull.reviews.push(review);
  if (submitted) {
    pull.requested_reviewers = pull.requested_reviewers.filter((r) => r !== login);
    const json = reviewJson(state, repo, issue, review);
    state.emit("pull_request_review", {
      action: "submitted",
      review: { ...json, state: review.state.toLowerCase() },
      pull_request: pullJson(state, repo, issue),
      ...eventBase(state, repo, actor),
    });
  }
  return review;
}

/**
 * Merges `head` (a branch or commit) into the branch `base`, as `POST /repos/{o}/{r}/merges` and GraphQL's
 * `mergeBranch` do: a merge commit by the actor, signed by GitHub, then `push`. Returns `undefined` when there is
 * nothing to merge (head already in base); 404 for an unknown base or head, 409 "Merge conflict" when both sides
 * changed a path differently since their merge base.
 */
export function mergeBranches(state: SimState, repo: RepoRecord, base: string, head: string, actor: Actor, message?: string): string | undefined {
  const baseTip = repo.refs.get(`refs/heads/${base}`);
  if (baseTip === undefined) throw new ApiError(404, "Base does not exist");
  const headSha = repo.refs.get(`refs/heads/${head}`) ?? (repo.git.commit(head) ? head : undefined);
  if (headSha === undefined) throw new ApiError(404, "Head does not exist");
  const git = repo.git;
  if (git.isAncestor(headSha, baseTip)) return undefined;
  const treeOf = (sha: string | undefined): string | undefined => (sha === undefined ? undefined : git.commit(sha)?.tree);
  const atBase = treeOf(git.mergeBase(baseTip, headSha));
  const ours = git.diff(atBase, treeOf(baseTip));
  const theirs = git.diff(atBase, treeOf(headSha));
  for (const [path, entry] of theirs) {
    if (ours.has(path) && ours.get(path)?.sha !== entry?.sha) throw new ApiError(409, "Merge conflict");
  }
  const merged = git.applyChanges(treeOf(baseTip), asTreeChanges(theirs));
  const now = state.now();
  const sha = git.writeCommit({
    tree: merged,
    parents: [baseTip, headSha],
    author: personOf(state, actor, now),
    committer: { ...WEB_FLOW, date: now },
    message: message ?? `Merge ${head} into ${base}`,
    verification: verified(state),
  });
  moveRef(state, repo, `refs/heads/${base}`, sha, actor);
  return sha;
}

/** Withdraws review requests (`pull_request.review_request_removed` per reviewer or team that was requested). */
export function removeReviewRequests(state: SimState, repo: RepoRecord, issue: IssueRecord, actor: Actor, reviewers: string[], teams: string[]): void {
  const pull = issue.pull;
  if (!pull) throw new ApiError(404, "Not Found");
  for (const login of reviewers) {
    if (!pull.requested_reviewers.includes(login)) continue;
    pull.requested_reviewers = pull.requested_reviewers.filter((r) => r !== login);
    issueEvent(state, repo, issue, "review_request_removed", actor, { requested_reviewer: userJson(state, login) });
  }
  for (const slug of teams) {
    if (!pull.requested_teams.includes(slug)) continue;
    pull.requested_teams = pull.requested_teams.filter((t) => t !== slug);
    issueEvent(state, repo, issue, "review_request_removed", actor, { requested_team: teamJson(state, repo.owner, slug) });
  }
}

/** Changes of {@link GitStore.diff} as the edits that apply them to another tree. */
function asTreeChanges(changes: ReadonlyMap<string, FlatEntry | null>): TreeChange[] {
  return [...changes].map(([path, entry]) => (entry === null ? { path, sha: null } : { path, mode: entry.mode, type: entry.type, sha: entry.sha }));
}
