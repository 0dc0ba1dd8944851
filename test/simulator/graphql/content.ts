import { BOT_LOGIN, type CommentRecord, type ContentEditRecord, type IssueRecord, type LabelRecord, type ReactionRecord, type RepoRecord, type ReviewRecord } from "../model.js";
import type { FlatEntry } from "../git-store.js";
import { authorAssociation, issueHtmlUrl, mergeable } from "../payloads.js";
import { actorNode, userNode } from "./actors.js";
import { connection, type PageArgs } from "./connection.js";
import type { GqlContext, GqlObject } from "./context.js";
import { commitNode, refNode, repositoryNode } from "./git-objects.js";
import { globalId } from "./node-id.js";

/** REST reaction contents and their GraphQL `ReactionContent` names. */
export const REACTION_CONTENT: Readonly<Record<string, string>> = {
  "+1": "THUMBS_UP",
  "-1": "THUMBS_DOWN",
  laugh: "LAUGH",
  confused: "CONFUSED",
  heart: "HEART",
  hooray: "HOORAY",
  rocket: "ROCKET",
  eyes: "EYES",
};

/**
 * A `UserContentEdit`: one revision of a body. What GitHub returns (checked against reports of real responses, e.g.
 * "Each one holds the whole body. GitHub lists them newest first." and a PR with one edit answering two nodes, "the
 * 4,027-word original" and "the 764-word body live today"): `diff` holds the FULL text of that revision, not a
 * diff; the list is newest first; once edited, the list includes the revision with the creation data (author,
 * creation time; `includesCreatedEdit: true`). A revision deleted from the history has `diff: null` and
 * `deletedAt`/`deletedBy`.
 */
export function contentEditNode(ctx: GqlContext, repo: RepoRecord, edit: ContentEditRecord): GqlObject {
  return {
    __typename: "UserContentEdit",
    id: globalId("UserContentEdit", repo.id, edit.id),
    createdAt: edit.editedAt,
    updatedAt: edit.updatedAt,
    editedAt: edit.editedAt,
    diff: edit.body,
    editor: () => actorNode(ctx, edit.editor),
    deletedAt: edit.deletedAt,
    deletedBy: () => actorNode(ctx, edit.deletedBy),
  };
}

/** The edit-history fields every editable body has (`Comment`, `UpdatableComment` interfaces). */
function editableFields(ctx: GqlContext, repo: RepoRecord, record: { user: string; edits: ContentEditRecord[] }): Record<string, unknown> {
  const latest = record.edits[record.edits.length - 1];
  return {
    author: () => actorNode(ctx, record.user),
    authorAssociation: authorAssociation(ctx.state, repo, record.user),
    editor: () => actorNode(ctx, latest?.editor),
    lastEditedAt: latest?.editedAt ?? null,
    includesCreatedEdit: record.edits.length > 0,
    userContentEdits: (args: PageArgs) =>
      connection([...record.edits].reverse().map((e) => contentEditNode(ctx, repo, e)), args, "userContentEdits"),
    viewerDidAuthor: record.user === BOT_LOGIN,
    isMinimized: false,
    minimizedReason: null,
    createdViaEmail: false,
    repository: () => repositoryNode(ctx, repo),
  };
}

function reactionsField(ctx: GqlContext, reactions: ReactionRecord[]): (args: PageArgs & { content?: string | null }) => unknown {
  return (args) =>
    connection(
      reactions
        .filter((r) => args.content === undefined || args.content === null || REACTION_CONTENT[r.content] === args.content)
        .map((r) => reactionNode(ctx, r)),
      args,
      "reactions",
    );
}

/** A `Reaction`. */
export function reactionNode(ctx: GqlContext, reaction: ReactionRecord): GqlObject {
  return {
    __typename: "Reaction",
    id: globalId("Reaction", reaction.id),
    databaseId: reaction.id,
    content: REACTION_CONTENT[reaction.content],
    createdAt: reaction.created_at,
    // Typed `User` (not `Actor`): a bot's reaction comes back as a User keeping the REST login, as `viewer` does.
    user: () => {
      const user = ctx.state.user(reaction.user);
      return user ? userNode(ctx, user) : null;
    },
  };
}

