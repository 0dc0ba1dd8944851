import nock from "nock";
import { ProbotOctokit } from "probot";
import type { Octokit } from "../../src/github/octokit.js";

/** Base URL of the fake GitHub API every nock scope in these tests intercepts. */
export const API = "https://api.github.test";

const NoRetryOctokit = ProbotOctokit.defaults((options: Record<string, unknown> & { retry?: object; throttle?: object }) => ({
  ...options,
  retry: { ...options?.retry, enabled: false },
  throttle: { ...options?.throttle, enabled: false },
}));

/**
 * A real Probot Octokit against {@link API} with retries and throttling off, so that every mocked answer is seen
 * exactly once and a test's nock scope proves the exact calls made.
 */
export function testOctokit(): Octokit {
  return new NoRetryOctokit({ auth: "test-token", baseUrl: API }) as Octokit;
}

/** A nock scope for {@link API}; tests call `nock.disableNetConnect()` and check `scope.isDone()`. */
export function github(): nock.Scope {
  return nock(API);
}
