import { BOT_LOGIN, RATE_LIMIT } from "../model.js";
import { requireOrganization, requireUser, userNode } from "./actors.js";
import { type GqlContext, type GqlObject, requireVisibleRepo } from "./context.js";
import { notFound } from "./errors.js";
import { repositoryNode } from "./git-objects.js";
import { resolveNode } from "./nodes.js";

/** The rate-limit bucket of an installation's GraphQL calls (GitHub counts GraphQL points apart from REST calls). */
export function graphqlBucket(installationId: number): string {
  return `graphql:${installationId}`;
}

/** The `Query` root fields the simulator answers. */
export function queryRoot(ctx: GqlContext): Record<string, unknown> {
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => repositoryNode(ctx, requireVisibleRepo(ctx, owner, name)),
    node: ({ id }: { id: string }) => {
      const node = resolveNode(ctx, id);
      if (!node) throw notFound(`Could not resolve to a node with the global id of '${id}'.`);
      return node;
    },
    // A list field: each id that does not resolve is null with its own NOT_FOUND error (path ["nodes", i]).
    nodes: ({ ids }: { ids: string[] }) =>
      ids.map((id) => resolveNode(ctx, id) ?? notFound(`Could not resolve to a node with the global id of '${id}'.`)),
    user: ({ login }: { login: string }) => requireUser(ctx, login),
    organization: ({ login }: { login: string }) => requireOrganization(ctx, login),
    // `Query.viewer` is typed `User!`: with an installation token it is the app's bot user, and it keeps the REST
    // login with `[bot]` (reported from github.com: "`viewer` returns `fullsend-ai-coder[bot]`",
    // fullsend-ai/fullsend#1953), unlike `Bot` actors elsewhere, which GraphQL reports without the suffix.
    viewer: (): GqlObject => {
      const bot = ctx.state.ensureUser(BOT_LOGIN, "Bot");
      return { ...userNode(ctx, bot), isViewer: true };
    },
    rateLimit: () => {
      const used = (ctx.state.rateUsed.get(graphqlBucket(ctx.installationId)) ?? 0) + ctx.cost;
      return {
        cost: ctx.cost,
        limit: RATE_LIMIT,
        used,
        remaining: Math.max(RATE_LIMIT - used, 0),
        resetAt: new Date(ctx.state.rateReset * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
        nodeCount: ctx.nodes,
      };
    },
  };
}
