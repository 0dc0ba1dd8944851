import { randomBytes } from "node:crypto";
import { ApiError, APP_SLUG, type InstallationRecord, type SimState } from "../model.js";
import { appJson, repoJson, userJson } from "../payloads.js";
import { paginate, type RouteHandler } from "../route-context.js";

const PERMISSIONS = { contents: "write", issues: "write", pull_requests: "write", metadata: "read", members: "read" };

function installationJson(state: SimState, installation: InstallationRecord): Record<string, unknown> {
  const account = state.user(installation.account);
  return {
    id: installation.id,
    account: userJson(state, installation.account),
    repository_selection: "all",
    access_tokens_url: `${state.apiUrl}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${state.apiUrl}/installation/repositories`,
    html_url: `https://github.com/settings/installations/${installation.id}`,
    app_id: state.appId,
    app_slug: APP_SLUG,
    target_id: account?.id ?? 0,
    target_type: account?.type === "User" ? "User" : "Organization",
    permissions: PERMISSIONS,
    events: ["issues", "issue_comment", "pull_request", "pull_request_review", "push"],
    created_at: installation.created_at,
    updated_at: installation.created_at,
    single_file_name: null,
    suspended_at: null,
    suspended_by: null,
  };
}

function requireInstallation(state: SimState, id: number): InstallationRecord {
  const installation = state.installations.get(id);
  if (!installation) throw new ApiError(404, "Not Found");
  return installation;
}

/** Handlers of the `apps/*` operations (app JWT and installation endpoints). */
export const appHandlers: Record<string, RouteHandler> = {
  "apps/get-authenticated": (ctx) => ({ body: appJson(ctx.state) }),

  "apps/list-installations": (ctx) =>
    paginate(ctx, [...ctx.state.installations.values()].map((i) => installationJson(ctx.state, i))),

  "apps/get-installation": (ctx) => ({
    body: installationJson(ctx.state, requireInstallation(ctx.state, Number(ctx.params.installation_id))),
  }),

  "apps/create-installation-access-token": (ctx) => {
    const installation = requireInstallation(ctx.state, Number(ctx.params.installation_id));
    const token = `ghs_sim_${installation.id}_${randomBytes(12).toString("hex")}`;
    const expiresAt = Date.now() + 3600_000;
    ctx.state.tokens.set(token, { installationId: installation.id, expiresAt });
    return {
      status: 201,
      body: {
        token,
        expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: PERMISSIONS,
        repository_selection: "all",
      },
    };
  },

  "apps/get-repo-installation": (ctx) => {
    const repo = ctx.state.repo(`${String(ctx.params.owner)}/${String(ctx.params.repo)}`);
    if (repo?.installationId === undefined) throw new ApiError(404, "Not Found");
    return { body: installationJson(ctx.state, requireInstallation(ctx.state, repo.installationId)) };
  },

  "apps/list-repos-accessible-to-installation": (ctx) => {
    const repos = [...ctx.state.repos.values()].filter((r) => r.installationId === ctx.installationId);
    const page = paginate(ctx, repos.map((r) => repoJson(ctx.state, r)));
    return { ...page, body: { total_count: repos.length, repository_selection: "all", repositories: page.body } };
  },
};
