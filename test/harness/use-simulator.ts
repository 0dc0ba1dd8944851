import type { ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { GitHubSimulator } from "../simulator/index.js";
import { createTestProbot } from "./create-test-probot.js";
import { expectNoViolations } from "./expect-no-violations.js";
import { allowOnlyLoopback, restoreNetwork } from "./network.js";

/** Options of {@link useSimulator}. */
export interface UseSimulatorOptions {
  /** The installation added before seeding, and the one `octokit` authenticates as (default 1). */
  installationId?: number;
  /** The account that installation belongs to (default `acme`). */
  owner?: string;
  /** Authenticate an installation Octokit after seeding (default true); off leaves `sim.calls` untouched. */
  authenticate?: boolean;
  /** Fail each test that sent requests GitHub would refuse (default true). */
  checkViolations?: boolean;
}

/** What {@link useSimulator} hands a test file: the current test's simulator and installation Octokit. */
export interface SimulatorFixture {
  /** The simulator of the running test (a fresh one per test). */
  readonly sim: GitHubSimulator;
  /** An installation Octokit for the running test (only with `authenticate`). */
  readonly octokit: ProbotOctokit;
}

/**
 * Registers vitest hooks for a describe block (or file) that tests against the GitHub simulator: only loopback
 * network while it runs; before each test a fresh simulator with one installation, seeded by `seed`, and (unless
 * told otherwise) an installation Octokit; after each test no violations and the simulator closed.
 */
export function useSimulator(seed: (sim: GitHubSimulator) => void, options: UseSimulatorOptions = {}): SimulatorFixture {
  const { installationId = 1, owner = "acme", authenticate = true, checkViolations = true } = options;
  let sim: GitHubSimulator | undefined;
  let octokit: ProbotOctokit | undefined;

  beforeAll(allowOnlyLoopback);
  afterAll(restoreNetwork);
  beforeEach(async () => {
    sim = await GitHubSimulator.start();
    sim.addInstallation(installationId, owner);
    seed(sim);
    octokit = authenticate ? await createTestProbot(sim, () => undefined).auth(installationId) : undefined;
  });
  afterEach(async () => {
    if (!sim) return;
    const current = sim;
    sim = undefined;
    octokit = undefined;
    try {
      if (checkViolations) expectNoViolations(current);
    } finally {
      await current.close();
    }
  });

  return {
    get sim(): GitHubSimulator {
      if (!sim) throw new Error("useSimulator: `sim` is only available inside a test (between beforeEach and afterEach)");
      return sim;
    },
    get octokit(): ProbotOctokit {
      if (!octokit) {
        throw new Error("useSimulator: `octokit` is only available inside a test, and only with `authenticate` on (the default)");
      }
      return octokit;
    },
  };
}
