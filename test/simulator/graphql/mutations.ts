import { GitStoreError } from "../git-store.js";
import {
  addLabels,
  addReaction,
  closeIssue,
  createComment,
  deleteComment,
  editComment,
  editIssue,
  type IssuePatch,
  removeLabel,
  reopenIssue,
} from "../issue-ops.js";
import { BOT_LOGIN, type CommentRecord, type IssueRecord, type RepoRecord } from "../model.js";
import { createPull, mergeBranches, mergePull, removeReviewRequests, requestReviewers } from "../pull-ops.js";
import { moveRef, personOf, verified } from "../repo-ops.js";
import { actorNode } from "./actors.js";
import { type GqlContext, requireVisibleRepo, unresolvable, visibleRepoById } from "./context.js";
import { issueCommentNode, issueNode, labelNode, REACTION_CONTENT, reactionNode } from "./content.js";
import { GraphqlApiError } from "./errors.js";
import { commitNode, refNode } from "./git-objects.js";
import { type NodeType, parseGlobalId } from "./node-id.js";

/** The all-zero oid of `RefUpdate`: "must not exist" as `beforeOid`, "delete" as `afterOid`. */
const ZERO_OID = "0".repeat(40);

/** Every mutation runs as the installation's bot, like REST calls with an installation token. */
const ACTOR = BOT_LOGIN;

const REST_REACTION = new Map(Object.entries(REACTION_CONTENT).map(([rest, graphql]) => [graphql, rest]));

/** The repository and database id (or key) behind a global id of one of `types`, in a visible repository. */
function lookup(ctx: GqlContext, id: string, types: NodeType[]): { repo: RepoRecord; type: NodeType; key: string } {
  const parsed = parseGlobalId(id);
  const repo = parsed && types.includes(parsed.type) ? visibleRepoById(ctx, Number(parsed.keys[0])) : undefined;
  const key = parsed?.keys[1];
  if (!parsed || !repo || key === undefined) throw unresolvable(id);
  return { repo, type: parsed.type, key };
}

function repositoryOf(ctx: GqlContext, id: string): RepoRecord {
  const parsed = parseGlobalId(id);
  const repo = parsed?.type === "Repository" ? visibleRepoById(ctx, Number(parsed.keys[0])) : undefined;
  if (!repo) throw unresolvable(id);
  return repo;
}

function issueOf(ctx: GqlContext, id: string, types: Array<"Issue" | "PullRequest">): { repo: RepoRecord; issue: IssueRecord } {
  const { repo, key } = lookup(ctx, id, types);
  const issue = [...repo.issues.values()].find((i) => i.id === Number(key));
  if (!issue) throw unresolvable(id);
  return { repo, issue };
}

function commentOf(ctx: GqlContext, id: string): { repo: RepoRecord; comment: CommentRecord } {
  const { repo, key } = lookup(ctx, id, ["IssueComment"]);
  const comment = repo.comments.get(Number(key));
  if (!comment) throw unresolvable(id);
  return { repo, comment };
}

function refOf(ctx: GqlContext, id: string): { repo: RepoRecord; ref: string } {
  const { repo, key } = lookup(ctx, id, ["Ref"]);
  if (!repo.refs.has(key)) throw unresolvable(id);
  return { repo, ref: key };
}

/** Label names of a repository from label ids (labels of other repositories do not resolve). */
function labelNames(ctx: GqlContext, repo: RepoRecord, ids: string[]): string[] {
  return ids.map((id) => {
    const { repo: owner, key } = lookup(ctx, id, ["Label"]);
    const label = owner === repo ? [...repo.labels.values()].find((l) => l.id === Number(key)) : undefined;
    if (!label) throw unresolvable(id);
    return label.name;
  });
}

/** What stands behind account-level ids (users, teams) of `type`, found by database id. */
function byDatabaseId<T>(ids: string[], type: NodeType, find: (databaseId: number) => T | undefined): T[] {
  return ids.map((id) => {
    const parsed = parseGlobalId(id);
    const found = parsed?.type === type ? find(Number(parsed.keys[0])) : undefined;
    if (found === undefined) throw unresolvable(id);
    return found;
  });
}

