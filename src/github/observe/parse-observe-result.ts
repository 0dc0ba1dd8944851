import type { z } from "zod";
import { loginAlias, pathAlias, teamAlias } from "./build-observe-query.js";
import { checkObserveInput, type ObserveInput } from "./observe-input.js";
import {
  configSchema,
  fileSchema,
  observeResponseSchema,
  teamSchema,
  userSchema,
  type CommentData,
  type ReviewData,
} from "./observe-response.js";
import type {
  ObservedActor,
  ObservedBase,
  ObservedComment,
  ObservedConfig,
  ObservedList,
  ObservedPath,
  ObservedReview,
  ObservedUser,
  Observation,
} from "./observation.js";

/**
 * Turns GitHub's answer to {@link buildObserveQuery}'s document (for the same `input`) into an {@link Observation}:
 * paths missing at the base commit are `absent`, trees carry their entries, logins GitHub does not know are null.
 * @throws Error naming the field when the answer is not shaped as the document asked (GitHub changed, or the data
 *   belongs to another input).
 */
export function parseObserveResult(input: ObserveInput, data: unknown): Observation {
  const checked = checkObserveInput(input);
  const fixed = check(observeResponseSchema, data, "answer");
  const record = data as Record<string, unknown>;
  const gitops = fixed.gitops ?? { id: "", base: null, head: null, pullRequests: { totalCount: 0, nodes: [] } };
  const target = gitops.base?.target as Record<string, unknown> | undefined;

  let base: ObservedBase | null = null;
  if (target) {
    if (target.__typename !== "Commit" || !gitops.base?.target.tree) {
      throw new Error(`observe: gitops.base.target: expected the base branch to point to a Commit, got ${String(target.__typename)}`);
    }
    const paths = new Map<string, ObservedPath>();
    checked.gitops.paths.forEach((path, i) => paths.set(path, toPath(check(fileSchema, target[pathAlias(i)], `gitops.base.target.${pathAlias(i)} (${path})`))));
    const rootEntries = gitops.base.target.tree.entries;
    base = { commitOid: gitops.base.target.oid, treeOid: gitops.base.target.tree.oid, paths, ...(rootEntries ? { rootEntries } : {}) };
  }

  const users = new Map<string, ObservedUser>();
  checked.logins.forEach((login, i) => {
    const user = check(userSchema, record[loginAlias(i)] ?? null, `${loginAlias(i)} (${login})`);
    users.set(login, user && { login: user.login, type: user.__typename });
  });

  // Teams only when the GitOps side was read (a support-only document asks for none).
  const teams = new Map<string, readonly string[] | null>();
  if (fixed.gitops) {
    (checked.teams ?? []).forEach(({ org, slug }, i) => {
      const answer = check(teamSchema, record[teamAlias(i)] ?? null, `${teamAlias(i)} (${org}/${slug})`);
      const members = answer?.team?.members;
      const read = answer === null ? null : !members ? [] : members.totalCount > members.nodes.length ? null : members.nodes.map((m) => m.login.toLowerCase());
      teams.set(`${org}/${slug}`.toLowerCase(), read);
    });
  }

  const { issue } = fixed.support;
  return {
    repositoryIds: { support: fixed.support.id, gitops: gitops.id },
    issue: {
      id: issue.id,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      stateReason: issue.stateReason,
      author: toActor(issue.author),
      labels: toLabels(issue.labels),
      createdAt: issue.createdAt,
      closedAt: issue.closedAt,
      url: issue.url,
      comments: toList(issue.comments, toComment),
    },
    openRequests: fixed.support.openRequests
      ? { numbers: fixed.support.openRequests.nodes.map((n) => n.number), totalCount: fixed.support.openRequests.totalCount }
      : null,
    config: toConfig(fixed.support.config),
    base,
    branchHead: gitops.head?.target.oid ?? null,
    pullRequests: gitops.pullRequests.nodes.map((pr) => ({
      id: pr.id,
      number: pr.number,
      title: pr.title,
      url: pr.url,
      closedAt: pr.closedAt,
      state: pr.state,
      merged: pr.merged,
      mergeable: pr.mergeable,
      isCrossRepository: pr.isCrossRepository,
      headRefName: pr.headRefName,
      headRefOid: pr.headRefOid,
      baseRefName: pr.baseRefName,
      body: pr.body,
      author: toActor(pr.author),
      labels: toLabels(pr.labels),
      reviews: toList(pr.reviews, toReview),
      comments: toList(pr.comments, toComment),
    })),
    pullRequestCount: gitops.pullRequests.totalCount,
    users,
    teams,
    cost: { cost: fixed.rateLimit.cost, remaining: fixed.rateLimit.remaining },
  };
}

function check<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${[where, ...i.path].join(".")}: ${i.message}`);
  throw new Error(`observe: GitHub's answer is not shaped as the query asked: ${problems.join("; ")}`);
}

function toActor(actor: { login: string; __typename: string } | null): ObservedActor | null {
  return actor && { login: actor.login, type: actor.__typename };
}

function toList<D, T>(
  list: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: D[] },
  map: (d: D) => T,
): ObservedList<T> {
  const complete = !list.pageInfo.hasNextPage;
  return { items: list.nodes.map(map), totalCount: list.totalCount, complete, endCursor: complete ? null : list.pageInfo.endCursor };
}

function toLabels(labels: { totalCount: number; nodes: Array<{ name: string }> }): ObservedList<string> {
  const complete = labels.nodes.length >= labels.totalCount;
  return { items: labels.nodes.map((l) => l.name), totalCount: labels.totalCount, complete, endCursor: null };
}

function toComment(c: CommentData): ObservedComment {
  return { ...c, author: toActor(c.author) };
}

function toReview(r: ReviewData): ObservedReview {
  return { databaseId: r.databaseId, state: r.state, author: toActor(r.author), submittedAt: r.submittedAt, commitOid: r.commit?.oid ?? null };
}

function toConfig(config: z.infer<typeof configSchema>): ObservedConfig {
  // A directory (or submodule) where the file should be is no configuration file either.
  if (!config || config.__typename !== "Blob") return { kind: "absent" };
  return { kind: "blob", oid: config.oid, text: config.text ?? null, truncated: config.isTruncated ?? false };
}

function toPath(file: z.infer<typeof fileSchema>): ObservedPath {
  if (!file) return { kind: "absent" };
  if (file.type === "commit") return { kind: "commit", oid: file.oid };
  if (file.type === "tree") return { kind: "tree", oid: file.oid, entries: file.object?.entries ?? [] };
  return { kind: "blob", oid: file.oid, text: file.object?.text ?? null, truncated: file.object?.isTruncated ?? false, binary: file.object?.isBinary ?? false };
}
