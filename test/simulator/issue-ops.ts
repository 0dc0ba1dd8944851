import {
  ApiError,
  type Actor,
  type CommentRecord,
  type ContentEditRecord,
  type IssueRecord,
  type LabelRecord,
  type ReactionRecord,
  type RepoRecord,
  type SimState,
} from "./model.js";
import { commentJson, eventBase, issueJson, labelJson, pullJson } from "./payloads.js";

/** Reaction contents GitHub accepts. */
export const REACTIONS = new Set(["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"]);

/** The repository label with this name (case-insensitive), created (as GitHub does when labelling) if absent. */
export function ensureLabel(state: SimState, repo: RepoRecord, name: string): LabelRecord {
  const existing = repo.labels.get(name.toLowerCase());
  if (existing) return existing;
  const label: LabelRecord = { id: state.nextId(), name, color: "ededed", description: null };
  repo.labels.set(name.toLowerCase(), label);
  return label;
}

/**
 * Delivers an `issues.<action>` event, or `pull_request.<action>` when the issue is a pull request (GitHub sends
 * only the latter for pull requests).
 */
export function issueEvent(
  state: SimState,
  repo: RepoRecord,
  issue: IssueRecord,
  action: string,
  sender: Actor,
  extra: Record<string, unknown> = {},
): void {
  if (issue.pull) {
    state.emit("pull_request", { action, number: issue.number, pull_request: pullJson(state, repo, issue), ...extra, ...eventBase(state, repo, sender) });
  } else {
    state.emit("issues", { action, issue: issueJson(state, repo, issue), ...extra, ...eventBase(state, repo, sender) });
  }
}

/** The issue or pull request `number`, or a 404 like GitHub's. */
export function requireIssue(repo: RepoRecord, number: number): IssueRecord {
  const issue = repo.issues.get(number);
  if (!issue) throw new ApiError(404, "Not Found");
  return issue;
}

/** A new issue record with the next number of the repository (issues and pull requests share the sequence). */
export function newIssueRecord(state: SimState, repo: RepoRecord, actor: Actor, title: string, body: string | null): IssueRecord {
  const now = state.now();
  const issue: IssueRecord = {
    id: state.nextId(),
    number: repo.nextNumber++,
    title,
    body,
    user: state.ensureUser(actor).login,
    state: "open",
    state_reason: null,
    labels: [],
    assignees: [],
    locked: false,
    created_at: now,
    updated_at: now,
    closed_at: null,
    closed_by: null,
    reactions: [],
    edits: [],
  };
  repo.issues.set(issue.number, issue);
  return issue;
}

/** Opens an issue: `issues.opened`, then `issues.labeled` per label, as GitHub delivers them. */
export function createIssue(
  state: SimState,
  repo: RepoRecord,
  actor: Actor,
  opts: { title: string; body?: string | null; labels?: string[]; assignees?: string[] },
): IssueRecord {
  if (opts.title.trim() === "") {
    throw new ApiError(422, "Validation Failed", [{ resource: "Issue", field: "title", code: "missing_field" }]);
  }
  const issue = newIssueRecord(state, repo, actor, opts.title, opts.body ?? null);
  issue.assignees = (opts.assignees ?? []).map((a) => state.ensureUser(a).login);
  const labels = uniqueLabels(state, repo, opts.labels ?? []);
  issueEvent(state, repo, issue, "opened", actor);
  for (const name of labels) {
    issue.labels.push(name);
    issueEvent(state, repo, issue, "labeled", actor, { label: labelJson(state, repo, name) });
  }
  return issue;
}

function uniqueLabels(state: SimState, repo: RepoRecord, names: string[]): string[] {
  const out: string[] = [];
  for (const raw of names) {
    const name = ensureLabel(state, repo, raw).name;
    if (!out.some((n) => n.toLowerCase() === name.toLowerCase())) out.push(name);
  }
  return out;
}

/** A change to an issue or pull request, as `PATCH issues/{n}` accepts it. */
export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: "open" | "closed";
  state_reason?: "completed" | "not_planned" | "reopened" | null;
  labels?: string[];
  assignees?: string[];
  /** Pull requests only: a new base branch. */
  base?: string;
}

/**
 * Applies a change and delivers the events GitHub would, in its order: `edited` (with `changes`), then
 * `closed`/`reopened`, then `labeled`/`unlabeled` per label.
 */
