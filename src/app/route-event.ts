import { parseCommands } from "../commands/parse-commands.js";
import { sameRepo, type IssueRef, type RepoRef } from "../github/repo-ref.js";
import { requestOfPull } from "../publishing/request-marker.js";

/** The webhook events the app subscribes to (see app.yml). */
export const HANDLED_EVENTS = [
  "issues.opened",
  "issues.edited",
  "issues.reopened",
  "issues.closed",
  "issues.labeled",
  "issue_comment.created",
  "pull_request.closed",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request_review.submitted",
  "pull_request_review.dismissed",
] as const;

export type HandledEvent = (typeof HANDLED_EVENTS)[number];

/**
 * Lines of a comment the router scans for a command: the largest `limits.maxCommentLines` the configuration accepts.
 * The router runs before the configuration is read, so it must not cut a comment shorter than any configuration
 * could ask for; the controller then applies the configured limit. (The scan is linear and GitHub caps a comment at
 * 65,536 characters, so this stays cheap.)
 */
export const ROUTER_MAX_COMMENT_LINES = 100_000;

/** What to do with one webhook: reconcile a request, or skip it (and why, for the metrics). */
export type Route =
  | {
      kind: "request";
      ref: IssueRef;
      /** Where the event happened: the request issue (support repository) or its pull request (GitOps repository). */
      source: "issue" | "pull";
      commentId?: number;
      commentOn?: "issue" | "pull";
    }
  | { kind: "skip"; reason: "bot" | "not-onboarding" | "no-command" | "unsupported" | "untrusted-repository" };

interface Payload {
  sender?: { login?: string; type?: string };
  repository?: { name?: string; owner?: { login?: string } };
  issue?: { number?: number; body?: string | null; labels?: unknown[]; pull_request?: unknown };
  comment?: { id?: number; body?: string | null };
  pull_request?: { body?: string | null };
}

/**
 * Whether a routed event comes from a repository the operator trusts for it: request events from a support
 * repository, pull request events from the pinned GitOps repository and naming a request in a support repository
 * (a request marker in any other pull request, or naming any other repository, is ignored).
 */
export function isTrustedRoute(
  route: Extract<Route, { kind: "request" }>,
  eventRepo: RepoRef,
  trust: { supportRepositories: readonly RepoRef[]; gitopsRepository: RepoRef | undefined },
): boolean {
  const listed = trust.supportRepositories.some((r) => sameRepo(r, route.ref));
  if (route.source === "issue") return listed && sameRepo(eventRepo, route.ref);
  return listed && trust.gitopsRepository !== undefined && sameRepo(eventRepo, trust.gitopsRepository);
}

/**
 * Decides, from the payload alone and without any GitHub call, whether an event concerns an onboarding request
 * and which one. Everything else is skipped cheaply: events caused by bots (including this app's own writes),
 * issues without labels, comments without commands, pull requests without the bot's request marker.
 * The marker only says which request to look at; the controller re-derives everything from the request itself.
 */
export function routeEvent(name: string, payload: unknown): Route {
  const p = (payload ?? {}) as Payload;
  if (p.sender?.type === "Bot") return { kind: "skip", reason: "bot" };
  const owner = p.repository?.owner?.login;
  const repo = p.repository?.name;
  if (!owner || !repo) return { kind: "skip", reason: "unsupported" };
  const event = name.split(".")[0];

  if (event === "issues") {
    const issue = p.issue;
    if (!issue?.number || issue.pull_request) return { kind: "skip", reason: "unsupported" };
    if (!Array.isArray(issue.labels) || issue.labels.length === 0) return { kind: "skip", reason: "not-onboarding" };
    return { kind: "request", ref: { owner, repo, number: issue.number }, source: "issue" };
  }
  if (event === "issue_comment") {
    const issue = p.issue;
    const comment = p.comment;
    if (!issue?.number || !comment?.id) return { kind: "skip", reason: "unsupported" };
    const parsed = parseCommands(comment.body ?? "", { maxLines: ROUTER_MAX_COMMENT_LINES });
    if (parsed.commands.length === 0 && parsed.unknown.length === 0) return { kind: "skip", reason: "no-command" };
    if (issue.pull_request) {
      const ref = requestOfPull(issue.body);
      return ref ? { kind: "request", ref, source: "pull", commentId: comment.id, commentOn: "pull" } : { kind: "skip", reason: "not-onboarding" };
    }
    if (!Array.isArray(issue.labels) || issue.labels.length === 0) return { kind: "skip", reason: "not-onboarding" };
    return { kind: "request", ref: { owner, repo, number: issue.number }, source: "issue", commentId: comment.id, commentOn: "issue" };
  }
  if (event === "pull_request" || event === "pull_request_review") {
    const ref = requestOfPull(p.pull_request?.body);
    return ref ? { kind: "request", ref, source: "pull" } : { kind: "skip", reason: "not-onboarding" };
  }
  return { kind: "skip", reason: "unsupported" };
}
