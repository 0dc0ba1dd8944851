import { describe, expect, it } from "vitest";
import { createTestProbot, expectNoViolations, useSimulator } from "../harness/index.js";

describe("simulator authentication", () => {
  const gh = useSimulator(
    (sim) => {
      sim.addInstallation(8, "other-org");
      sim.addRepo("acme/requests", { files: { "README.md": "hi\n" } });
      sim.addRepo("other-org/private");
    },
    { installationId: 7, authenticate: false, checkViolations: false },
  );

  it("issues an installation token for the app JWT and accepts it on later requests", async () => {
    const probot = createTestProbot(gh.sim, () => undefined, { appId: 4242 });
    const octokit = await probot.auth(7);
    const { data } = await octokit.rest.repos.get({ owner: "acme", repo: "requests" });
    expect(data.full_name).toBe("acme/requests");
    expect(data.default_branch).toBe("main");
    const tokenCall = gh.sim.calls.find((c) => c.operationId === "apps/create-installation-access-token");
    expect(tokenCall?.status).toBe(201);
    const repoCall = gh.sim.calls.find((c) => c.operationId === "repos/get");
    expect(repoCall).toMatchObject({ status: 200, installationId: 7 });
    expectNoViolations(gh.sim);
  });

  it("answers GET /app with the app slug and the id from the JWT", async () => {
    const probot = createTestProbot(gh.sim, () => undefined, { appId: 4242 });
    const app = await probot.auth();
    const { data } = await app.rest.apps.getAuthenticated();
    expect(data?.slug).toBe("onboarding-bot");
    expect(data?.id).toBe(4242);
    const { data: installation } = await app.rest.apps.getRepoInstallation({ owner: "acme", repo: "requests" });
    expect(installation.id).toBe(7);
  });

  it("answers 401 to requests without credentials or with an unknown token", async () => {
    const bare = await fetch(`${gh.sim.url}/repos/acme/requests`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ message: "Bad credentials" });
    const forged = await fetch(`${gh.sim.url}/repos/acme/requests`, { headers: { authorization: "token ghs_sim_7_forged" } });
    expect(forged.status).toBe(401);
    const notJwt = await fetch(`${gh.sim.url}/app/installations/7/access_tokens`, { method: "POST", headers: { authorization: "bearer abc" } });
    expect(notJwt.status).toBe(401);
  });

  it("hides repositories of other installations behind 404", async () => {
    const probot = createTestProbot(gh.sim, () => undefined);
    const octokit = await probot.auth(7);
    await expect(octokit.rest.repos.get({ owner: "other-org", repo: "private" })).rejects.toMatchObject({ status: 404 });
    const { data } = await octokit.rest.apps.listReposAccessibleToInstallation();
    expect(data.repositories.map((r) => r.full_name)).toEqual(["acme/requests"]);
  });

  it("sends rate-limit headers on every response", async () => {
    const probot = createTestProbot(gh.sim, () => undefined);
    const octokit = await probot.auth(7);
    const first = await octokit.rest.repos.get({ owner: "acme", repo: "requests" });
    const second = await octokit.rest.repos.get({ owner: "acme", repo: "requests" });
    for (const header of ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-used", "x-ratelimit-resource"]) {
      expect(first.headers[header as keyof typeof first.headers], header).toBeDefined();
    }
    expect(Number(second.headers["x-ratelimit-remaining"])).toBe(Number(first.headers["x-ratelimit-remaining"]) - 1);
    const { data: limits } = await octokit.rest.rateLimit.get();
    expect(limits.rate.used).toBe(Number(second.headers["x-ratelimit-used"]));
  });
});
