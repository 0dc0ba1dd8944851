import { mapLimit } from "../util/map-limit.js";
import { FAN_OUT_LIMIT } from "./fan-out-limit.js";
import { statusOf, type Octokit } from "./octokit.js";
import type { IssueRef, RepoRef } from "./repo-ref.js";
import { DEFAULT_WALK_BOUNDS, blobPathsBelow, loadTreesBelow, trimTrees, type WalkBounds } from "./tree-walk.js";

/**
 * Every read the app makes of GitHub, in one place, each returning plain data. Reads are safe to repeat; the
 * controller re-reads the whole state on every event (level-triggered), so nothing here caches across events.
 */

export { FAN_OUT_LIMIT } from "./fan-out-limit.js";

export interface Actor {
  login: string;
  type: "User" | "Bot";
}

function actorOf(user: { login?: string; type?: string } | null | undefined): Actor {
  return { login: user?.login ?? "ghost", type: user?.type === "Bot" ? "Bot" : "User" };
}

export interface IssueInfo {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  stateReason: string | null;
  labels: string[];
  user: Actor;
  htmlUrl: string;
  isPull: boolean;
  closedAt: string | null;
}

/** Reads an issue (or the issue side of a pull request). */
export async function getIssue(octokit: Octokit, ref: IssueRef): Promise<IssueInfo> {
  const { data } = await octokit.rest.issues.get({ owner: ref.owner, repo: ref.repo, issue_number: ref.number });
  return {
    number: data.number,
    title: data.title,
    body: data.body ?? "",
    state: data.state === "closed" ? "closed" : "open",
    stateReason: data.state_reason ?? null,
    labels: data.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter((n) => n !== ""),
    user: actorOf(data.user),
    htmlUrl: data.html_url,
    isPull: data.pull_request !== undefined && data.pull_request !== null,
    closedAt: data.closed_at ?? null,
  };
}

export interface CommentInfo {
  id: number;
  /**
   * Whether the app itself wrote the comment: `false` for other accounts (other bots included) once the app knows
   * its own login, `undefined` when it does not.
   */
  mine?: boolean;
  body: string;
  user: Actor;
  createdAt: string;
  updatedAt: string;
  htmlUrl: string;
  /** GitHub's GraphQL node id, to read the comment's edit history. */
  nodeId?: string;
}

/** Reads every comment of an issue or pull request, oldest first; `ownLogin` marks the app's own comments. */
export async function listComments(octokit: Octokit, ref: IssueRef, ownLogin?: string): Promise<CommentInfo[]> {
  const own = ownLogin?.toLowerCase();
  const data = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.number,
    per_page: 100,
  });
  return data.map((c) => ({
    id: c.id,
    ...(own !== undefined ? { mine: (c.user?.login ?? "").toLowerCase() === own } : {}),
    body: c.body ?? "",
    user: actorOf(c.user),
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    htmlUrl: c.html_url,
    ...(c.node_id ? { nodeId: c.node_id } : {}),
  }));
}

/** One comment's current body, or undefined when it is gone. */
export async function getCommentBody(octokit: Octokit, repo: RepoRef, id: number): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.issues.getComment({ owner: repo.owner, repo: repo.repo, comment_id: id });
    return data.body ?? "";
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/** One version of a comment's text, as GitHub's edit history keeps it. */
export interface CommentRevision {
  /** The text of this version. */
  body: string;
  /** When this version was written (the creation time for the first). */
  at: string;
  /** Who wrote this version, when GitHub says. */
  editor?: string;
}

/** Most revisions read per comment; GitHub keeps them all, and a comment edited more often is read from the newest. */
export const MAX_REVISIONS = 50;

const REVISIONS_QUERY = `query($ids: [ID!]!, $last: Int!) {
  nodes(ids: $ids) {
    ... on IssueComment {
      id
      createdAt
      userContentEdits(last: $last) {
        nodes { diff editedAt deletedAt editor { login } }
      }
    }
  }
}`;