/** User logins from user ids. */
function userLogins(ctx: GqlContext, ids: string[]): string[] {
  return byDatabaseId(ids, "User", (n) => [...ctx.state.users.values()].find((u) => u.id === n)?.login);
}

/** Team slugs from team ids. */
function teamSlugs(ctx: GqlContext, ids: string[]): string[] {
  return byDatabaseId(ids, "Team", (n) => [...ctx.state.teams.values()].find((t) => t.id === n)?.slug);
}

function requireCommit(repo: RepoRecord, oid: string): void {
  if (!repo.git.commit(oid)) throw new GraphqlApiError("UNPROCESSABLE", `Could not resolve to a Commit with the oid of '${oid}'.`);
}

/** RFC 4648 base64 with correct padding, as `FileAddition.contents` requires. */
function decodeBase64(contents: string, path: string): Buffer {
  if (contents.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(contents)) {
    throw new GraphqlApiError("UNPROCESSABLE", `The contents of the file addition at '${path}' are not valid Base64.`);
  }
  return Buffer.from(contents, "base64");
}

interface CommitOnBranchInput {
  clientMutationId?: string;
  branch: { id?: string | null; repositoryNameWithOwner?: string | null; branchName?: string | null };
  fileChanges?: { additions?: Array<{ path: string; contents: string }> | null; deletions?: Array<{ path: string }> | null } | null;
  message: { headline: string; body?: string | null };
  expectedHeadOid: string;
}

/**
 * `createCommitOnBranch`: one commit on an existing branch, checked against `expectedHeadOid` (STALE_DATA with
 * GitHub's message otherwise), authored by the app's bot and signed by GitHub, which is why the controller
 * redesign uses it (the approval gate can trust the author). Delivers `push` and `pull_request.synchronize` like
 * any push.
 */
function createCommitOnBranch(ctx: GqlContext, input: CommitOnBranchInput): Record<string, unknown> {
  let repo: RepoRecord;
  let ref: string;
  if (input.branch.id) {
    ({ repo, ref } = refOf(ctx, input.branch.id));
  } else {
    const [owner = "", name = ""] = (input.branch.repositoryNameWithOwner ?? "").split("/");
    repo = requireVisibleRepo(ctx, owner, name);
    const branch = input.branch.branchName ?? "";
    ref = branch.startsWith("refs/heads/") ? branch : `refs/heads/${branch}`;
  }
  const head = repo.refs.get(ref);
  if (!ref.startsWith("refs/heads/") || head === undefined) {
    throw new GraphqlApiError("NOT_FOUND", `Could not resolve to a branch named '${ref.replace(/^refs\/heads\//, "")}' in ${repo.fullName}.`);
  }
  if (head !== input.expectedHeadOid) {
    throw new GraphqlApiError("STALE_DATA", `Expected branch to point to "${input.expectedHeadOid}" but it did not.  Pull and try again.`);
  }
  const additions = input.fileChanges?.additions ?? [];
  const deletions = input.fileChanges?.deletions ?? [];
  const paths = [...additions, ...deletions].map((c) => c.path);
  const duplicate = paths.find((p, i) => paths.indexOf(p) !== i);
  if (duplicate !== undefined) throw new GraphqlApiError("UNPROCESSABLE", `The path '${duplicate}' appears more than once in fileChanges.`);
  const headTree = repo.git.commit(head)?.tree as string;
  for (const { path } of deletions) {
    if (repo.git.lookup(headTree, path)?.type !== "blob") {
      throw new GraphqlApiError("UNPROCESSABLE", `A path was requested for deletion which does not exist as of commit oid \`${head}\``);
    }
  }
  const tree = repo.git.applyChanges(headTree, [
    ...deletions.map(({ path }) => ({ path, sha: null })),
    ...additions.map(({ path, contents }) => ({ path, sha: repo.git.writeBlob(decodeBase64(contents, path)) })),
  ]);
  const bot = personOf(ctx.state, ACTOR);
  const sha = repo.git.writeCommit({
    tree,
    parents: [head],
    author: bot,
    committer: bot,
    message: input.message.body ? `${input.message.headline}\n\n${input.message.body}` : input.message.headline,
    verification: verified(ctx.state),
  });
  moveRef(ctx.state, repo, ref, sha, ACTOR);
  return { clientMutationId: input.clientMutationId ?? null, commit: () => commitNode(ctx, repo, sha), ref: () => refNode(ctx, repo, ref) };
}

