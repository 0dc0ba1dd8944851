import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
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

/** A nock scope for {@link API}; tests call {@link useStrictNock} and check `scope.isDone()`. */
export function github(): nock.Scope {
  return nock(API);
}

/**
 * Registers vitest hooks that keep nock strict for the calling test file: no real network while it runs, and after
 * each test every mocked answer was asked for and no request went without a matching interceptor. Call it once at
 * the top level of the file.
 */
export function useStrictNock(): void {
  /** Every request that reached nock without a matching interceptor (with net connect disabled: would-be requests). */
  let unmatched: string[] = [];
  const onNoMatch = (req: { method?: string; path?: string }): void => {
    unmatched.push(`${req.method ?? "?"} ${req.path ?? "?"}`);
  };
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
  beforeEach(() => {
    unmatched = [];
    nock.emitter.on("no match", onNoMatch);
  });
  afterEach(() => {
    nock.emitter.removeListener("no match", onNoMatch);
    const pending = nock.pendingMocks();
    nock.cleanAll();
    // Every mocked answer was asked for, and nothing else was requested.
    expect(pending).toEqual([]);
    expect(unmatched).toEqual([]);
  });
}
