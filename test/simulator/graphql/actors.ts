import type { UserRecord } from "../model.js";
import { connection, type PageArgs } from "./connection.js";
import type { GqlContext, GqlObject } from "./context.js";
import { GraphqlApiError, notFound } from "./errors.js";
import { globalId } from "./node-id.js";

const HTML = "https://github.com";
const ACCOUNT_CREATED = "2020-01-01T00:00:00Z";

/**
 * The GraphQL login of an account. GitHub's GraphQL API reports a `Bot` actor's login WITHOUT the `[bot]` suffix
 * that REST shows (`onboarding-bot`, not `onboarding-bot[bot]`), with `__typename: "Bot"` and url
 * `https://github.com/apps/<slug>`. Verified from reports measured against github.com (fullsend-ai/fullsend#6205:
 * `author { login __typename url }` → `{"login":"fullsend-ai-review","__typename":"Bot",...}`;
 * jsboige/CoursIA#15758: REST `github-actions[bot]` vs GraphQL `github-actions`).
 */
export function graphqlLogin(user: Pick<UserRecord, "login" | "type">): string {
  return user.type === "Bot" ? user.login.replace(/\[bot\]$/, "") : user.login;
}

function accountFields(user: UserRecord, login = user.login, path = `/${login}`): Record<string, unknown> {
  return {
    id: globalId(user.type, user.id),
    databaseId: user.id,
    login,
    url: `${HTML}${path}`,
    resourcePath: path,
    avatarUrl: () => `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    createdAt: ACCOUNT_CREATED,
    updatedAt: ACCOUNT_CREATED,
  };
}

/** A `User` object. `viewer` uses it for the app's bot too, since `Query.viewer` is typed `User!`. */
export function userNode(ctx: GqlContext, user: UserRecord): GqlObject {
  return {
    __typename: "User",
    ...accountFields(user),
    name: null,
    email: "",
    isViewer: false,
    isSiteAdmin: false,
  };
}

/** An `Organization` object with its teams (the installation needs `members: read`, which the app has). */
export function organizationNode(ctx: GqlContext, org: UserRecord): GqlObject {
  return {
    __typename: "Organization",
    ...accountFields(org),
    name: org.login,
    // Teams need the installation's `members: read` on this organization: from another account's installation
    // GitHub refuses with FORBIDDEN "Resource not accessible by integration" (REST answers 404).
    team: ({ slug }: { slug: string }) => {
      const installation = ctx.state.installations.get(ctx.installationId);
      if (installation?.account.toLowerCase() !== org.login.toLowerCase()) {
        throw new GraphqlApiError("FORBIDDEN", "Resource not accessible by integration");
      }
      const team = ctx.state.teams.get(`${org.login}/${slug}`.toLowerCase());
      if (!team) return null;
      const members = team.members.map((m) => ctx.state.user(m)).filter((u): u is UserRecord => u !== undefined);
      return {
        __typename: "Team",
        id: globalId("Team", team.id),
        databaseId: team.id,
        slug: team.slug,
        name: team.slug,
        combinedSlug: `${org.login}/${team.slug}`,
        organization: () => organizationNode(ctx, org),
        url: `${HTML}/orgs/${org.login}/teams/${team.slug}`,
        members: (args: PageArgs) => {
          const page = connection(members, args, "members");
          const nodes = (page.nodes as UserRecord[]).map((u) => userNode(ctx, u));
          return {
            ...page,
            nodes,
            edges: (page.edges as Array<{ cursor: string; node: UserRecord }>).map((e, i) => ({ cursor: e.cursor, node: nodes[i], role: "MEMBER" })),
          };
        },
      };
    },
  };
}

/** A `Bot` object (an app's bot user). */
export function botNode(ctx: GqlContext, bot: UserRecord): GqlObject {
  const slug = graphqlLogin(bot);
  return { __typename: "Bot", ...accountFields(bot, slug, `/apps/${slug}`) };
}

/** The `Actor` (User, Bot or Organization) behind a login; unknown logins are users, as in REST payloads. */
export function actorNode(ctx: GqlContext, login: string | null | undefined): GqlObject | null {
  if (login === null || login === undefined) return null;
  const user = ctx.state.user(login) ?? { id: 0, login, type: "User" as const };
  if (user.type === "Bot") return botNode(ctx, user);
  if (user.type === "Organization") return organizationNode(ctx, user);
  return userNode(ctx, user);
}

/** `user(login:)`: a user account (bots and organizations are not users), or NOT_FOUND. */
export function requireUser(ctx: GqlContext, login: string): GqlObject {
  const user = ctx.state.user(login);
  if (!user || user.type !== "User") throw notFound(`Could not resolve to a User with the login of '${login}'.`);
  return userNode(ctx, user);
}

/** `organization(login:)`: an organization, or NOT_FOUND. */
export function requireOrganization(ctx: GqlContext, login: string): GqlObject {
  const org = ctx.state.user(login);
  if (!org || org.type !== "Organization") throw notFound(`Could not resolve to an Organization with the login of '${login}'.`);
  return organizationNode(ctx, org);
}
