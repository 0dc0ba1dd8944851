import { editIssue, type IssuePatch } from "../issue-ops.js";
import { ApiError, type IssueRecord, type RepoRecord, type ReviewRecord } from "../model.js";
import { pullJson, repoCommitJson, reviewJson, userJson } from "../payloads.js";
import { createPull, headBranch, mergePull, requestReviewers, requirePull, submitReview } from "../pull-ops.js";
import { actorOf, numberParam, paginate, repoOf, stringOf, type RouteHandler } from "../route-context.js";

const REVIEW_EVENTS: Record<string, ReviewRecord["state"]> = {
  APPROVE: "APPROVED",
  REQUEST_CHANGES: "CHANGES_REQUESTED",
  COMMENT: "COMMENTED",
};

function headOrNothing(repo: RepoRecord, head: string): string | null {
  try {
    return headBranch(repo, head);
  } catch {
    return null;
  }
}

/** Handlers of the pull request operations (`pulls/*`). */
export const pullHandlers: Record<string, RouteHandler> = {
  "pulls/create": (ctx) => {
    const repo = repoOf(ctx);
    const body = ctx.body as { title?: string; body?: string; head: string; base: string; draft?: boolean; issue?: number };
    if (body.title === undefined) {
      throw new ApiError(422, "Validation Failed", [{ resource: "PullRequest", field: "title", code: "missing_field" }]);
    }
    const issue = createPull(ctx.state, repo, actorOf(ctx), {
      title: body.title,
      body: body.body ?? null,
      head: body.head,
      base: body.base,
      ...(body.draft === undefined ? {} : { draft: body.draft }),
    });
    return { status: 201, body: pullJson(ctx.state, repo, issue) };
  },

  "pulls/list": (ctx) => {
    const repo = repoOf(ctx);
    const state = stringOf(ctx.query.state) ?? "open";
    const head = stringOf(ctx.query.head);
    // `head=other-owner:branch` names a fork's branch: nothing in this repository matches it.
    const headRef = head === undefined ? undefined : headOrNothing(repo, head);
    const base = stringOf(ctx.query.base);
    const sign = ctx.query.direction === "asc" ? 1 : -1;
    const pulls = [...repo.issues.values()]
      .filter((i): i is IssueRecord & { pull: NonNullable<IssueRecord["pull"]> } => i.pull !== undefined)
      .filter((i) => state === "all" || i.state === state)
      .filter((i) => headRef === undefined || i.pull.headRef === headRef)
      .filter((i) => base === undefined || i.pull.baseRef === base)
      .sort((a, b) => (a.number - b.number) * sign);
    return paginate(ctx, pulls.map((i) => pullJson(ctx.state, repo, i)));
  },

  "pulls/get": (ctx) => {
    const repo = repoOf(ctx);
    return { body: pullJson(ctx.state, repo, requirePull(repo, numberParam(ctx, "pull_number"))) };
  },

  "pulls/update": (ctx) => {
    const repo = repoOf(ctx);
    const issue = requirePull(repo, numberParam(ctx, "pull_number"));
    const body = (ctx.body ?? {}) as Record<string, unknown>;
    const patch: IssuePatch = {};
    if (typeof body.title === "string") patch.title = body.title;
    if (typeof body.body === "string") patch.body = body.body;
    if (body.state === "open" || body.state === "closed") patch.state = body.state;
    if (typeof body.base === "string") patch.base = body.base;
    editIssue(ctx.state, repo, issue, actorOf(ctx), patch);
    return { body: pullJson(ctx.state, repo, issue) };
  },

  "pulls/merge": (ctx) => {
    const repo = repoOf(ctx);
    const issue = requirePull(repo, numberParam(ctx, "pull_number"));
    const sha = mergePull(ctx.state, repo, issue, actorOf(ctx), (ctx.body ?? {}) as Record<string, never>);
    return { body: { sha, merged: true, message: "Pull Request successfully merged" } };
  },

  "pulls/check-if-merged": (ctx) => {
    const repo = repoOf(ctx);
    if (!requirePull(repo, numberParam(ctx, "pull_number")).pull.merged) throw new ApiError(404, "Not Found");
    return { status: 204 };
  },

  "pulls/request-reviewers": (ctx) => {
    const repo = repoOf(ctx);
    const issue = requirePull(repo, numberParam(ctx, "pull_number"));
    const body = (ctx.body ?? {}) as { reviewers?: string[]; team_reviewers?: string[] };
    requestReviewers(ctx.state, repo, issue, actorOf(ctx), body.reviewers ?? [], body.team_reviewers ?? []);
    return { status: 201, body: pullJson(ctx.state, repo, issue) };
  },

  "pulls/list-requested-reviewers": (ctx) => {
    const repo = repoOf(ctx);
    const pull = requirePull(repo, numberParam(ctx, "pull_number")).pull;
    return {
      body: {
        users: pull.requested_reviewers.map((r) => userJson(ctx.state, r)),
        teams: pull.requested_teams.map((slug) => ({ slug, name: slug })),
      },
    };
  },

  "pulls/remove-requested-reviewers": (ctx) => {
    const repo = repoOf(ctx);
    const issue = requirePull(repo, numberParam(ctx, "pull_number"));
    const body = ctx.body as { reviewers: string[]; team_reviewers?: string[] };
    const drop = new Set(body.reviewers.map((r) => r.toLowerCase()));
    issue.pull.requested_reviewers = issue.pull.requested_reviewers.filter((r) => !drop.has(r.toLowerCase()));
    issue.pull.requested_teams = issue.pull.requested_teams.filter((t) => !(body.team_reviewers ?? []).includes(t));
    return { body: pullJson(ctx.state, repo, issue) };
  },

  "pulls/list-reviews": (ctx) => {
    const repo = repoOf(ctx);
    const issue = requirePull(repo, numberParam(ctx, "pull_number"));
    return paginate(ctx, issue.pull.reviews.map((r) => reviewJson(ctx.state, repo, issue, r)));
  },

  "pulls/create-review": (ctx) => {
    const repo = repoOf(ctx);
    const issue = requirePull(repo, numberParam(ctx, "pull_number"));
    const body = (ctx.body ?? {}) as { event?: string; body?: string; commit_id?: string };
    const state = body.event === undefined ? "PENDING" : REVIEW_EVENTS[body.event];
    if (state === undefined) throw new ApiError(422, "Unprocessable Entity", [`Unknown review event ${body.event}`]);
    const review = submitReview(ctx.state, repo, issue, actorOf(ctx), state, body.body ?? "", body.commit_id);
    return { body: reviewJson(ctx.state, repo, issue, review) };
  },

  "pulls/list-commits": (ctx) => {
    const repo = repoOf(ctx);
    const pull = requirePull(repo, numberParam(ctx, "pull_number")).pull;
    const shas = repo.git.commitsBetween(repo.git.mergeBase(pull.baseSha, pull.headSha), pull.headSha);
    return paginate(ctx, shas.map((sha) => repoCommitJson(ctx.state, repo, sha)));
  },

  "pulls/list-files": (ctx) => {
    const repo = repoOf(ctx);
    const pull = requirePull(repo, numberParam(ctx, "pull_number")).pull;
    const git = repo.git;
    const treeOf = (sha: string | undefined): string | undefined => (sha === undefined ? undefined : git.commit(sha)?.tree);
    const baseTree = treeOf(git.mergeBase(pull.baseSha, pull.headSha));
    const changes = git.diff(baseTree, treeOf(pull.headSha));
    return paginate(
      ctx,
      [...changes].map(([filename, entry]) => ({
        sha: entry?.sha ?? git.fileAt(baseTree, filename)?.sha ?? null,
        filename,
        status: entry === null ? "removed" : git.fileAt(baseTree, filename) ? "modified" : "added",
        additions: 0,
        deletions: 0,
        changes: 0,
        blob_url: `https://github.com/${repo.fullName}/blob/${pull.headSha}/${filename}`,
        raw_url: `https://github.com/${repo.fullName}/raw/${pull.headSha}/${filename}`,
        contents_url: `${ctx.state.apiUrl}/repos/${repo.fullName}/contents/${filename}?ref=${pull.headSha}`,
      })),
    );
  },
};
