import type { FlatEntry, GitPerson, Verification } from "./git-store.js";
import { BOT_LOGIN, type Actor, type IssueRecord, type RepoRecord, type SimState } from "./model.js";
import { diffTrees, eventBase, pullJson } from "./payloads.js";

/** The all-zero sha GitHub uses for "no commit" in push payloads. */
export const ZERO_SHA = "0000000000000000000000000000000000000000";

/** An unverified commit's `verification`. */
export const UNVERIFIED: Verification = { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null };

/** The git identity GitHub gives a login (`<id>+<login>@users.noreply.github.com`). */
export function personOf(state: SimState, login: Actor, date = state.now()): GitPerson {
  const user = state.ensureUser(login);
  return { name: user.login, email: `${user.id}+${user.login}@users.noreply.github.com`, date };
}

/** A verified signature's `verification` (commits GitHub makes or signs for the app). */
export function verified(state: SimState): Verification {
  return {
    verified: true,
    reason: "valid",
    signature: "-----BEGIN PGP SIGNATURE-----\nsimulated\n-----END PGP SIGNATURE-----",
    payload: null,
    verified_at: state.now(),
  };
}

/** The commit a branch name, full ref or sha points at in `repo`. */
export function resolveCommitish(repo: RepoRecord, ref: string): string | undefined {
  // GitHub accepts a sha, a branch or tag name, `heads/BRANCH`, `tags/TAG` and a full `refs/...` name.
  for (const candidate of [ref, `refs/heads/${ref}`, `refs/tags/${ref}`, `refs/${ref}`]) {
    const sha = repo.refs.get(candidate);
    if (sha !== undefined) return sha;
  }
  if (repo.git.commit(ref)) return ref;
  return undefined;
}

/** Open pull requests of `repo` whose head (or base) is `branch`. */
function openPulls(repo: RepoRecord, branch: string, side: "headRef" | "baseRef"): IssueRecord[] {
  return [...repo.issues.values()].filter((i) => i.pull && i.state === "open" && i.pull[side] === branch);
}

/**
 * Moves (creates, when absent; deletes, when `sha` is null) a ref and delivers what GitHub would: a `push`, and a
 * `pull_request.synchronize` for each open pull request whose head branch moved.
 */
export function moveRef(state: SimState, repo: RepoRecord, ref: string, sha: string | null, sender: Actor, forced = false): void {
  const before = repo.refs.get(ref) ?? ZERO_SHA;
  const after = sha ?? ZERO_SHA;
  if (before === after) return;
  const otherTips = [...repo.refs].filter(([name]) => name !== ref).map(([, tip]) => tip);
  if (sha === null) repo.refs.delete(ref);
  else repo.refs.set(ref, sha);
  repo.pushed_at = state.now();
  emitPush(state, repo, ref, before, after, sender, forced, otherTips);
  const branch = ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : undefined;
  if (branch === undefined) return;
  for (const issue of openPulls(repo, branch, "baseRef")) {
    if (sha !== null && issue.pull) issue.pull.baseSha = sha;
  }
  for (const issue of openPulls(repo, branch, "headRef")) {
    const pull = issue.pull;
    if (!pull) continue;
    if (sha === null) {
      issue.state = "closed";
      issue.closed_at = state.now();
      issue.updated_at = issue.closed_at;
      state.emit("pull_request", { action: "closed", number: issue.number, pull_request: pullJson(state, repo, issue), ...eventBase(state, repo, sender) });
      continue;
    }
    pull.headSha = sha;
    issue.updated_at = state.now();
    state.emit("pull_request", {
      action: "synchronize",
      number: issue.number,
      before,
      after,
      pull_request: pullJson(state, repo, issue),
      ...eventBase(state, repo, sender),
    });
    // GitHub closes a pull request whose head is moved to exactly its base's head (no diff left), and refuses to
    // reopen it afterwards (reported by users; not documented by GitHub). Modelled as the close.
    if (sha === repo.refs.get(`refs/heads/${pull.baseRef}`)) {
      issue.state = "closed";
      issue.closed_at = state.now();
      issue.updated_at = issue.closed_at;
      state.emit("pull_request", { action: "closed", number: issue.number, pull_request: pullJson(state, repo, issue), ...eventBase(state, repo, sender) });
    }
  }
}

