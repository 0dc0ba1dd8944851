import { ApiError, type SimState, type TeamRecord } from "../model.js";
import { userJson } from "../payloads.js";
import { paginate, type RouteContext, type RouteHandler } from "../route-context.js";

/**
 * The team `org/slug`, if the authenticated installation is on that organization (GitHub answers 404 for teams
 * of organizations the installation cannot see).
 */
function teamOf(ctx: RouteContext): TeamRecord {
  const org = String(ctx.params.org);
  const installation = ctx.installationId === undefined ? undefined : ctx.state.installations.get(ctx.installationId);
  const team = ctx.state.teams.get(`${org}/${String(ctx.params.team_slug)}`.toLowerCase());
  if (!team || installation?.account.toLowerCase() !== org.toLowerCase()) throw new ApiError(404, "Not Found");
  return team;
}

function userProfile(state: SimState, login: string): Record<string, unknown> {
  const user = state.user(login);
  if (!user) throw new ApiError(404, "Not Found");
  return { ...userJson(state, user.login), name: null, company: null, blog: "", location: null, email: null, bio: null, hireable: null, public_repos: 0, public_gists: 0, followers: 0, following: 0, created_at: "2020-01-01T00:00:00Z", updated_at: "2020-01-01T00:00:00Z" };
}

/** Handlers of the users and teams operations. */
export const userHandlers: Record<string, RouteHandler> = {
  "users/get-by-username": (ctx) => ({ body: userProfile(ctx.state, String(ctx.params.username)) }),

  "teams/get-membership-for-user-in-org": (ctx) => {
    const team = teamOf(ctx);
    const username = String(ctx.params.username).toLowerCase();
    if (!team.members.some((m) => m.toLowerCase() === username)) throw new ApiError(404, "Not Found");
    return {
      body: {
        url: `${ctx.state.apiUrl}/teams/${team.id}/memberships/${encodeURIComponent(String(ctx.params.username))}`,
        role: "member",
        state: "active",
      },
    };
  },

  "teams/list-members-in-org": (ctx) => paginate(ctx, teamOf(ctx).members.map((m) => userJson(ctx.state, m))),
};
