import { describe, expect, it } from "vitest";
import type { ApprovalState } from "../../src/commands/approval-state.js";
import { mergeDecision } from "../../src/commands/merge-decision.js";
import { renderPrStatus } from "../../src/commands/render-pr-status.js";
import { buildRoles } from "../../src/commands/roles.js";

const MARKER = "<!-- onboarding-bot:pr-status -->";
const config = { approvals: 2, requireLgtm: false };
const facts = { requestValid: true, mergeable: true, merged: false, open: true };
const roles = buildRoles({
  configApprovers: ["Zed", "alice", "req"],
  configReviewers: ["rita"],
  teamMembers: [],
  requester: "req",
  prAuthor: "onboarding-bot[bot]",
});

function render(state: ApprovalState, overrides: { requestUrl?: string; roles?: typeof roles } = {}): string {
  return renderPrStatus({
    state,
    decision: mergeDecision(state, config, facts),
    roles: overrides.roles ?? roles,
    config,
    requestUrl: overrides.requestUrl ?? "https://github.com/org/requests/issues/7",
    marker: MARKER,
  });
}

const pending: ApprovalState = {
  lgtm: ["rita"],
  approvers: ["alice"],
  holds: [{ by: "olga", reason: "hold", at: "2026-01-01T00:00:00Z" }],
  decisions: [],
  unknown: [],
};

describe("renderPrStatus", () => {
  it("starts with the marker and tabulates approvals, lgtm and holds", () => {
    const out = render(pending);
    expect(out.startsWith(`${MARKER}\n`)).toBe(true);
    expect(out).toContain("**Not ready to merge yet.**");
    expect(out).toContain("| Approvals | 1 of 2: `alice` |");
    expect(out).toContain("| LGTM (optional) | `rita` |");
    expect(out).toContain("| Holds | `olga` (`/hold`) |");
  });

  it("lists what is missing without pinging anyone", () => {
    const out = render(pending);
    expect(out).toContain("- needs 1 more /approve from an approver\n- on hold by `olga`\n");
    expect(out).not.toMatch(/@[a-z]/i);
  });

  it("names who can approve, leaving out the requester, sorted", () => {
    expect(render(pending)).toContain("**Who can approve:** `alice`, `zed`\n");
  });

  it("caps the approver list at 10 with +N more", () => {
    const many = buildRoles({
      configApprovers: Array.from({ length: 13 }, (_, i) => `approver-${String(i).padStart(2, "0")}`),
      configReviewers: [],
      teamMembers: [],
      requester: "req",
      prAuthor: "bot",
    });
    const out = render(pending, { roles: many });
    expect(out).toContain("`approver-09` +3 more");
    expect(out).not.toContain("approver-10");
  });

  it("says it is ready when nothing is missing", () => {
    const done: ApprovalState = { ...pending, approvers: ["alice", "zed"], holds: [] };
    const out = render(done);
    expect(out).toContain("**Ready to merge.**");
    expect(out).not.toContain("Still missing");
    expect(out).toContain("| Holds | none |");
  });

  it("never echoes a value that is not a login, and links the request only when it is an http(s) URL", () => {
    const hostile: ApprovalState = { ...pending, approvers: ["<img src=x>"], lgtm: ["a](javascript:x)"] };
    const out = render(hostile, { requestUrl: "javascript:alert(1)" });
    expect(out).not.toContain("<img");
    expect(out).not.toContain("javascript:");
    expect(out).toContain("`(unknown user)`");
    expect(out).toContain("from the onboarding request.");
    expect(render(pending, { requestUrl: "https://github.com/o/r/issues/1)(x" })).toContain(
      "[the onboarding request](https://github.com/o/r/issues/1%29%28x)",
    );
  });

  it("explains when no approver is configured", () => {
    const none = buildRoles({ configApprovers: [], configReviewers: [], teamMembers: [], requester: "req", prAuthor: "bot" });
    expect(render(pending, { roles: none })).toContain("no approver is configured");
  });
});
