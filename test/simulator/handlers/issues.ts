import {
  addLabels,
  addReaction,
  createComment,
  createIssue,
  deleteComment,
  editComment,
  editIssue,
  removeLabel,
  requireComment,
  requireIssue,
  setLabels,
  type IssuePatch,
} from "../issue-ops.js";
import type { IssueRecord, ReactionRecord, RepoRecord } from "../model.js";
import { commentJson, issueJson, labelJson, reactionJson } from "../payloads.js";
import { actorOf, numberParam, paginate, repoOf, stringOf, type RouteContext, type RouteHandler, type RouteResult } from "../route-context.js";

/** Label names from a body that may use strings or `{ name }` objects (both are allowed by the description). */
function labelNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [];
  return list.map((l) => (typeof l === "string" ? l : String((l as { name?: unknown }).name)));
}

function labelsBody(body: unknown): string[] {
  if (Array.isArray(body)) return labelNames(body);
  return labelNames((body as { labels?: unknown } | undefined)?.labels);
}

function labelList(ctx: RouteContext, repo: RepoRecord, issue: IssueRecord): RouteResult {
  return { body: issue.labels.map((l) => labelJson(ctx.state, repo, l)) };
}

function byTime(direction: unknown, field: "created_at" | "updated_at") {
  const sign = direction === "asc" ? 1 : -1;
  return (a: IssueRecord, b: IssueRecord): number =>
    (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : a.number - b.number) * sign;
}

function reactionList(ctx: RouteContext, reactions: ReactionRecord[]): RouteResult {
  const content = stringOf(ctx.query.content);
  return paginate(
    ctx,
    reactions.filter((r) => content === undefined || r.content === content).map((r) => reactionJson(ctx.state, r)),
  );
}

function react(ctx: RouteContext, reactions: ReactionRecord[]): RouteResult {
  const { reaction, created } = addReaction(ctx.state, reactions, actorOf(ctx), String(ctx.body.content));
  return { status: created ? 201 : 200, body: reactionJson(ctx.state, reaction) };
}

