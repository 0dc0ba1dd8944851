import type { CommentRecord, ContentEditRecord, IssueRecord, RepoRecord } from "../model.js";
import { actorNode } from "./actors.js";
import { type GqlContext, type GqlObject, visibleRepoById } from "./context.js";
import { contentEditNode, issueCommentNode, issueNode, labelNode, reactionNode, reviewNode } from "./content.js";
import { gitObjectNode, refNode, repositoryNode } from "./git-objects.js";
import { parseGlobalId } from "./node-id.js";

function issueById(repo: RepoRecord, id: number): IssueRecord | undefined {
  for (const issue of repo.issues.values()) if (issue.id === id) return issue;
  return undefined;
}

function editById(repo: RepoRecord, id: number): ContentEditRecord | undefined {
  const owners: Array<{ edits: ContentEditRecord[] }> = [...repo.comments.values(), ...repo.issues.values()];
  for (const owner of owners) {
    const edit = owner.edits.find((e) => e.id === id);
    if (edit) return edit;
  }
  return undefined;
}

/**
 * The object behind a global id, or `null` when the id is malformed, unknown, or names something in a repository
 * the installation cannot see (GitHub then answers NOT_FOUND without saying which).
 */
export function resolveNode(ctx: GqlContext, id: string): GqlObject | null {
  const parsed = parseGlobalId(id);
  if (!parsed) return null;
  const { type, keys } = parsed;
  const numbers = keys.map(Number);
  if (type === "User" || type === "Bot" || type === "Organization") {
    const user = [...ctx.state.users.values()].find((u) => u.id === numbers[0] && u.type === type);
    return user ? actorNode(ctx, user.login) : null;
  }
  if (type === "Reaction") {
    for (const repo of ctx.state.repos.values()) {
      if (visibleRepoById(ctx, repo.id) === undefined) continue;
      const holders: Array<{ reactions: IssueRecord["reactions"] }> = [...repo.issues.values(), ...repo.comments.values()];
      const reaction = holders.flatMap((h) => h.reactions).find((r) => r.id === numbers[0]);
      if (reaction) return reactionNode(ctx, reaction);
    }
    return null;
  }
  const repo = visibleRepoById(ctx, numbers[0] as number);
  if (!repo) return null;
  const key = keys[1];
  switch (type) {
    case "Repository":
      return repositoryNode(ctx, repo);
    case "Issue":
    case "PullRequest": {
      const issue = issueById(repo, numbers[1] as number);
      return issue && (type === "PullRequest") === (issue.pull !== undefined) ? issueNode(ctx, repo, issue) : null;
    }
    case "IssueComment": {
      const comment: CommentRecord | undefined = repo.comments.get(numbers[1] as number);
      return comment ? issueCommentNode(ctx, repo, comment) : null;
    }
    case "PullRequestReview":
      for (const issue of repo.issues.values()) {
        const review = issue.pull?.reviews.find((r) => r.id === numbers[1]);
        if (review) return reviewNode(ctx, repo, issue, review);
      }
      return null;
    case "Label": {
      const label = [...repo.labels.values()].find((l) => l.id === numbers[1]);
      return label ? labelNode(ctx, repo, label) : null;
    }
    case "Ref":
      return key === undefined ? null : refNode(ctx, repo, key);
    case "Commit":
    case "Tree":
    case "Blob": {
      const object = key === undefined ? undefined : repo.git.get(key);
      return object && object.type === type.toLowerCase() ? gitObjectNode(ctx, repo, key as string) : null;
    }
    case "UserContentEdit": {
      const edit = editById(repo, numbers[1] as number);
      return edit ? contentEditNode(ctx, repo, edit) : null;
    }
    default:
      return null;
  }
}
