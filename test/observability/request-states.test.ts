import { describe, expect, it, vi } from "vitest";
import { createMetrics, MAX_TRACKED_REQUESTS, RequestStates } from "../../src/observability/metrics.js";
import { instrumentOctokit } from "../../src/observability/instrument-octokit.js";

describe("RequestStates", () => {
  it("reports the oldest request per state, keeping the time a request entered its state", () => {
    const s = new RequestStates();
    s.record("o/r#1", "config-error", 0);
    s.record("o/r#2", "opened", 10_000);
    s.record("o/r#1", "config-error", 50_000);
    expect(Object.fromEntries(s.oldest(100_000))).toEqual({ "config-error": 100, opened: 90 });
  });

  it("forgets requests that reached a final state and restarts the clock on a new state", () => {
    const s = new RequestStates();
    s.record("o/r#1", "opened", 0);
    s.record("o/r#2", "invalid", 0);
    s.record("o/r#1", "completed", 5_000);
    s.record("o/r#2", "opened", 6_000);
    expect(Object.fromEntries(s.oldest(10_000))).toEqual({ opened: 4 });
  });

  it(`remembers at most ${MAX_TRACKED_REQUESTS} requests, dropping the oldest`, () => {
    const s = new RequestStates();
    for (let i = 0; i <= MAX_TRACKED_REQUESTS; i++) s.record(`o/r#${i}`, "opened", i === 0 ? 0 : 1_000);
    expect(s.oldest(2_000).get("opened")).toBe(1);
  });

  it("is exported as onboarding_request_state_age_seconds when scraped", async () => {
    // The scrape reads the clock: fix it, so the age is exact however long the scrape takes.
    vi.useFakeTimers({ now: new Date("2026-12-01T12:00:00Z"), toFake: ["Date"] });
    try {
      const metrics = createMetrics({ defaultMetrics: false });
      metrics.requestStates.record("o/r#1", "blocked", Date.now() - 120_000);
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/^onboarding_request_state_age_seconds\{state="blocked"\} 120$/m);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("rate-limit gauge", () => {
  it("records remaining / limit from GitHub's rate-limit headers, by resource", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let wrapped: ((request: (o: unknown) => Promise<unknown>, options: unknown) => Promise<unknown>) | undefined;
    instrumentOctokit({ hook: { wrap: (_name: string, fn: typeof wrapped) => (wrapped = fn) } }, metrics);
    const headers = { "x-ratelimit-remaining": "250", "x-ratelimit-limit": "5000", "x-ratelimit-resource": "core" };
    await wrapped!(async () => ({ status: 200, headers }), { method: "GET", url: "/repos/{owner}/{repo}" });
    expect((await metrics.rateLimitRemaining.get()).values).toEqual([{ labels: { resource: "core" }, value: 0.05 }]);
  });
});
