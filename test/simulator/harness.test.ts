import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { createTestProbot, deliver, deliverAll, mulberry32, useSimulator, type LogRecord } from "../harness/index.js";
import { GitHubSimulator } from "./index.js";

const FULL = "acme/requests";

/** A tiny app: thanks the author of every new issue, and closes the issue when a person comments `/close`. */
function tinyApp(app: Probot): void {
  app.on("issues.opened", async (context) => {
    app.log.info({ issue: context.payload.issue.number }, "thanking");
    await context.octokit.rest.issues.createComment(context.issue({ body: "Thanks!" }));
  });
  app.on("issue_comment.created", async (context) => {
    if (context.isBot || context.payload.comment.body.trim() !== "/close") return;
    await context.octokit.rest.issues.update(context.issue({ state: "closed" }));
  });
}

describe("mulberry32", () => {
  it("repeats its sequence for a seed and stays in [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });
});

describe("test harness", () => {
  const gh = useSimulator(
    (sim) => {
      sim.addRepo(FULL);
    },
    { installationId: 3, authenticate: false },
  );

  it("delivers events until the simulator is quiet, following the events handlers cause", async () => {
    const probot = createTestProbot(gh.sim, tinyApp);
    const number = gh.sim.openIssue(FULL, { author: "alice", title: "t", body: "b" });
    gh.sim.comment(FULL, number, "alice", "/close");
    const result = await deliverAll(gh.sim, probot);
    expect(gh.sim.comments(FULL, number).map((c) => [c.user.login, c.body])).toEqual([
      ["alice", "/close"],
      ["onboarding-bot[bot]", "Thanks!"],
    ]);
    expect(gh.sim.issue(FULL, number).state).toBe("closed");
    expect(result.rounds).toBe(2);
    expect(result.delivered.map((e) => `${e.name}.${e.payload.action}`).sort()).toEqual([
      "issue_comment.created",
      "issue_comment.created",
      "issues.closed",
      "issues.opened",
    ]);
    expect(gh.sim.takeEvents()).toEqual([]);
  });

  it("duplicates, shuffles reproducibly from a seed, drops, and spreads deliveries over replicas", async () => {
    const run = async (seed: number): Promise<string[]> => {
      const local = await GitHubSimulator.start();
      local.addInstallation(3, "acme");
      local.addRepo(FULL);
      for (let i = 0; i < 4; i++) local.openIssue(FULL, { author: "alice", title: `${i}`, body: "b" });
      const replicas = [createTestProbot(local, () => undefined), createTestProbot(local, () => undefined)];
      const result = await deliverAll(local, replicas, { shuffle: seed, times: 2 });
      await local.close();
      return result.delivered.map((e) => `${e.payload.issue.number}:${e.id}`);
    };
    const first = await run(7);
    expect(first).toHaveLength(8);
    expect(await run(7)).toHaveLength(8);
    const numbers = (xs: string[]): string => xs.map((x) => x.split(":")[0]).join(",");
    expect(numbers(await run(7))).toBe(numbers(first));
    expect(new Set(first.map((x) => x.split(":")[1])).size).toBe(4);

    gh.sim.openIssue(FULL, { author: "alice", title: "x", body: "b" });
    const dropped = await deliverAll(gh.sim, createTestProbot(gh.sim, tinyApp), { dropRate: 1 });
    expect(dropped.dropped).toHaveLength(1);
    expect(dropped.delivered).toEqual([]);
    expect(gh.sim.calls).toEqual([]);
  });

  it("rethrows the handler's own error instead of Probot's AggregateError", async () => {
    const probot = createTestProbot(gh.sim, (app) => {
      app.on("issues.opened", () => {
        throw new Error("handler exploded");
      });
    });
    gh.sim.openIssue(FULL, { author: "alice", title: "t", body: "b" });
    const [event] = gh.sim.takeEvents();
    await expect(deliver(probot, event as NonNullable<typeof event>)).rejects.toThrow(/^handler exploded$/);
  });

  it("captures log lines when asked", async () => {
    const records: LogRecord[] = [];
    const probot = createTestProbot(gh.sim, tinyApp, { logRecords: records });
    gh.sim.openIssue(FULL, { author: "alice", title: "t", body: "b" });
    await deliverAll(gh.sim, probot);
    expect(records.find((r) => r.msg === "thanking")).toMatchObject({ level: "info", issue: 1 });
  });

  it("forbids every connection except loopback", async () => {
    await expect(fetch("https://api.github.com/zen")).rejects.toThrow();
    const local = await fetch(`${gh.sim.url}/zen`);
    expect(local.status).toBe(401);
  });
});
