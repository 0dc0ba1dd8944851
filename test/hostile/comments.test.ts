import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { deliverAll } from "../harness/index.js";
import { allReplies, pullOf, say, usePublishedWorlds } from "../helpers/pull-world.js";
import { APPS, PEOPLE } from "../helpers/world.js";
import { minimalRaw } from "../config/config-samples.js";
import { ROUTER_MAX_COMMENT_LINES } from "../../src/app/route-event.js";

const start = usePublishedWorlds();

const filler = (lines: number): string => Array.from({ length: lines }, (_, i) => `log line ${i + 1}: nothing to see`).join("\n");

describe("hostile comments", () => {
  it("honours a command after line 200 when limits.maxCommentLines allows it", async () => {
    const w = await start({ limits: { maxCommentLines: 1000 } });
    await say(w, PEOPLE.approver, `${filler(600)}\n/approve`);
    expect(pullOf(w).merged).toBe(true);
  });

  it("ignores a command past limits.maxCommentLines in a comment of thousands of lines", async () => {
    const w = await start();
    await say(w, PEOPLE.approver, `${filler(4_000)}\n/approve\n${filler(1_000)}`);
    expect(pullOf(w).merged).toBe(false);
    expect(pullOf(w).labels).not.toContain("approved");
  });

  it("reads no command hidden in code, quotes, HTML comments, prose or look-alike characters", async () => {
    const w = await start();
    const hidden = [
      "```\n/approve\n```",
      "~~~sh\n/approve\n~~~",
      "> /approve",
      "> quoted\n/approve",
      "<!--\n/approve\n-->",
      "<!-- /approve -->",
      "\n    /approve",
      "please /approve",
      "/approve this",
      "/appr\u200bove",
      "/\u0430pprove",
      "\u202e/approve",
      "`/approve`",
    ].join("\n\n");
    await say(w, PEOPLE.approver, hidden);
    expect(pullOf(w).merged).toBe(false);
    expect(pullOf(w).labels).not.toContain("approved");
  });

  it("merges nothing and refuses once when an outsider posts thousands of /approve lines", async () => {
    const w = await start();
    const before = allReplies(w).length;
    await say(w, PEOPLE.outsider, Array.from({ length: 3_000 }, () => "/approve").join("\n"));
    expect(pullOf(w).merged).toBe(false);
    const replies = allReplies(w).slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body.split("only for approvers").length - 1).toBe(1);
  });

  it.each(["pull", "issue"] as const)("keeps the answer to hundreds of /help lines on the %s within GitHub's comment size", async (on) => {
    const w = await start();
    const before = allReplies(w).length;
    await say(w, PEOPLE.requester, Array.from({ length: 300 }, () => "/help").join("\n"), on);
    const replies = allReplies(w).slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body.length).toBeLessThanOrEqual(65_536);
  });

  it("skips a single 65,000-character line without a GitHub write", async () => {
    const w = await start();
    w.world.sim.resetCalls();
    w.world.sim.comment(APPS, w.pr, PEOPLE.approver, `/${"a".repeat(65_000)}`);
    await deliverAll(w.world.sim, w.world.probot);
    expect(w.world.sim.calls.filter((c) => c.method !== "GET")).toEqual([]);
  });

  it("routes comments as long as the longest limits.maxCommentLines the configuration accepts", () => {
    const accepts = (n: number) => parseConfig({ ...minimalRaw(), limits: { maxCommentLines: n } }).ok;
    expect(accepts(ROUTER_MAX_COMMENT_LINES)).toBe(true);
    expect(accepts(ROUTER_MAX_COMMENT_LINES + 1)).toBe(false);
  });
});