/** Handlers of the issues, issue comments, issue labels and issue reactions operations. */
export const issueHandlers: Record<string, RouteHandler> = {
  "issues/get": (ctx) => {
    const repo = repoOf(ctx);
    return { body: issueJson(ctx.state, repo, requireIssue(repo, numberParam(ctx, "issue_number"))) };
  },

  "issues/create": (ctx) => {
    const repo = repoOf(ctx);
    const body = ctx.body as { title: string | number; body?: string | null; labels?: unknown; assignees?: string[]; assignee?: string | null };
    const issue = createIssue(ctx.state, repo, actorOf(ctx), {
      title: String(body.title),
      body: body.body ?? null,
      labels: labelNames(body.labels),
      assignees: body.assignees ?? (body.assignee ? [body.assignee] : []),
    });
    return { status: 201, body: issueJson(ctx.state, repo, issue) };
  },

  "issues/update": (ctx) => {
    const repo = repoOf(ctx);
    const issue = requireIssue(repo, numberParam(ctx, "issue_number"));
    const body = (ctx.body ?? {}) as Record<string, unknown>;
    const patch: IssuePatch = {};
    if (body.title !== undefined && body.title !== null) patch.title = String(body.title);
    if (body.body !== undefined) patch.body = body.body as string | null;
    if (body.state !== undefined) patch.state = body.state as "open" | "closed";
    if (body.state_reason !== undefined) patch.state_reason = body.state_reason as IssuePatch["state_reason"];
    if (body.labels !== undefined) patch.labels = labelNames(body.labels);
    if (body.assignees !== undefined) patch.assignees = body.assignees as string[];
    editIssue(ctx.state, repo, issue, actorOf(ctx), patch);
    return { body: issueJson(ctx.state, repo, issue) };
  },

  "issues/list-for-repo": (ctx) => {
    const repo = repoOf(ctx);
    const state = stringOf(ctx.query.state) ?? "open";
    const labels = (stringOf(ctx.query.labels) ?? "")
      .split(",")
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l !== "");
    const creator = stringOf(ctx.query.creator)?.toLowerCase();
    const since = stringOf(ctx.query.since);
    const issues = [...repo.issues.values()]
      .filter((i) => state === "all" || i.state === state)
      .filter((i) => labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)))
      .filter((i) => creator === undefined || i.user.toLowerCase() === creator)
      .filter((i) => since === undefined || i.updated_at >= since)
      .sort(byTime(ctx.query.direction, ctx.query.sort === "updated" ? "updated_at" : "created_at"));
    return paginate(ctx, issues.map((i) => issueJson(ctx.state, repo, i)));
  },

  "issues/list-comments": (ctx) => {
    const repo = repoOf(ctx);
    const issue = requireIssue(repo, numberParam(ctx, "issue_number"));
    const since = stringOf(ctx.query.since);
    const comments = [...repo.comments.values()]
      .filter((c) => c.issueNumber === issue.number && (since === undefined || c.updated_at >= since))
      .sort((a, b) => a.id - b.id);
    return paginate(ctx, comments.map((c) => commentJson(ctx.state, repo, c)));
  },

  "issues/list-comments-for-repo": (ctx) => {
    const repo = repoOf(ctx);
    const comments = [...repo.comments.values()].sort((a, b) => a.id - b.id);
    return paginate(ctx, comments.map((c) => commentJson(ctx.state, repo, c)));
  },

  "issues/create-comment": (ctx) => {
    const repo = repoOf(ctx);
    const issue = requireIssue(repo, numberParam(ctx, "issue_number"));
    const comment = createComment(ctx.state, repo, issue, actorOf(ctx), String(ctx.body.body));
    return { status: 201, body: commentJson(ctx.state, repo, comment) };
  },

  "issues/get-comment": (ctx) => {
    const repo = repoOf(ctx);
    return { body: commentJson(ctx.state, repo, requireComment(repo, numberParam(ctx, "comment_id"))) };
  },

  "issues/update-comment": (ctx) => {
    const repo = repoOf(ctx);
    const comment = requireComment(repo, numberParam(ctx, "comment_id"));
    editComment(ctx.state, repo, comment, actorOf(ctx), String(ctx.body.body));
    return { body: commentJson(ctx.state, repo, comment) };
  },

  "issues/delete-comment": (ctx) => {
    const repo = repoOf(ctx);
    deleteComment(ctx.state, repo, requireComment(repo, numberParam(ctx, "comment_id")), actorOf(ctx));
    return { status: 204 };
  },

  "issues/list-labels-on-issue": (ctx) => {
    const repo = repoOf(ctx);
    const issue = requireIssue(repo, numberParam(ctx, "issue_number"));
    return paginate(ctx, issue.labels.map((l) => labelJson(ctx.state, repo, l)));
  },

  "issues/add-labels": (ctx) => {
    const repo = repoOf(ctx);
    const issue = requireIssue(repo, numberParam(ctx, "issue_number"));
    addLabels(ctx.state, repo, issue, actorOf(ctx), labelsBody(ctx.body));
    return labelList(ctx, repo, issue);
  },

  "issues/set-labels": (ctx) => {
    const repo = repoOf(ctx);
    const issue = requireIssue(repo, numberParam(ctx, "issue_number"));
    setLabels(ctx.state, repo, issue, actorOf(ctx), labelsBody(ctx.body));
    return labelList(ctx, repo, issue);
  },

  "issues/remove-label": (ctx) => {
    const repo = repoOf(ctx);
    const issue = requireIssue(repo, numberParam(ctx, "issue_number"));
    removeLabel(ctx.state, repo, issue, actorOf(ctx), String(ctx.params.name));
    return labelList(ctx, repo, issue);
  },

  "issues/remove-all-labels": (ctx) => {
    const repo = repoOf(ctx);
    setLabels(ctx.state, repo, requireIssue(repo, numberParam(ctx, "issue_number")), actorOf(ctx), []);
    return { status: 204 };
  },

  "reactions/create-for-issue-comment": (ctx) => {
    const repo = repoOf(ctx);
    return react(ctx, requireComment(repo, numberParam(ctx, "comment_id")).reactions);
  },

  "reactions/list-for-issue-comment": (ctx) => {
    const repo = repoOf(ctx);
    return reactionList(ctx, requireComment(repo, numberParam(ctx, "comment_id")).reactions);
  },

  "reactions/delete-for-issue-comment": (ctx) => {
    const repo = repoOf(ctx);
    const comment = requireComment(repo, numberParam(ctx, "comment_id"));
    comment.reactions = comment.reactions.filter((r) => r.id !== numberParam(ctx, "reaction_id"));
    return { status: 204 };
  },

  "reactions/create-for-issue": (ctx) => {
    const repo = repoOf(ctx);
    return react(ctx, requireIssue(repo, numberParam(ctx, "issue_number")).reactions);
  },

  "reactions/list-for-issue": (ctx) => {
    const repo = repoOf(ctx);
    return reactionList(ctx, requireIssue(repo, numberParam(ctx, "issue_number")).reactions);
  },
};