/** An `IssueComment` (on an issue or a pull request). */
export function issueCommentNode(ctx: GqlContext, repo: RepoRecord, comment: CommentRecord): GqlObject {
  const issue = repo.issues.get(comment.issueNumber);
  const url = `${issue ? issueHtmlUrl(repo, issue) : `https://github.com/${repo.fullName}/issues/${comment.issueNumber}`}#issuecomment-${comment.id}`;
  return {
    __typename: "IssueComment",
    id: globalId("IssueComment", repo.id, comment.id),
    databaseId: comment.id,
    fullDatabaseId: String(comment.id),
    body: comment.body,
    bodyText: comment.body,
    createdAt: comment.created_at,
    publishedAt: comment.created_at,
    updatedAt: comment.updated_at,
    url,
    resourcePath: new URL(url).pathname + new URL(url).hash,
    ...editableFields(ctx, repo, comment),
    reactions: reactionsField(ctx, comment.reactions),
    issue: () => (issue ? issueNode(ctx, repo, issue) : null),
    pullRequest: () => (issue?.pull ? issueNode(ctx, repo, issue) : null),
  };
}

/** A `Label`. */
export function labelNode(ctx: GqlContext, repo: RepoRecord, label: LabelRecord): GqlObject {
  return {
    __typename: "Label",
    id: globalId("Label", repo.id, label.id),
    name: label.name,
    color: label.color,
    description: label.description,
    isDefault: false,
    url: `https://github.com/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
    repository: () => repositoryNode(ctx, repo),
  };
}

/** A `PullRequestReview`. */
export function reviewNode(ctx: GqlContext, repo: RepoRecord, issue: IssueRecord, review: ReviewRecord): GqlObject {
  return {
    __typename: "PullRequestReview",
    id: globalId("PullRequestReview", repo.id, review.id),
    databaseId: review.id,
    author: () => actorNode(ctx, review.user),
    authorAssociation: authorAssociation(ctx.state, repo, review.user),
    body: review.body,
    state: review.state,
    submittedAt: review.submitted_at,
    createdAt: review.submitted_at ?? issue.created_at,
    publishedAt: review.submitted_at,
    updatedAt: review.submitted_at ?? issue.created_at,
    url: `${issueHtmlUrl(repo, issue)}#pullrequestreview-${review.id}`,
    commit: () => commitNode(ctx, repo, review.commit_id),
    pullRequest: () => issueNode(ctx, repo, issue),
    repository: () => repositoryNode(ctx, repo),
  };
}

/** Lines one text has that the other lacks, counted as multisets (a moved line counts as unchanged). */
function lineDelta(from: string, to: string): { additions: number; deletions: number } {
  const lines = (text: string): string[] => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  const remaining = new Map<string, number>();
  for (const line of lines(from)) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  let additions = 0;
  for (const line of lines(to)) {
    const left = remaining.get(line) ?? 0;
    if (left > 0) remaining.set(line, left - 1);
    else additions += 1;
  }
  return { additions, deletions: [...remaining.values()].reduce((a, b) => a + b, 0) };
}

/** A pull request's `files`: what the head changes since the merge base, by path. */
function changedFiles(repo: RepoRecord, baseSha: string, headSha: string): Array<Record<string, unknown>> {
  const git = repo.git;
  const treeOf = (sha: string | undefined): string | undefined => (sha === undefined ? undefined : git.commit(sha)?.tree);
  const baseTree = treeOf(git.mergeBase(baseSha, headSha));
  const text = (entry: FlatEntry | null | undefined): string => (entry ? (git.blob(entry.sha)?.toString("utf8") ?? "") : "");
  return [...git.diff(baseTree, treeOf(headSha))]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, entry]) => {
      const before = git.fileAt(baseTree, path);
      return { path, changeType: entry === null ? "DELETED" : before ? "MODIFIED" : "ADDED", ...lineDelta(text(before), text(entry)), viewerViewedState: "UNVIEWED" };
    });
}

