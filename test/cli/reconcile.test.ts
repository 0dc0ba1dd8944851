import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reconcileOnce } from "../../src/cli/commands/reconcile.js";
import { main } from "../../src/cli/main.js";
import { createCaptureLogger, expectNoViolations, TestOctokit, testPrivateKey } from "../harness/index.js";
import { APPS, createWorld, SUPPORT, type World } from "../helpers/world.js";

function captureIO() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, cwd: process.cwd() },
    out,
    err,
  };
}

describe("onboarding-bot reconcile", () => {
  let world: World;
  const saved = {
    APP_ID: process.env.APP_ID,
    PRIVATE_KEY: process.env.PRIVATE_KEY,
    LOG_LEVEL: process.env.LOG_LEVEL,
    SUPPORT_REPOSITORIES: process.env.SUPPORT_REPOSITORIES,
    GITOPS_REPOSITORY: process.env.GITOPS_REPOSITORY,
  };
  beforeEach(async () => {
    world = await createWorld();
  });
  afterEach(async () => {
    Object.assign(process.env, saved);
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    expectNoViolations(world.sim);
    await world.close();
  });

  it("opens the pull request of a request whose webhooks were all lost (the sweep `reconcile` runs)", async () => {
    // The trust roots come from the environment, as in production.
    process.env.SUPPORT_REPOSITORIES = SUPPORT;
    process.env.GITOPS_REPOSITORY = APPS;
    const n = world.openRequest();
    expect(world.sim.takeEvents().length).toBeGreaterThan(0); // dropped: the app never hears of the request
    const report = await reconcileOnce({
      appId: "1",
      privateKey: testPrivateKey(),
      baseUrl: world.sim.url,
      dryRun: false,
      cwd: process.cwd(),
      Octokit: TestOctokit,
      log: createCaptureLogger().logger,
    });

    expect(report).toMatchObject({ installations: 1, requests: 1, reconciled: 1, failed: 0 });
    const pulls = world.sim.pulls(APPS);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.body).toContain(`${SUPPORT}#${n}`);
  });

  it("refuses to run without app credentials and says which variables are missing", async () => {
    delete process.env.APP_ID;
    delete process.env.PRIVATE_KEY;
    const { io, err } = captureIO();
    const code = await main(["reconcile"], io);
    expect(code).toBe(2);
    expect(err.join("")).toContain("APP_ID and PRIVATE_KEY");
  });
});
