import { describe, expect, it } from "vitest";
import { createConfigCache, observeRequest, type ConfigCache, type ObserveDeps } from "../../src/controller/observe-request.js";
import { createGitHubPort } from "../../src/github/port.js";
import type { Octokit } from "../../src/github/octokit.js";
import { EXAMPLE_TEXT } from "../config/config-samples.js";
import { useSimulator } from "../harness/index.js";
import { issueBody } from "../intake/support.js";

const SUPPORT = "operate-first/support";
const SHARED = "operate-first/shared-config";
const APPS = "operate-first/apps";
const CONFIG = ".github/onboarding-bot.yml";
const OVERLAY = "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml";
const REF = { owner: "operate-first", repo: "support", number: 1 };
const TRUST = {
  supportRepositories: [
    { owner: "operate-first", repo: "support" },
    { owner: "operate-first", repo: "shared-config" },
  ],
  gitopsRepository: { owner: "operate-first", repo: "apps" },
};

describe("observeRequest: the request's one observation, planned up front", () => {
  const gh = useSimulator(
    (sim) => {
      sim.addRepo(SUPPORT, { files: { [CONFIG]: EXAMPLE_TEXT } });
      sim.addRepo(SHARED, { files: { [CONFIG]: EXAMPLE_TEXT } });
      sim.addRepo(APPS, { files: { [OVERLAY]: "resources: []\n" } });
      for (const login of ["alice", "octocat", "hubot", "carol"]) sim.addUser(login);
      sim.openIssue(SUPPORT, { author: "alice", title: "Onboard my-team", body: issueBody(), labels: ["onboarding"] });
    },
    { owner: "operate-first" },
  );

  const depsWith = (cache: ConfigCache | undefined): ObserveDeps => {
    const github = createGitHubPort(gh.octokit as unknown as Octokit);
    return { github, githubFor: async () => github, trust: TRUST, botLogin: "onboarding-bot[bot]", ...(cache ? { configCache: cache } : {}) };
  };
  const observeCalls = () => gh.sim.calls.filter((c) => c.graphql?.operationName === "Observe").length;
  // Calls to repositories other than the observation (the installation token is created on first use).
  const restCalls = () => gh.sim.calls.filter((c) => c.operationId !== "graphql" && c.path.startsWith("/repos/"));
  const hint = { body: issueBody(), author: "alice", labels: ["onboarding"], state: "open" as const };

  it("observes once, and makes no other call, when the configuration is cached and the webhook carried the body", async () => {
    const cache = createConfigCache();
    const cold = await observeRequest(depsWith(cache), REF, undefined);
    expect(cold.observations).toBe(2);
    gh.sim.resetCalls();
    const warm = await observeRequest(depsWith(cache), REF, hint);
    expect(warm.observations).toBe(1);
    expect(observeCalls()).toBe(1);
    expect(restCalls()).toEqual([]);
    expect(warm.loaded.ok).toBe(true);
    expect(warm.gitops?.users.get("octocat")).toBe("octocat");
    expect(warm.gitops?.prefetched.get(OVERLAY)).toMatchObject({ content: "resources: []\n" });
    expect(warm.gitops?.openRequests).toEqual([1]);
  });

  it("reads the configuration ahead of a cold run that knows the body, so one observation answers everything", async () => {
    const cache = createConfigCache();
    const cold = await observeRequest(depsWith(cache), REF, hint);
    expect(cold.observations).toBe(1);
    expect(observeCalls()).toBe(1);
    expect(restCalls().map((c) => c.operationId)).toEqual(["repos/get-content"]);
    expect(cold.gitops?.prefetched.get(OVERLAY)).toMatchObject({ content: "resources: []\n" });
    // Cached by the blob id the read returned, which the next observation checks: no read ahead any more.
    gh.sim.resetCalls();
    expect((await observeRequest(depsWith(cache), REF, hint)).observations).toBe(1);
    expect(restCalls()).toEqual([]);
  });

  it("decides on the configuration as observed when it changed between the read ahead and the observation", async () => {
    const cache = createConfigCache();
    const github = createGitHubPort(gh.octokit as unknown as Octokit);
    const changed = `${EXAMPLE_TEXT}\ndryRun: true\n`.replace(/^dryRun: false\n/m, "");
    const racing = {
      ...github,
      readOwnConfig: async (repo: Parameters<typeof github.readOwnConfig>[0]) => {
        const file = await github.readOwnConfig(repo);
        gh.sim.pushCommit(SUPPORT, "main", { [CONFIG]: changed }, "alice");
        return file;
      },
    };
    const observed = await observeRequest({ github: racing, githubFor: async () => racing, trust: TRUST, botLogin: "onboarding-bot[bot]", configCache: cache }, REF, hint);
    expect(observed.loaded.ok && observed.loaded.config.dryRun).toBe(true);
  });

  it("plans a run without a webhook body (sweep, pull request events) from what the last run observed", async () => {
    const cache = createConfigCache();
    await observeRequest(depsWith(cache), REF, hint);
    gh.sim.resetCalls();
    expect((await observeRequest(depsWith(cache), REF, undefined)).observations).toBe(1);
  });

  it("parses a changed configuration again: the cache is keyed by the blob id the query returns", async () => {
    const cache = createConfigCache();
    await observeRequest(depsWith(cache), REF, hint);
    gh.sim.pushCommit(SUPPORT, "main", { [CONFIG]: `${EXAMPLE_TEXT}\ndryRun: true\n`.replace(/^dryRun: false\n/m, "") }, "alice");
    const after = await observeRequest(depsWith(cache), REF, hint);
    expect(after.loaded.ok && after.loaded.config.dryRun).toBe(true);
  });

  it("uses the body as observed when it was edited after the webhook, and observes again for the people it now names", async () => {
    const cache = createConfigCache();
    await observeRequest(depsWith(cache), REF, hint);
    gh.sim.editIssue(SUPPORT, 1, { body: issueBody({ members: "carol" }), by: "alice" });
    gh.sim.resetCalls();
    const observed = await observeRequest(depsWith(cache), REF, hint);
    expect(observed.issue.body).toContain("carol");
    expect(observed.observations).toBe(2);
    expect(observed.gitops?.users.get("carol")).toBe("carol");
  });

  it("reads every comment past the first page: a /retry on comment 101 is seen", async () => {
    for (let i = 1; i <= 100; i++) gh.sim.comment(SUPPORT, 1, "carol", `comment ${i}`);
    const last = gh.sim.comment(SUPPORT, 1, "alice", "/retry");
    const observed = await observeRequest(depsWith(createConfigCache()), REF, hint);
    expect(observed.comments).toHaveLength(101);
    expect(observed.comments.at(-1)).toMatchObject({ id: last, body: "/retry", user: { login: "alice", type: "User" } });
  });

  it("never caches a configuration that extends another: the extended file may change on its own", async () => {
    gh.sim.pushCommit(SUPPORT, "main", { [CONFIG]: "_extends: shared-config\n" }, "alice");
    const cache = createConfigCache();
    expect((await observeRequest(depsWith(cache), REF, hint)).loaded.ok).toBe(true);
    gh.sim.pushCommit(SHARED, "main", { [CONFIG]: `${EXAMPLE_TEXT}\ndryRun: true\n`.replace(/^dryRun: false\n/m, "") }, "alice");
    gh.sim.resetCalls();
    const again = await observeRequest(depsWith(cache), REF, hint);
    expect(again.loaded.ok && again.loaded.config.dryRun).toBe(true);
    // Both files read again (the run's own file ahead of the observation, then the extended one): nothing cached.
    expect(restCalls().map((c) => c.path)).toEqual([
      "/repos/operate-first/support/contents/.github%2Fonboarding-bot.yml",
      "/repos/operate-first/shared-config/contents/.github%2Fonboarding-bot.yml",
    ]);
    expect(again.observations).toBe(1);
  });

  it("keeps load-config's trust rules: an _extends outside the support repositories is refused without a read", async () => {
    gh.sim.addRepo("operate-first/elsewhere", { files: { [CONFIG]: EXAMPLE_TEXT } });
    gh.sim.pushCommit(SUPPORT, "main", { [CONFIG]: "_extends: elsewhere\n" }, "alice");
    gh.sim.resetCalls();
    const observed = await observeRequest(depsWith(createConfigCache()), REF, hint);
    expect(observed.loaded).toMatchObject({ ok: false, problems: [{ key: "_extends" }] });
    expect(restCalls().filter((c) => !c.path.startsWith("/repos/operate-first/support/"))).toEqual([]);
  });

  it("marks only the app's own comments as the bot's: GraphQL drops an app's [bot] suffix, the run restores it", async () => {
    gh.sim.addUser("onboarding-bot[bot]", { type: "Bot" });
    gh.sim.addUser("other-bot[bot]", { type: "Bot" });
    gh.sim.comment(SUPPORT, 1, "onboarding-bot[bot]", "<!-- onboarding-bot:status -->\nmine");
    gh.sim.comment(SUPPORT, 1, "other-bot[bot]", "<!-- onboarding-bot:status -->\nforged");
    const observed = await observeRequest(depsWith(undefined), REF, hint);
    expect(observed.comments.map((c) => [c.user.login, c.user.type, c.mine])).toEqual([
      ["onboarding-bot[bot]", "Bot", true],
      ["other-bot[bot]", "Bot", false],
    ]);
  });
});