function pullFields(ctx: GqlContext, repo: RepoRecord, issue: IssueRecord): Record<string, unknown> {
  const pull = issue.pull;
  if (!pull) return {};
  const state = pull.merged ? "MERGED" : issue.state === "open" ? "OPEN" : "CLOSED";
  return {
    state,
    merged: pull.merged,
    mergedAt: pull.merged_at,
    mergedBy: () => actorNode(ctx, pull.merged_by),
    mergeCommit: () => (pull.merge_commit_sha === null ? null : commitNode(ctx, repo, pull.merge_commit_sha)),
    // Computed only when asked: it compares trees, which costs more with the repository's size.
    mergeable: () => {
      const canMerge = pull.merged ? null : mergeable(repo, issue);
      return canMerge === null ? "UNKNOWN" : canMerge ? "MERGEABLE" : "CONFLICTING";
    },
    isDraft: pull.draft,
    headRefName: pull.headRef,
    headRefOid: pull.headSha,
    headRef: () => (repo.refs.get(`refs/heads/${pull.headRef}`) === undefined ? null : refNode(ctx, repo, `refs/heads/${pull.headRef}`)),
    baseRefName: pull.baseRef,
    baseRefOid: pull.baseSha,
    baseRef: () => (repo.refs.get(`refs/heads/${pull.baseRef}`) === undefined ? null : refNode(ctx, repo, `refs/heads/${pull.baseRef}`)),
    headRepository: () => repositoryNode(ctx, repo),
    baseRepository: () => repositoryNode(ctx, repo),
    isCrossRepository: false,
    maintainerCanModify: false,
    permalink: issueHtmlUrl(repo, issue),
    reviews: (args: PageArgs & { states?: string[] | null; author?: string | null }) =>
      connection(
        pull.reviews
          .filter((r) => !args.states || args.states.includes(r.state))
          .filter((r) => !args.author || r.user.toLowerCase() === args.author.toLowerCase())
          .map((r) => reviewNode(ctx, repo, issue, r)),
        args,
        "reviews",
      ),
    files: (args: PageArgs) => connection(changedFiles(repo, pull.baseSha, pull.headSha), args, "files"),
    changedFiles: () => changedFiles(repo, pull.baseSha, pull.headSha).length,
    // Without branch protection requiring reviews, which the simulator does not model, GitHub answers null.
    reviewDecision: null,
    // Each reviewer's latest review that approves or requests changes, in the order they were submitted.
    latestOpinionatedReviews: (args: PageArgs) => {
      const latest = new Map<string, ReviewRecord>();
      for (const r of pull.reviews) if (r.state === "APPROVED" || r.state === "CHANGES_REQUESTED") latest.set(r.user.toLowerCase(), r);
      return connection([...latest.values()].map((r) => reviewNode(ctx, repo, issue, r)), args, "latestOpinionatedReviews");
    },
    reviewRequests: (args: PageArgs) =>
      connection(
        [
          ...pull.requested_reviewers.map((login) => ({ asCodeOwner: false, requestedReviewer: () => actorNode(ctx, login) })),
          ...pull.requested_teams.map((slug) => ({
            asCodeOwner: false,
            requestedReviewer: () => {
              const team = ctx.state.teams.get(`${repo.owner}/${slug}`.toLowerCase());
              return team ? { __typename: "Team", id: globalId("Team", team.id), slug: team.slug, name: team.slug, databaseId: team.id } : null;
            },
          })),
        ].map((r, i) => ({ __typename: "ReviewRequest", id: globalId("ReviewRequest", repo.id, issue.id, i), ...r })),
        args,
        "reviewRequests",
      ),
    commits: (args: PageArgs) =>
      connection(
        repo.git.commitsBetween(pull.baseSha, pull.headSha).map((sha) => ({
          __typename: "PullRequestCommit",
          id: globalId("PullRequestCommit", repo.id, issue.id, sha),
          commit: () => commitNode(ctx, repo, sha),
          url: `${issueHtmlUrl(repo, issue)}/commits/${sha}`,
          pullRequest: () => issueNode(ctx, repo, issue),
        })),
        args,
        "commits",
      ),
  };
}

/** An `Issue`, or a `PullRequest` when the record is one. */
export function issueNode(ctx: GqlContext, repo: RepoRecord, issue: IssueRecord): GqlObject {
  const comments = (): CommentRecord[] => [...repo.comments.values()].filter((c) => c.issueNumber === issue.number).sort((a, b) => a.id - b.id);
  const labels = (): LabelRecord[] =>
    issue.labels.map((name) => repo.labels.get(name.toLowerCase()) ?? { id: 0, name, color: "ededed", description: null });
  return {
    __typename: issue.pull ? "PullRequest" : "Issue",
    id: globalId(issue.pull ? "PullRequest" : "Issue", repo.id, issue.id),
    databaseId: issue.id,
    fullDatabaseId: String(issue.id),
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    bodyText: issue.body ?? "",
    state: issue.state === "open" ? "OPEN" : "CLOSED",
    stateReason: issue.state_reason === null ? null : issue.state_reason.toUpperCase(),
    closed: issue.state === "closed",
    closedAt: issue.closed_at,
    createdAt: issue.created_at,
    publishedAt: issue.created_at,
    updatedAt: issue.updated_at,
    locked: issue.locked,
    activeLockReason: null,
    url: issueHtmlUrl(repo, issue),
    resourcePath: new URL(issueHtmlUrl(repo, issue)).pathname,
    ...editableFields(ctx, repo, issue),
    reactions: reactionsField(ctx, issue.reactions),
    labels: (args: PageArgs) => connection(labels().map((l) => labelNode(ctx, repo, l)), args, "labels"),
    comments: (args: PageArgs) => connection(comments().map((c) => issueCommentNode(ctx, repo, c)), args, "comments"),
    assignees: (args: PageArgs) => connection(issue.assignees.map((a) => actorNode(ctx, a)), args, "assignees"),
    ...pullFields(ctx, repo, issue),
  };
}