/** A mutation input with its optional `clientMutationId`, echoed in the payload. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- inputs are validated against the schema before execution
type Input = { clientMutationId?: string | null } & Record<string, any>;

function payload(input: Input, fields: Record<string, unknown>): Record<string, unknown> {
  return { clientMutationId: input.clientMutationId ?? null, ...fields };
}

/**
 * The `Mutation` root fields the simulator answers. Each one runs the same domain operation as its REST twin, so
 * it changes the same state and delivers the same webhook events.
 */
export function mutationRoot(ctx: GqlContext): Record<string, unknown> {
  const state = ctx.state;
  const issueResult = (input: Input, key: string, repo: RepoRecord, issue: IssueRecord): Record<string, unknown> =>
    payload(input, { [key]: () => issueNode(ctx, repo, issue) });
  /** A mutation of one issue or pull request named by `input[idField]`, answering it as `input[resultField]`. */
  const onIssue =
    (idField: string, types: Array<"Issue" | "PullRequest">, resultField: string, change: (repo: RepoRecord, issue: IssueRecord, input: Input) => void) =>
    ({ input }: { input: Input }): Record<string, unknown> => {
      const { repo, issue } = issueOf(ctx, input[idField], types);
      change(repo, issue, input);
      return issueResult(input, resultField, repo, issue);
    };
  return {
    createRef: ({ input }: { input: Input }) => {
      const repo = repositoryOf(ctx, input.repositoryId);
      const name = String(input.name);
      if (!/^refs\/[^/]+\/.+/.test(name) || name.split("/").some((p) => p === "")) {
        throw new GraphqlApiError("UNPROCESSABLE", `'${name}' is not a valid ref name: it must start with 'refs/' and have at least two slashes.`);
      }
      if (repo.refs.has(name)) throw new GraphqlApiError("UNPROCESSABLE", `A ref named "${name}" already exists in the repository.`);
      requireCommit(repo, input.oid);
      moveRef(state, repo, name, input.oid, ACTOR);
      return payload(input, { ref: () => refNode(ctx, repo, name) });
    },
    updateRef: ({ input }: { input: Input }) => {
      const { repo, ref } = refOf(ctx, input.refId);
      requireCommit(repo, input.oid);
      const fastForward = repo.git.isAncestor(repo.refs.get(ref) as string, input.oid);
      if (!fastForward && input.force !== true) throw new GraphqlApiError("UNPROCESSABLE", "Update is not a fast forward");
      moveRef(state, repo, ref, input.oid, ACTOR, !fastForward);
      return payload(input, { ref: () => refNode(ctx, repo, ref) });
    },
    // Atomic: every beforeOid is checked and every update validated before any ref moves. GitHub reports a stale
    // beforeOid as a generic error without a code (community discussion #213655), modelled as such.
    updateRefs: ({ input }: { input: Input }) => {
      const repo = repositoryOf(ctx, input.repositoryId);
      const updates = (input.refUpdates as Array<{ name: string; beforeOid?: string | null; afterOid: string; force?: boolean | null }>).map((u) => {
        const current = repo.refs.get(u.name);
        if (!/^refs\/[^/]+\/.+/.test(u.name) || u.name.split("/").some((p) => p === "")) {
          throw new GraphqlApiError("UNPROCESSABLE", `'${u.name}' is not a valid ref name.`);
        }
        if (u.beforeOid !== undefined && u.beforeOid !== null && u.beforeOid !== (current ?? ZERO_OID)) {
          throw new GraphqlApiError("UNPROCESSABLE", `A ref update for ${u.name} was rejected.`);
        }
        const after = u.afterOid === ZERO_OID ? null : u.afterOid;
        if (after !== null) requireCommit(repo, after);
        const fastForward = current === undefined || after === null || repo.git.isAncestor(current, after);
        if (!fastForward && u.force !== true) throw new GraphqlApiError("UNPROCESSABLE", `A ref update for ${u.name} was rejected: not a fast forward.`);
        return { name: u.name, after, forced: !fastForward };
      });
      for (const u of updates) moveRef(state, repo, u.name, u.after, ACTOR, u.forced);
      return payload(input, {});
    },
    deleteRef: ({ input }: { input: Input }) => {
      const { repo, ref } = refOf(ctx, input.refId);
      moveRef(state, repo, ref, null, ACTOR);
      return payload(input, {});
    },
    createCommitOnBranch: ({ input }: { input: CommitOnBranchInput }) => createCommitOnBranch(ctx, input),
    mergeBranch: ({ input }: { input: Input }) => {
      const repo = repositoryOf(ctx, input.repositoryId);
      const sha = mergeBranches(state, repo, input.base, input.head, ACTOR, input.commitMessage ?? undefined);
      return payload(input, { mergeCommit: () => (sha === undefined ? null : commitNode(ctx, repo, sha)) });
    },
    createPullRequest: ({ input }: { input: Input }) => {
      const repo = repositoryOf(ctx, input.repositoryId);
      const issue = createPull(state, repo, ACTOR, {
        title: input.title,
        body: input.body ?? null,
        head: input.headRefName,
        base: input.baseRefName,
        ...(typeof input.draft === "boolean" ? { draft: input.draft } : {}),
      });
      return issueResult(input, "pullRequest", repo, issue);
    },
    updatePullRequest: onIssue("pullRequestId", ["PullRequest"], "pullRequest", (repo, issue, input) => {
      const patch: IssuePatch = {};
      if (typeof input.title === "string") patch.title = input.title;
      if (typeof input.body === "string") patch.body = input.body;
      if (typeof input.baseRefName === "string") patch.base = input.baseRefName;
      if (input.state === "OPEN" || input.state === "CLOSED") patch.state = input.state === "OPEN" ? "open" : "closed";
      if (Array.isArray(input.labelIds)) patch.labels = labelNames(ctx, repo, input.labelIds);
      if (Array.isArray(input.assigneeIds)) patch.assignees = userLogins(ctx, input.assigneeIds);
      editIssue(state, repo, issue, ACTOR, patch);
    }),
    closePullRequest: onIssue("pullRequestId", ["PullRequest"], "pullRequest", (repo, issue) => closeIssue(state, repo, issue, ACTOR)),
    reopenPullRequest: onIssue("pullRequestId", ["PullRequest"], "pullRequest", (repo, issue) => reopenIssue(state, repo, issue, ACTOR)),
    mergePullRequest: ({ input }: { input: Input }) => {
      const { repo, issue } = issueOf(ctx, input.pullRequestId, ["PullRequest"]);
      mergePull(state, repo, issue, ACTOR, {
        ...(input.expectedHeadOid ? { sha: input.expectedHeadOid } : {}),
        merge_method: input.mergeMethod === "SQUASH" ? "squash" : input.mergeMethod === "REBASE" ? "rebase" : "merge",
        ...(typeof input.commitHeadline === "string" ? { commit_title: input.commitHeadline } : {}),
        ...(typeof input.commitBody === "string" ? { commit_message: input.commitBody } : {}),
      });
      return payload(input, { pullRequest: () => issueNode(ctx, repo, issue), actor: () => actorNode(ctx, ACTOR) });
    },
    requestReviews: ({ input }: { input: Input }) => {
      const { repo, issue } = issueOf(ctx, input.pullRequestId, ["PullRequest"]);
      const users = userLogins(ctx, input.userIds ?? []);
      const teams = teamSlugs(ctx, input.teamIds ?? []);
      requestReviewers(state, repo, issue, ACTOR, users, teams);
      // Without `union`, the given reviewers replace the requested ones.
      const pull = issue.pull;
      if (input.union !== true && pull) {
        removeReviewRequests(
          state,
          repo,
          issue,
          ACTOR,
          pull.requested_reviewers.filter((r) => !users.includes(r)),
          pull.requested_teams.filter((t) => !teams.includes(t)),
        );
      }
      return payload(input, { pullRequest: () => issueNode(ctx, repo, issue), actor: () => actorNode(ctx, ACTOR), requestedReviewersEdge: null });
    },
    addComment: ({ input }: { input: Input }) => {
      const { repo, issue } = issueOf(ctx, input.subjectId, ["Issue", "PullRequest"]);
      const comment = createComment(state, repo, issue, ACTOR, input.body);
      const edge = { cursor: Buffer.from(`cursor:v2:${comment.id}`).toString("base64"), node: () => issueCommentNode(ctx, repo, comment) };
      return payload(input, { commentEdge: edge, timelineEdge: edge, subject: () => issueNode(ctx, repo, issue) });
    },
    updateIssueComment: ({ input }: { input: Input }) => {
      const { repo, comment } = commentOf(ctx, input.id);
      editComment(state, repo, comment, ACTOR, input.body);
      return payload(input, { issueComment: () => issueCommentNode(ctx, repo, comment) });
    },
    deleteIssueComment: ({ input }: { input: Input }) => {
      const { repo, comment } = commentOf(ctx, input.id);
      deleteComment(state, repo, comment, ACTOR);
      return payload(input, {});
    },
    addReaction: ({ input }: { input: Input }) => {
      const { repo, type, key } = lookup(ctx, input.subjectId, ["Issue", "PullRequest", "IssueComment"]);
      const subject = type === "IssueComment" ? repo.comments.get(Number(key)) : [...repo.issues.values()].find((i) => i.id === Number(key));
      if (!subject) throw unresolvable(input.subjectId);
      const { reaction } = addReaction(state, subject.reactions, ACTOR, REST_REACTION.get(input.content) ?? String(input.content));
      return payload(input, {
        reaction: () => reactionNode(ctx, reaction),
        subject: () => ("issueNumber" in subject ? issueCommentNode(ctx, repo, subject) : issueNode(ctx, repo, subject)),
      });
    },
    closeIssue: onIssue("issueId", ["Issue"], "issue", (repo, issue, input) =>
      closeIssue(state, repo, issue, ACTOR, input.stateReason === "NOT_PLANNED" ? "not_planned" : "completed"),
    ),
    reopenIssue: onIssue("issueId", ["Issue"], "issue", (repo, issue) => reopenIssue(state, repo, issue, ACTOR)),
    // Labels must exist before addLabelsToLabelable can name them (REST's add-labels creates them on the fly).
    createLabel: ({ input }: { input: Input }) => {
      const repo = repositoryOf(ctx, input.repositoryId);
      const name = String(input.name);
      if (repo.labels.has(name.toLowerCase())) throw new GraphqlApiError("UNPROCESSABLE", "Name has already been taken");
      if (!/^[0-9a-fA-F]{6}$/.test(String(input.color))) throw new GraphqlApiError("UNPROCESSABLE", "Color is invalid");
      const label = { id: state.nextId(), name, color: String(input.color).toLowerCase(), description: input.description ?? null };
      repo.labels.set(name.toLowerCase(), label);
      return payload(input, { label: () => labelNode(ctx, repo, label) });
    },
    addLabelsToLabelable: onIssue("labelableId", ["Issue", "PullRequest"], "labelable", (repo, issue, input) =>
      addLabels(state, repo, issue, ACTOR, labelNames(ctx, repo, input.labelIds)),
    ),
    // Labels the labelable does not carry are passed over.
    removeLabelsFromLabelable: onIssue("labelableId", ["Issue", "PullRequest"], "labelable", (repo, issue, input) => {
      for (const name of labelNames(ctx, repo, input.labelIds)) {
        if (issue.labels.some((l) => l.toLowerCase() === name.toLowerCase())) removeLabel(state, repo, issue, ACTOR, name);
      }
    }),
  };
}

/** Git errors (unknown objects, bad paths) as GitHub's GraphQL API reports them. */
export function gitError(error: unknown): GraphqlApiError | undefined {
  return error instanceof GitStoreError ? new GraphqlApiError("UNPROCESSABLE", error.message) : undefined;
}
