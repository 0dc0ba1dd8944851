import { describe, expect, it } from "vitest";
import { useSimulator } from "../harness/index.js";

const repo = { owner: "acme", repo: "requests" };
const CONFIG = "gitops:\n  repo: acme/gitops\n";

describe("contents, users and teams", () => {
  const gh = useSimulator(
    (sim) => {
      sim.addRepo("acme/requests", { files: { ".github/onboarding-bot.yml": CONFIG, "docs/a b.md": "spaced\n" } });
      sim.addUser("MixedCase");
      sim.addTeam("acme", "approvers", ["MixedCase"]);
    },
  );

  it("serves file contents as base64 JSON and as raw text, decoding %2F in the path", async () => {
    const { data } = await gh.octokit.rest.repos.getContent({ ...repo, path: ".github/onboarding-bot.yml" });
    expect(Array.isArray(data)).toBe(false);
    const file = data as { type: string; content: string; sha: string; encoding: string };
    expect(file.type).toBe("file");
    expect(file.encoding).toBe("base64");
    expect(Buffer.from(file.content, "base64").toString("utf8")).toBe(CONFIG);
    const raw = await gh.octokit.rest.repos.getContent({ ...repo, path: ".github/onboarding-bot.yml", mediaType: { format: "raw" } });
    expect(raw.data).toBe(CONFIG);
    expect(gh.sim.calls.at(-1)?.path).toBe("/repos/acme/requests/contents/.github%2Fonboarding-bot.yml");
  });

  it("feeds Probot's config plugin, which reads the file raw", async () => {
    const { config } = await gh.octokit.config.get({ ...repo, path: ".github/onboarding-bot.yml" });
    expect(config).toEqual({ gitops: { repo: "acme/gitops" } });
    const missing = await gh.octokit.config.get({ ...repo, path: ".github/absent.yml" });
    expect(missing.config).toEqual({});
    // Probot falls back to the organisation's `.github` repository, which does not exist here: 404, not an error.
    expect(missing.files.map((f) => `${f.owner}/${f.repo}`)).toEqual(["acme/requests", "acme/.github"]);
  });

  it("lists directories and answers 404 for missing paths and refs", async () => {
    const { data } = await gh.octokit.rest.repos.getContent({ ...repo, path: "docs" });
    expect((data as Array<{ name: string; type: string }>).map((e) => [e.name, e.type])).toEqual([["a b.md", "file"]]);
    const { data: root } = await gh.octokit.rest.repos.getContent({ ...repo, path: "" });
    expect((root as Array<{ name: string }>).map((e) => e.name)).toEqual([".github", "docs"]);
    await expect(gh.octokit.rest.repos.getContent({ ...repo, path: "nope.txt" })).rejects.toMatchObject({ status: 404 });
    await expect(gh.octokit.rest.repos.getContent({ ...repo, path: "docs", ref: "no-branch" })).rejects.toMatchObject({ status: 404 });
  });

  it("reads contents at a branch or a commit sha", async () => {
    const first = gh.sim.ref("acme/requests", "main") as string;
    gh.sim.pushCommit("acme/requests", "main", { ".github/onboarding-bot.yml": "changed: true\n" }, "MixedCase");
    const { data } = await gh.octokit.rest.repos.getContent({ ...repo, path: ".github/onboarding-bot.yml", ref: first, mediaType: { format: "raw" } });
    expect(data).toBe(CONFIG);
  });

  it("looks users up case-insensitively and answers with the canonical login", async () => {
    const { data } = await gh.octokit.rest.users.getByUsername({ username: "mixedcase" });
    expect(data.login).toBe("MixedCase");
    expect(data.type).toBe("User");
    const { data: bot } = await gh.octokit.rest.users.getByUsername({ username: "onboarding-bot[bot]" });
    expect(bot.type).toBe("Bot");
    await expect(gh.octokit.rest.users.getByUsername({ username: "ghost-user" })).rejects.toMatchObject({ status: 404 });
  });

  it("answers team membership for members and 404 for others", async () => {
    const { data } = await gh.octokit.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "approvers", username: "mixedcase" });
    expect(data.state).toBe("active");
    await expect(
      gh.octokit.rest.teams.getMembershipForUserInOrg({ org: "acme", team_slug: "approvers", username: "someone" }),
    ).rejects.toMatchObject({ status: 404 });
    const { data: members } = await gh.octokit.rest.teams.listMembersInOrg({ org: "acme", team_slug: "approvers" });
    expect(members.map((m) => m.login)).toEqual(["MixedCase"]);
  });
});