export function editIssue(state: SimState, repo: RepoRecord, issue: IssueRecord, actor: Actor, patch: IssuePatch): void {
  const changes: Record<string, unknown> = {};
  if (patch.title !== undefined && patch.title !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = patch.title;
  }
  if (patch.body !== undefined && patch.body !== issue.body) {
    changes.body = { from: issue.body ?? "" };
    recordRevision(state, issue, issue.body ?? "", actor, patch.body ?? "");
    issue.body = patch.body;
  }
  if (patch.base !== undefined && issue.pull && patch.base !== issue.pull.baseRef) {
    const tip = repo.refs.get(`refs/heads/${patch.base}`);
    if (tip === undefined) {
      throw new ApiError(422, "Validation Failed", [{ resource: "PullRequest", field: "base", code: "invalid" }]);
    }
    changes.base = { ref: { from: issue.pull.baseRef }, sha: { from: issue.pull.baseSha } };
    issue.pull.baseRef = patch.base;
    issue.pull.baseSha = tip;
  }
  if (patch.assignees !== undefined) issue.assignees = patch.assignees.map((a) => state.ensureUser(a).login);
  const now = state.now();
  if (Object.keys(changes).length > 0) {
    issue.updated_at = now;
    issueEvent(state, repo, issue, "edited", actor, { changes });
  }
  if (patch.state === "closed" && issue.state === "open") {
    closeIssue(state, repo, issue, actor, patch.state_reason === "not_planned" ? "not_planned" : "completed");
  } else if (patch.state === "open" && issue.state === "closed") {
    reopenIssue(state, repo, issue, actor);
  } else if (patch.state_reason !== undefined && patch.state === undefined && issue.state === "closed" && !issue.pull) {
    issue.state_reason = patch.state_reason;
  }
  if (patch.labels !== undefined) setLabels(state, repo, issue, actor, patch.labels);
}

/** Closes an issue or pull request (unmerged): `issues.closed` / `pull_request.closed` with `merged: false`. */
export function closeIssue(
  state: SimState,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: Actor,
  reason: "completed" | "not_planned" = "completed",
): void {
  if (issue.state === "closed") return;
  const now = state.now();
  issue.state = "closed";
  issue.state_reason = issue.pull ? null : reason;
  issue.closed_at = now;
  issue.closed_by = state.ensureUser(actor).login;
  issue.updated_at = now;
  issueEvent(state, repo, issue, "closed", actor);
}

/** Reopens an issue or pull request. A pull request whose head branch is gone cannot be reopened (422). */
export function reopenIssue(state: SimState, repo: RepoRecord, issue: IssueRecord, actor: Actor): void {
  if (issue.state === "open") return;
  if (issue.pull) {
    if (issue.pull.merged) throw new ApiError(422, "Validation Failed", [{ resource: "PullRequest", code: "custom", message: "Cannot reopen a merged pull request" }]);
    const head = repo.refs.get(`refs/heads/${issue.pull.headRef}`);
    if (head === undefined) {
      throw new ApiError(422, "Validation Failed", [{ resource: "PullRequest", code: "custom", message: "state cannot be changed. The head branch was deleted." }]);
    }
    issue.pull.headSha = head;
    issue.pull.baseSha = repo.refs.get(`refs/heads/${issue.pull.baseRef}`) ?? issue.pull.baseSha;
  }
  issue.state = "open";
  issue.state_reason = issue.pull ? null : "reopened";
  issue.closed_at = null;
  issue.closed_by = null;
  issue.updated_at = state.now();
  issueEvent(state, repo, issue, "reopened", actor);
}

/** Adds labels (creating unknown ones); `labeled` per label that was not there yet. */
export function addLabels(state: SimState, repo: RepoRecord, issue: IssueRecord, actor: Actor, names: string[]): void {
  for (const name of uniqueLabels(state, repo, names)) {
    if (issue.labels.some((l) => l.toLowerCase() === name.toLowerCase())) continue;
    issue.labels.push(name);
    issue.updated_at = state.now();
    issueEvent(state, repo, issue, "labeled", actor, { label: labelJson(state, repo, name) });
  }
}

/** Removes one label; 404 "Label does not exist" when the issue does not carry it. */
export function removeLabel(state: SimState, repo: RepoRecord, issue: IssueRecord, actor: Actor, name: string): void {
  const index = issue.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase());
  if (index < 0) throw new ApiError(404, "Label does not exist");
  const [removed] = issue.labels.splice(index, 1);
  issue.updated_at = state.now();
  issueEvent(state, repo, issue, "unlabeled", actor, { label: labelJson(state, repo, removed ?? name) });
}