function emitPush(
  state: SimState,
  repo: RepoRecord,
  ref: string,
  before: string,
  after: string,
  sender: Actor,
  forced: boolean,
  otherTips: string[],
): void {
  const created = before === ZERO_SHA;
  const deleted = after === ZERO_SHA;
  const exclude = new Set<string>();
  if (created) for (const tip of otherTips) for (const sha of repo.git.ancestors(tip)) exclude.add(sha);
  const shas = deleted ? [] : repo.git.commitsBetween(created ? undefined : before, after).filter((s) => !exclude.has(s));
  const commits = shas.slice(-20).map((sha) => pushCommitJson(state, repo, sha));
  const pusher = state.user(sender) ?? { login: sender, id: 0 };
  state.emit("push", {
    ref,
    before,
    after,
    created,
    deleted,
    forced,
    base_ref: null,
    compare: `https://github.com/${repo.fullName}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
    commits,
    head_commit: deleted ? null : (commits[commits.length - 1] ?? pushCommitJson(state, repo, after)),
    pusher: { name: pusher.login, email: `${pusher.id}+${pusher.login}@users.noreply.github.com` },
    ...eventBase(state, repo, sender),
  });
}

function pushCommitJson(state: SimState, repo: RepoRecord, sha: string): Record<string, unknown> {
  const commit = repo.git.commit(sha);
  if (!commit) return { id: sha };
  const parentTree = commit.parents[0] === undefined ? undefined : repo.git.commit(commit.parents[0])?.tree;
  const before = parentTree === undefined ? new Map<string, FlatEntry>() : repo.git.flatten(parentTree);
  const changes = diffTrees(before, repo.git.flatten(commit.tree));
  const paths = (kind: "added" | "removed" | "modified"): string[] =>
    [...changes]
      .filter(([path, entry]) => (entry === null ? "removed" : before.has(path) ? "modified" : "added") === kind)
      .map(([path]) => path);
  const person = (p: GitPerson): Record<string, unknown> => ({ name: p.name, email: p.email, username: p.name });
  return {
    id: sha,
    tree_id: commit.tree,
    distinct: true,
    message: commit.message,
    timestamp: commit.committer.date,
    url: `https://github.com/${repo.fullName}/commit/${sha}`,
    author: person(commit.author),
    committer: person(commit.committer),
    added: paths("added"),
    removed: paths("removed"),
    modified: paths("modified"),
  };
}

/**
 * A person pushes one commit to `branch` (created from the default branch when absent): `files` maps paths to new
 * contents, `null` deletes. The commit is unverified. Returns its sha.
 */
export function pushFiles(
  state: SimState,
  repo: RepoRecord,
  branch: string,
  files: Record<string, string | null>,
  author: Actor,
  message: string,
  options: { signed?: boolean; date?: string } = {},
): string {
  const ref = `refs/heads/${branch}`;
  const parent = repo.refs.get(ref) ?? repo.refs.get(`refs/heads/${repo.defaultBranch}`);
  const baseTree = parent === undefined ? undefined : repo.git.commit(parent)?.tree;
  const tree = repo.git.applyChanges(
    baseTree,
    Object.entries(files).map(([path, content]) => (content === null ? { path, sha: null } : { path, content })),
  );
  // A pusher chooses the commit's dates and may sign it (GitHub verifies any user's key, or signs web edits).
  const who = personOf(state, author, options.date);
  const sha = repo.git.writeCommit({
    tree,
    parents: parent === undefined ? [] : [parent],
    author: who,
    committer: who,
    message,
    verification: options.signed ? verified(state) : UNVERIFIED,
  });
  moveRef(state, repo, ref, sha, author);
  return sha;
}

/** The bot's git identity, used for commits the app creates through the API. */
export function botPerson(state: SimState): GitPerson {
  return personOf(state, BOT_LOGIN);
}