interface RevisionNode {
  id?: string;
  createdAt?: string;
  userContentEdits?: { nodes?: Array<{ diff?: string | null; editedAt?: string; deletedAt?: string | null; editor?: { login?: string } | null } | null> } | null;
}

/**
 * Every version of the given comments' text, from GitHub's edit history (GraphQL `userContentEdits`, whose `diff`
 * holds the full text of each version), by node id. One call for up to 100 comments. Throws when GitHub cannot
 * answer: the approval gate then fails closed, since an edit must never lift a hold it cannot see.
 */
export async function readRevisions(octokit: Octokit, nodeIds: readonly string[]): Promise<Map<string, CommentRevision[]>> {
  const out = new Map<string, CommentRevision[]>();
  for (let i = 0; i < nodeIds.length; i += 100) {
    const ids = nodeIds.slice(i, i + 100);
    const data = await octokit.graphql<{ nodes: Array<RevisionNode | null> }>(REVISIONS_QUERY, { ids, last: MAX_REVISIONS });
    for (const node of data.nodes) {
      if (!node?.id) continue;
      const revisions: CommentRevision[] = [];
      for (const edit of node.userContentEdits?.nodes ?? []) {
        if (!edit || edit.deletedAt || typeof edit.diff !== "string" || !edit.editedAt) continue;
        revisions.push({ body: edit.diff, at: edit.editedAt, ...(edit.editor?.login ? { editor: edit.editor.login } : {}) });
      }
      out.set(node.id, revisions);
    }
  }
  return out;
}

/**
 * The GitOps repository at the head of a branch: the commit, its tree, and the blob sha of each file looked up (the
 * whole tree is never read: see `base-snapshot.ts`, whose `readBaseSnapshot` produces this).
 */
export interface BaseState {
  commitSha: string;
  treeSha: string;
  /** Blob sha by path, for the files looked up at that commit. */
  blobs: Map<string, string>;
}

/**
 * Every blob path of a tree, for the change requests that must see the whole repository (cluster changes and
 * offboarding follow every kustomization's references and delete only what nothing refers to). Walked directory by
 * directory by oid through the process-wide tree cache (`tree-walk.ts`), never with a recursive listing: an unchanged
 * base reads nothing, a new base reads only the directories its commit changed, and no truncated answer is ever
 * taken as complete. Undefined when the tree is past `bounds` (entries or calls; `limits.maxTreeEntries`): the caller
 * refuses rather than guess.
 * @throws Error when GitHub does not return a directory the walk asks for (never answered with partial paths).
 */
export async function readTreePaths(octokit: Octokit, repo: RepoRef, treeSha: string, bounds: WalkBounds = DEFAULT_WALK_BOUNDS): Promise<Set<string> | undefined> {
  const loaded = await loadTreesBelow(octokit, repo, [treeSha], { levels: 1, bounds });
  if (!loaded.ok) return undefined;
  const paths = blobPathsBelow(treeSha);
  trimTrees(loaded.trees);
  return paths;
}

/** Reads one file at a ref through the contents API; undefined when it does not exist. */
export async function readFileAtRef(octokit: Octokit, repo: RepoRef, path: string, ref: string): Promise<string | undefined> {
  return (await readFileWithSha(octokit, repo, path, ref))?.content;
}

