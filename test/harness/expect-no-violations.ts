import { expect } from "vitest";
import type { GitHubSimulator } from "../simulator/index.js";

/**
 * Fails the test when the app sent requests GitHub's REST description does not allow (or the simulator cannot
 * serve). Use in `afterEach`.
 */
export function expectNoViolations(sim: GitHubSimulator): void {
  expect(sim.violations, `requests GitHub would refuse:\n${sim.violations.join("\n")}`).toEqual([]);
}