/** Replaces the labels: `unlabeled` for removed ones, then `labeled` for added ones. */
export function setLabels(state: SimState, repo: RepoRecord, issue: IssueRecord, actor: Actor, names: string[]): void {
  const wanted = uniqueLabels(state, repo, names);
  for (const current of [...issue.labels]) {
    if (!wanted.some((w) => w.toLowerCase() === current.toLowerCase())) removeLabel(state, repo, issue, actor, current);
  }
  addLabels(state, repo, issue, actor, wanted);
}

/** Comments on an issue or pull request: `issue_comment.created`. */
export function createComment(state: SimState, repo: RepoRecord, issue: IssueRecord, actor: Actor, body: string): CommentRecord {
  const now = state.now();
  const comment: CommentRecord = {
    id: state.nextId(),
    issueNumber: issue.number,
    body,
    user: state.ensureUser(actor).login,
    created_at: now,
    updated_at: now,
    reactions: [],
    edits: [],
  };
  repo.comments.set(comment.id, comment);
  issue.updated_at = now;
  commentEvent(state, repo, comment, "created", actor);
  return comment;
}

/** The comment `id` of `repo`, or a 404. */
export function requireComment(repo: RepoRecord, id: number): CommentRecord {
  const comment = repo.comments.get(id);
  if (!comment) throw new ApiError(404, "Not Found");
  return comment;
}

/** Edits a comment: `issue_comment.edited` with `changes.body.from`. */
export function editComment(state: SimState, repo: RepoRecord, comment: CommentRecord, actor: Actor, body: string): void {
  if (body === comment.body) return;
  const from = comment.body;
  recordRevision(state, comment, from, actor, body);
  comment.body = body;
  comment.updated_at = state.now();
  commentEvent(state, repo, comment, "edited", actor, { changes: { body: { from } } });
}

/**
 * Appends a revision to the edit history of a body (`before` -> `after`, by `editor`). The first edit also records
 * the body as created, by its author at its creation time, as GitHub's history does (`includesCreatedEdit`).
 */
export function recordRevision(
  state: SimState,
  target: { user: string; created_at: string; edits: ContentEditRecord[] },
  before: string,
  editor: Actor,
  after: string,
): void {
  const revision = (body: string, by: string, at: string): ContentEditRecord => ({
    id: state.nextId(),
    body,
    editor: by,
    editedAt: at,
    updatedAt: at,
    deletedAt: null,
    deletedBy: null,
  });
  if (target.edits.length === 0) target.edits.push(revision(before, target.user, target.created_at));
  target.edits.push(revision(after, state.ensureUser(editor).login, state.now()));
}

/** Deletes a comment: `issue_comment.deleted`. */
export function deleteComment(state: SimState, repo: RepoRecord, comment: CommentRecord, actor: Actor): void {
  repo.comments.delete(comment.id);
  commentEvent(state, repo, comment, "deleted", actor);
}

function commentEvent(
  state: SimState,
  repo: RepoRecord,
  comment: CommentRecord,
  action: string,
  actor: Actor,
  extra: Record<string, unknown> = {},
): void {
  const issue = repo.issues.get(comment.issueNumber);
  if (!issue) return;
  state.emit("issue_comment", {
    action,
    ...extra,
    issue: issueJson(state, repo, issue),
    comment: commentJson(state, repo, comment),
    ...eventBase(state, repo, actor),
  });
}

/**
 * Adds a reaction unless the same user already reacted with the same content. Returns the reaction and whether it
 * is new (GitHub answers 201 for new, 200 for an existing one).
 */
export function addReaction(
  state: SimState,
  reactions: ReactionRecord[],
  actor: Actor,
  content: string,
): { reaction: ReactionRecord; created: boolean } {
  if (!REACTIONS.has(content)) {
    throw new ApiError(422, "Validation Failed", [{ resource: "Reaction", field: "content", code: "invalid" }]);
  }
  const login = state.ensureUser(actor).login;
  const existing = reactions.find((r) => r.user === login && r.content === content);
  if (existing) return { reaction: existing, created: false };
  const reaction: ReactionRecord = { id: state.nextId(), user: login, content, created_at: state.now() };
  reactions.push(reaction);
  return { reaction, created: true };
}