/** One file at a ref with its blob sha, through the contents API; undefined when it is missing or not a file. */
async function readFileWithSha(
  octokit: Octokit,
  repo: RepoRef,
  path: string,
  ref: string,
): Promise<{ content: string; sha: string } | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path, ref });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return undefined;
    return { content: Buffer.from(data.content, "base64").toString("utf8"), sha: data.sha };
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/** The sha a branch points at, or undefined when the branch does not exist. */
export async function getBranchSha(octokit: Octokit, repo: RepoRef, branch: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.git.getRef({ owner: repo.owner, repo: repo.repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/** A branch and the commit it points at. */
export interface BranchHead {
  /** The branch name, without `refs/heads/`. */
  branch: string;
  sha: string;
}

/**
 * The branches whose names start with `prefix`, in one call (`GET /repos/{owner}/{repo}/git/matching-refs/heads/<prefix>`,
 * which answers `[]` when none match; paginated only when GitHub says so). Only names that really start with the
 * prefix are returned, whatever GitHub's matching does. An empty repository (409) has no branches.
 */
export async function listBranches(octokit: Octokit, repo: RepoRef, prefix: string): Promise<BranchHead[]> {
  const full = `refs/heads/${prefix}`;
  try {
    const refs = await octokit.paginate(octokit.rest.git.listMatchingRefs, { owner: repo.owner, repo: repo.repo, ref: `heads/${prefix}` });
    return refs.filter((r) => r.ref.startsWith(full)).map((r) => ({ branch: r.ref.slice("refs/heads/".length), sha: r.object.sha }));
  } catch (error) {
    if (statusOf(error) === 409) return [];
    throw error;
  }
}

export interface CommitInfo {
  sha: string;
  message: string;
  parents: string[];
  treeSha: string;
  verified: boolean;
  committerName: string;
}

/** Reads a commit object (message, parents, tree, signature verification). */
export async function getCommit(octokit: Octokit, repo: RepoRef, sha: string): Promise<CommitInfo> {
  const { data } = await octokit.rest.git.getCommit({ owner: repo.owner, repo: repo.repo, commit_sha: sha });
  return {
    sha: data.sha,
    message: data.message,
    parents: data.parents.map((p) => p.sha),
    treeSha: data.tree.sha,
    verified: data.verification?.verified === true,
    committerName: data.committer?.name ?? "",
  };
}

export interface PullInfo {
  number: number;
  /** GitHub's global node id, which GraphQL mutations name the pull request by (absent: not read). */
  nodeId?: string;
  state: "open" | "closed";
  merged: boolean;
  title: string;
  body: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  user: Actor;
  labels: string[];
  htmlUrl: string;
  mergeable: boolean | null;
  closedAt: string | null;
}

type RawPull = {
  number: number;
  node_id?: string;
  state: string;
  merged_at?: string | null;
  merged?: boolean;
  title: string;
  body?: string | null;
  head: { ref: string; sha: string };
  base: { ref: string };
  user?: { login?: string; type?: string } | null;
  labels?: Array<{ name?: string }>;
  html_url: string;
  mergeable?: boolean | null;
  closed_at?: string | null;
};

function pullOf(data: RawPull): PullInfo {
  return {
    number: data.number,
    ...(data.node_id ? { nodeId: data.node_id } : {}),
    state: data.state === "closed" ? "closed" : "open",
    merged: data.merged === true || (data.merged_at !== undefined && data.merged_at !== null),
    title: data.title,
    body: data.body ?? "",
    headRef: data.head.ref,
    headSha: data.head.sha,
    baseRef: data.base.ref,
    user: actorOf(data.user),
    labels: (data.labels ?? []).map((l) => l.name ?? "").filter((n) => n !== ""),
    htmlUrl: data.html_url,
    mergeable: data.mergeable ?? null,
    closedAt: data.closed_at ?? null,
  };
}

/** Finds the pull request whose head is `branch` in `repo` (open first, else the newest closed one). */
export async function findPullForBranch(octokit: Octokit, repo: RepoRef, branch: string): Promise<PullInfo | undefined> {
  const { data } = await octokit.rest.pulls.list({
    owner: repo.owner,
    repo: repo.repo,
    head: `${repo.owner}:${branch}`,
    state: "all",
    per_page: 10,
  });
  const pulls = data.map((p) => pullOf(p as RawPull)).filter((p) => p.headRef === branch);
  return pulls.find((p) => p.state === "open") ?? pulls.sort((a, b) => b.number - a.number)[0];
}

/** Reads one pull request with its mergeability. */
export async function getPull(octokit: Octokit, repo: RepoRef, number: number): Promise<PullInfo> {
  const { data } = await octokit.rest.pulls.get({ owner: repo.owner, repo: repo.repo, pull_number: number });
  return pullOf(data as RawPull);
}

export interface ReviewInfo {
  id: number;
  user: Actor;
  state: "approved" | "changes_requested" | "commented" | "dismissed";
  submittedAt: string;
  /** The head commit the review was given on, as GitHub recorded it. */
  commitId: string | null;
}

/** Reads every review of a pull request. */
export async function listReviews(octokit: Octokit, repo: RepoRef, number: number): Promise<ReviewInfo[]> {
  const data = await octokit.paginate(octokit.rest.pulls.listReviews, {
    owner: repo.owner,
    repo: repo.repo,
    pull_number: number,
    per_page: 100,
  });
  return data
    .filter((r) => r.submitted_at)
    .map((r) => ({
      id: r.id,
      user: actorOf(r.user),
      state: r.state.toLowerCase() as ReviewInfo["state"],
      submittedAt: r.submitted_at as string,
      commitId: r.commit_id ?? null,
    }));
}

/** Looks every login up on GitHub: canonical login by lowercased login, null for a login that does not exist. */
export async function lookupUsers(octokit: Octokit, logins: readonly string[]): Promise<Map<string, string | null>> {
  const found = await mapLimit(logins, FAN_OUT_LIMIT, async (login) => {
    try {
      const { data } = await octokit.rest.users.getByUsername({ username: login });
      return data.login;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  });
  return new Map(logins.map((l, i) => [l.toLowerCase(), found[i] ?? null]));
}

/** Lowercased logins of a team's members; an unknown team reads as empty (and the caller logs it). */
export async function teamMembers(octokit: Octokit, org: string, slug: string): Promise<string[]> {
  try {
    const data = await octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, per_page: 100 });
    return data.map((m) => m.login.toLowerCase());
  } catch (error) {
    if (statusOf(error) === 404) return [];
    throw error;
  }
}

/**
 * Numbers of the open issues in `repo` opened by `creator` and carrying `label`, oldest first, at most `limit`
 * of them: one call (`GET /repos/{owner}/{repo}/issues?creator=&labels=&state=open`, one page), used to count a
 * requester's open onboarding requests. Pull requests (which the endpoint also lists) are left out.
 */
export async function openIssuesBy(octokit: Octokit, repo: RepoRef, creator: string, label: string, limit: number): Promise<number[]> {
  const { data } = await octokit.rest.issues.listForRepo({
    owner: repo.owner,
    repo: repo.repo,
    state: "open",
    creator,
    labels: label,
    sort: "created",
    direction: "asc",
    per_page: Math.min(100, Math.max(1, limit)),
  });
  return data.filter((i) => !i.pull_request).map((i) => i.number);
}

/** A file a pull request changes, as GitHub lists it. */
export interface PullFile {
  filename: string;
  status: string;
}

/** Every file a pull request changes (one call for a typical request). */
export async function listPullFiles(octokit: Octokit, repo: RepoRef, number: number): Promise<PullFile[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner: repo.owner, repo: repo.repo, pull_number: number, per_page: 100 });
  return files.map((f) => ({ filename: f.filename, status: f.status }));
}

/** One open issue or pull request carrying a label, as the sweep lists them. */
export interface LabelledItem {
  number: number;
  isPull: boolean;
  body: string;
}

/** Every open issue and pull request of `repo` carrying `label` (paginated). */
export async function listOpenLabelled(octokit: Octokit, repo: RepoRef, label: string): Promise<LabelledItem[]> {
  const items = await octokit.paginate(octokit.rest.issues.listForRepo, { owner: repo.owner, repo: repo.repo, state: "open", labels: label, per_page: 100 });
  return items.map((i) => ({ number: i.number, isPull: Boolean(i.pull_request), body: i.body ?? "" }));
}
