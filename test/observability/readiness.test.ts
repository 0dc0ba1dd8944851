import { describe, expect, it } from "vitest";
import type { GitHubContact } from "../../src/observability/metrics.js";
import { createReadiness, STALE_AFTER_MS } from "../../src/observability/readiness.js";

function setup(result: () => Promise<void>) {
  let clock = 1_000_000;
  const contact: GitHubContact = {};
  let checks = 0;
  const readiness = createReadiness({
    contact,
    now: () => clock,
    checkGitHub: () => {
      checks++;
      return result();
    },
  });
  return { readiness, contact, checks: () => checks, advance: (ms: number) => (clock += ms) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("createReadiness", () => {
  it("is not ready until the app authenticated with GitHub, then ready", async () => {
    const r = setup(async () => undefined);
    expect(r.readiness.check()).toEqual({ ready: false, reason: "the app has not authenticated with GitHub yet" });
    await flush();
    expect(r.readiness.check()).toEqual({ ready: true, reason: "ready" });
    expect(r.checks()).toBe(1);
  });

  it("stays not ready and says why when GitHub refuses the app's credentials", async () => {
    const r = setup(() => Promise.reject(Object.assign(new Error("Bad credentials"), { status: 401 })));
    r.readiness.check();
    await flush();
    expect(r.readiness.check()).toEqual({ ready: false, reason: "the app has not authenticated with GitHub yet (GitHub answered 401)" });
  });

  it("becomes not ready when GitHub stopped answering for longer than the stale time, and ready when it answers again", async () => {
    let up = true;
    const r = setup(() => (up ? Promise.resolve() : Promise.reject(new Error("connect ECONNREFUSED"))));
    r.readiness.check();
    await flush();
    up = false;
    r.advance(STALE_AFTER_MS + 1);
    r.contact.lastNoAnswerAt = 1_000_000 + STALE_AFTER_MS;
    expect(r.readiness.check()).toEqual({ ready: false, reason: "GitHub has not answered recently" });
    await flush();
    up = true;
    r.readiness.check();
    await flush();
    expect(r.readiness.check()).toEqual({ ready: true, reason: "ready" });
  });

  it("starts one check at a time, and only when the last answer is stale", async () => {
    const r = setup(() => new Promise<void>((resolve) => setImmediate(resolve)));
    r.readiness.check();
    r.readiness.check();
    expect(r.checks()).toBe(1);
    await flush();
    await flush();
    r.readiness.check();
    r.advance(STALE_AFTER_MS - 1);
    r.readiness.check();
    expect(r.checks()).toBe(1);
  });

  it("is not ready once stopped", async () => {
    const r = setup(async () => undefined);
    r.readiness.check();
    await flush();
    r.readiness.stop();
    expect(r.readiness.check()).toEqual({ ready: false, reason: "shutting down" });
  });
});
