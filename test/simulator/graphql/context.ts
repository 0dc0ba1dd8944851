import type { GraphQLResolveInfo } from "graphql";
import type { RepoRecord, SimState } from "../model.js";
import { GraphqlApiError, notFound } from "./errors.js";

/** What every resolver gets: the simulated GitHub and the installation whose token made the request. */
export interface GqlContext {
  state: SimState;
  installationId: number;
  /** The simulator's violation log: fields the simulator cannot answer yet are recorded here. */
  violations: string[];
  /** The query's cost in rate-limit points (GitHub's formula), for `rateLimit { cost }`. */
  cost: number;
  /** The most nodes the query's connections may return, for `rateLimit { nodeCount }`. */
  nodes: number;
}

/** A field's value, or a function computing it from the field's arguments (run only when the field is selected). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arguments are checked by GraphQL validation
export type Field = unknown | ((args: any, ctx: GqlContext, info: GraphQLResolveInfo) => unknown);

/** A GraphQL object: its `__typename` (for interfaces and unions) and its fields. */
export interface GqlObject {
  __typename: string;
  [field: string]: Field;
}

/** The repository if the installation may see it (GitHub answers as if the others did not exist). */
export function isVisible(ctx: GqlContext, repo: RepoRecord | undefined): repo is RepoRecord {
  return repo !== undefined && repo.installationId !== undefined && repo.installationId === ctx.installationId;
}

/** The repository `owner/name` the installation can see, or GitHub's NOT_FOUND error. */
export function requireVisibleRepo(ctx: GqlContext, owner: string, name: string): RepoRecord {
  const repo = ctx.state.repo(`${owner}/${name}`);
  if (!isVisible(ctx, repo)) throw notFound(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
  return repo;
}

/** The visible repository with this database id, if any. */
export function visibleRepoById(ctx: GqlContext, id: number): RepoRecord | undefined {
  for (const repo of ctx.state.repos.values()) if (repo.id === id) return isVisible(ctx, repo) ? repo : undefined;
  return undefined;
}

/** GitHub's error for a mutation input naming something that does not resolve. */
export function unresolvable(id: string): GraphqlApiError {
  return notFound(`Could not resolve to a node with the global id of '${id}'.`);
}
