import type { Octokit } from "../octokit.js";
import { buildObserveQuery, type ObserveQuery } from "./build-observe-query.js";
import type { ObserveInput } from "./observe-input.js";
import type { Observation } from "./observation.js";
import { parseObserveResult } from "./parse-observe-result.js";

/** The installation Octokits an observation reads with: one when both repositories share an installation. */
export type ObserveClients = Octokit | { support: Octokit; gitops: Octokit };

/**
 * Observes one request: a single GraphQL document and round trip when both repositories share an installation
 * (pass one Octokit), or one document per installation sent in parallel (still one round trip of latency).
 * @throws Error for invalid input, any GraphQL error other than an unknown login, or an answer of the wrong shape.
 */
export async function observe(clients: ObserveClients, input: ObserveInput, scope: "both" | "support" = "both"): Promise<Observation> {
  if (scope === "support") {
    const octokit = "support" in clients && "gitops" in clients ? clients.support : clients;
    const { pathAliases, ...query } = buildObserveQuery(input, "support");
    return parseObserveResult({ ...input, gitops: { ...input.gitops, paths: pathAliases.map((a) => a.path) } }, await run(octokit, { ...query, pathAliases }));
  }
  if ("support" in clients && "gitops" in clients) {
    const [support, gitops] = await Promise.all([
      run(clients.support, buildObserveQuery(input, "support")),
      run(clients.gitops, buildObserveQuery(input, "gitops")),
    ]);
    return parseObserveResult(input, mergeAnswers(support, gitops));
  }
  return parseObserveResult(input, await run(clients, buildObserveQuery(input, "both")));
}

async function run(octokit: Octokit, { query, variables, loginAliases, teamAliases }: ObserveQuery): Promise<Record<string, unknown>> {
  try {
    return await octokit.graphql<Record<string, unknown>>(query, variables);
  } catch (error) {
    if (isIssueNotFound(error)) throw new NotAnIssueError(Number(variables.issue));
    return partialDataOfUnknownLogins(error, new Set(loginAliases.map((a) => a.alias)), new Set(teamAliases));
  }
}

/**
 * The request's number names no issue of the support repository (a pull request's number, or a deleted issue):
 * GitHub answers `repository.issue(number:)` with NOT_FOUND. Nothing is a request there.
 */
export class NotAnIssueError extends Error {
  constructor(readonly number: number) {
    super(`observe: #${number} is not an issue of the support repository`);
    this.name = "NotAnIssueError";
  }
}

function isIssueNotFound(error: unknown): boolean {
  if (!isGraphqlResponseError(error)) return false;
  return error.errors.some((e) => e.type === "NOT_FOUND" && Array.isArray(e.path) && e.path.join(".") === "support.issue");
}

/** One GraphQL error as GitHub reports it (`type` and `path` are GitHub's additions to the spec's shape). */
interface GraphqlErrorEntry {
  type?: unknown;
  path?: unknown;
  message?: unknown;
}

/**
 * The partial data of Octokit's `GraphqlResponseError` when every error is GitHub's NOT_FOUND for one of our
 * `user(login:)` aliases (GitHub answers an unknown login that way, next to the rest of the data), or any error of
 * one of our team aliases (an unknown organization, or no `members: read` on it: that team is then read over REST,
 * which says why); rethrows anything else. Checked by shape, not `instanceof`, so a second copy of
 * `@octokit/graphql` cannot defeat it.
 */
export function partialDataOfUnknownLogins(error: unknown, loginAliases: ReadonlySet<string>, teamAliases: ReadonlySet<string> = new Set()): Record<string, unknown> {
  if (!isGraphqlResponseError(error)) throw error;
  const onlyTolerated = error.errors.every((e: GraphqlErrorEntry) => {
    if (!Array.isArray(e.path)) return false;
    const [alias] = e.path as unknown[];
    if (typeof alias !== "string") return false;
    if (teamAliases.has(alias)) return true;
    return e.type === "NOT_FOUND" && e.path.length === 1 && loginAliases.has(alias);
  });
  if (!onlyTolerated) throw error;
  // A team with an error anywhere in it reads as not read at all (GitHub answers a team it may not show as null,
  // which must not pass for "no such team").
  const failedTeams = new Set(error.errors.map((e) => (Array.isArray(e.path) ? e.path[0] : undefined)).filter((a): a is string => typeof a === "string" && teamAliases.has(a)));
  if (failedTeams.size === 0) return error.data;
  return { ...error.data, ...Object.fromEntries([...failedTeams].map((alias) => [alias, null])) };
}

function isGraphqlResponseError(error: unknown): error is { errors: GraphqlErrorEntry[]; data: Record<string, unknown> } {
  if (!(error instanceof Error) || error.name !== "GraphqlResponseError") return false;
  const { errors, data } = error as Error & { errors?: unknown; data?: unknown };
  return Array.isArray(errors) && errors.length > 0 && typeof data === "object" && data !== null;
}

/** The answers of the support and GitOps documents as one: their root fields are disjoint except `rateLimit`. */
function mergeAnswers(support: Record<string, unknown>, gitops: Record<string, unknown>): Record<string, unknown> {
  const cost = (a: Record<string, unknown>): { cost: number; remaining: number } =>
    (a.rateLimit as { cost: number; remaining: number } | null | undefined) ?? { cost: 0, remaining: Number.POSITIVE_INFINITY };
  const [s, g] = [cost(support), cost(gitops)];
  return { ...support, ...gitops, rateLimit: { cost: s.cost + g.cost, remaining: Math.min(s.remaining, g.remaining) } };
}
