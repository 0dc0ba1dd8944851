import type { Actor, PullInfo } from "./reader.js";

/** A pull request's fields as GitHub's GraphQL API names them (what the observation and `createPullRequest` select). */
export interface GraphqlPull {
  id: string;
  number: number;
  url: string;
  /** `OPEN`, `CLOSED` or `MERGED`. */
  state: string;
  merged: boolean;
  /** `MERGEABLE`, `CONFLICTING` or `UNKNOWN`. */
  mergeable: string;
  title: string;
  body: string;
  headRefName: string;
  headRefOid: string;
  baseRefName: string;
  closedAt: string | null;
}

/** The reader's {@link PullInfo} of a pull request read over GraphQL; `user` as REST names it (see `actorOf`). */
export function pullInfoOfGraphql(p: GraphqlPull, user: Actor, labels: string[]): PullInfo {
  return {
    number: p.number,
    nodeId: p.id,
    state: p.state === "OPEN" ? "open" : "closed",
    merged: p.merged,
    title: p.title,
    body: p.body,
    headRef: p.headRefName,
    headSha: p.headRefOid,
    baseRef: p.baseRefName,
    user,
    labels,
    htmlUrl: p.url,
    mergeable: p.mergeable === "MERGEABLE" ? true : p.mergeable === "CONFLICTING" ? false : null,
    closedAt: p.closedAt,
  };
}

/** An actor as REST names it: GraphQL drops the `[bot]` suffix of an app's login, REST keeps it. */
export function restActor(actor: { login: string; type: string } | null): Actor {
  if (!actor) return { login: "ghost", type: "User" };
  return actor.type === "Bot" ? { login: `${actor.login}[bot]`, type: "Bot" } : { login: actor.login, type: "User" };
}
