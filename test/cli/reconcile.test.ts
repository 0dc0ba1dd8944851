import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reconcileCommand, reconcileOnce } from "../../src/cli/commands/reconcile.js";
import { main } from "../../src/cli/main.js";
import { createCaptureLogger, expectNoViolations, TestOctokit, testPrivateKey } from "../harness/index.js";
import { APPS, createWorld, SUPPORT, type World } from "../helpers/world.js";

/** A loopback port that was free a moment ago (listened on, then closed). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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

  it("refuses to sweep without the trust roots, naming them, before any call to GitHub (exit 2, not an outage)", async () => {
    process.env.APP_ID = "1";
    process.env.PRIVATE_KEY = testPrivateKey();
    delete process.env.SUPPORT_REPOSITORIES;
    delete process.env.GITOPS_REPOSITORY;
    const { io, err } = captureIO();
    const code = await main(["reconcile", "--base-url", "http://127.0.0.1:9"], io);
    expect(code).toBe(2);
    expect(err.join("")).toMatch(/refuses to start without its trust roots: set SUPPORT_REPOSITORIES .* and GITOPS_REPOSITORY/);
    expect(err.join("").split("\n")[0]).not.toContain("unreachable");
  });
});

describe("onboarding-bot reconcile without GitHub", () => {
  it("prints one line saying GitHub is unreachable and where, not a stack trace, and exits 3", async () => {
    const saved = {
      APP_ID: process.env.APP_ID,
      PRIVATE_KEY: process.env.PRIVATE_KEY,
      SUPPORT_REPOSITORIES: process.env.SUPPORT_REPOSITORIES,
      GITOPS_REPOSITORY: process.env.GITOPS_REPOSITORY,
    };
    process.env.SUPPORT_REPOSITORIES = "operate-first/support";
    process.env.GITOPS_REPOSITORY = "operate-first/apps";
    process.env.APP_ID = "1";
    process.env.PRIVATE_KEY = testPrivateKey();
    try {
      const { io, out, err } = captureIO();
      // A loopback port nothing listens on: the connection is refused at once.
      const port = await freePort();
      // The command as `main` runs it, with an Octokit that does not retry: the same failure, without the back-off.
      const code = await reconcileCommand({ Octokit: TestOctokit })(["--base-url", `http://127.0.0.1:${port}`], io);
      expect(code).toBe(3);
      expect(out).toEqual([]);
      const text = err.join("");
      expect(text.trim().split("\n")).toHaveLength(1);
      expect(text).toMatch(/^onboarding-bot reconcile: GitHub is unreachable at http:\/\/127\.0\.0\.1:\d+ \(connect ECONNREFUSED [\d.:]+\); the sweep did not run/);
      expect(text.split("\n").some((line) => line.trimStart().startsWith("at "))).toBe(false);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
});

describe("onboarding-bot option errors", () => {
  it("names the unknown option and lists the ones the command accepts, without Node's quoting advice", async () => {
    const { io, err } = captureIO();
    expect(await main(["reconcile", "--dryrun"], io)).toBe(2);
    const first = err.join("").split("\n")[0];
    expect(first).toBe("onboarding-bot reconcile: Unknown option '--dryrun'; this command accepts --base-url VALUE, --dry-run, --help");
  });

  it("says an option needs a value, and that a flag takes none", async () => {
    const { io, err } = captureIO();
    expect(await main(["reconcile", "--base-url"], io)).toBe(2);
    expect(await main(["reconcile", "--dry-run=yes"], io)).toBe(2);
    const lines = err.join("").split("\n").filter((l) => l.startsWith("onboarding-bot reconcile:"));
    expect(lines).toEqual([
      "onboarding-bot reconcile: option '--base-url' needs a value, e.g. --base-url VALUE",
      "onboarding-bot reconcile: option '--dry-run' takes no value; write --dry-run alone",
    ]);
  });
});
