import { describe, expect, it } from "vitest";
import type { ApprovalState } from "../../src/commands/approval-state.js";
import { mergeDecision } from "../../src/commands/merge-decision.js";
import { MAX_LISTED_PEOPLE, renderPrStatus } from "../../src/commands/render-pr-status.js";
import { buildRoles } from "../../src/commands/roles.js";

const MARKER = "<!-- onboarding-bot:pr-status -->";
const config = { approvals: 1, requireLgtm: false };

describe("renderPrStatus under a flood of outsiders", () => {
  // 5,000 people each comment /hold (anyone may): every hold is a table entry and a "still missing" line.
  const holders = Array.from({ length: 5000 }, (_, i) => `outsider-with-a-long-login-${String(i).padStart(5, "0")}`);
  const state: ApprovalState = {
    lgtm: [],
    approvers: [],
    holds: holders.map((by) => ({ by, reason: "hold", at: "2026-01-01T00:00:00Z" })),
    decisions: [],
    unknown: [],
  };
  const roles = buildRoles({ configApprovers: ["alice"], configReviewers: [], teamMembers: [], requester: "req", prAuthor: "bot" });
  const out = renderPrStatus({
    state,
    decision: mergeDecision(state, config, { requestValid: true, mergeable: true, merged: false, open: true }),
    roles,
    config,
    requestUrl: "https://github.com/org/requests/issues/7",
    marker: MARKER,
  });

  it("stays below GitHub's 65,536 characters and keeps its start and end", () => {
    expect(out.length).toBeLessThan(65_536);
    expect(out.startsWith(`${MARKER}\n`)).toBe(true);
    expect(out).toContain("This comment is updated as commands and reviews arrive.");
  });

  it("names the first holders in the table, then how many more", () => {
    const cell = out.split("\n").find((l) => l.startsWith("| Holds |")) ?? "";
    expect(cell).toContain(`\`${holders[0]}\``);
    expect(cell).toContain(`+${holders.length - MAX_LISTED_PEOPLE} more`);
    expect(cell).not.toContain(holders[MAX_LISTED_PEOPLE]);
  });

  it("lists the missing holds that fit and says how many more reasons there are", () => {
    const listed = out.split("\n").filter((l) => l.startsWith("- on hold by"));
    expect(listed.length).toBeGreaterThan(0);
    // The missing approval comes first and fits; of the 5,000 holds, those not listed are counted.
    expect(out).toContain("- needs 1 more /approve from an approver");
    expect(out).toContain(`- … and ${holders.length - listed.length} more reasons`);
  });
});
