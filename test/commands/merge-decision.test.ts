import { describe, expect, it } from "vitest";
import type { ApprovalState } from "../../src/commands/approval-state.js";
import { mergeDecision } from "../../src/commands/merge-decision.js";

function state(overrides: Partial<ApprovalState> = {}): ApprovalState {
  return { lgtm: [], approvers: [], holds: [], decisions: [], unknown: [], ...overrides };
}
const ready = { requestValid: true, mergeable: true, merged: false, open: true };
const oneApproval = { approvals: 1, requireLgtm: false };

describe("mergeDecision", () => {
  it("merges when enough approvers approved, nothing holds and GitHub can merge", () => {
    expect(mergeDecision(state({ approvers: ["alice"] }), oneApproval, ready)).toEqual({ merge: true });
  });

  it("counts the approvals still needed", () => {
    expect(mergeDecision(state(), oneApproval, ready)).toEqual({
      merge: false,
      missing: ["needs 1 more /approve from an approver"],
    });
    expect(mergeDecision(state({ approvers: ["alice"] }), { approvals: 3, requireLgtm: false }, ready)).toEqual({
      merge: false,
      missing: ["needs 2 more /approve from distinct approvers"],
    });
  });

  it("asks for an lgtm only when required", () => {
    const approved = state({ approvers: ["alice"] });
    expect(mergeDecision(approved, { approvals: 1, requireLgtm: true }, ready)).toEqual({
      merge: false,
      missing: ["needs a /lgtm from a reviewer or approver"],
    });
    expect(mergeDecision({ ...approved, lgtm: ["rita"] }, { approvals: 1, requireLgtm: true }, ready)).toEqual({ merge: true });
  });

  it("names every hold and its kind", () => {
    const held = state({
      approvers: ["alice"],
      holds: [
        { by: "olga", reason: "hold", at: "2026-01-01T00:00:00Z" },
        { by: "rita", reason: "changes-requested", at: "2026-01-01T00:01:00Z" },
      ],
    });
    expect(mergeDecision(held, oneApproval, ready)).toEqual({
      merge: false,
      missing: ["on hold by @olga", "on hold by @rita, who requested changes"],
    });
  });

  it("never echoes a holder that is not a GitHub login", () => {
    const held = state({ approvers: ["a"], holds: [{ by: "x](http://evil)", reason: "hold", at: "2026-01-01T00:00:00Z" }] });
    expect(mergeDecision(held, oneApproval, ready)).toEqual({ merge: false, missing: ["on hold by an unknown user"] });
  });

  it("reports an invalid request, unknown or conflicting mergeability, and a closed or merged pull request", () => {
    const approved = state({ approvers: ["alice"] });
    expect(mergeDecision(approved, oneApproval, { ...ready, requestValid: false })).toEqual({
      merge: false,
      missing: ["the request is not valid"],
    });
    expect(mergeDecision(approved, oneApproval, { ...ready, mergeable: null })).toEqual({
      merge: false,
      missing: ["GitHub has not computed mergeability yet"],
    });
    expect(mergeDecision(approved, oneApproval, { ...ready, mergeable: false })).toEqual({
      merge: false,
      missing: ["the pull request has merge conflicts"],
    });
    expect(mergeDecision(approved, oneApproval, { ...ready, open: false })).toEqual({
      merge: false,
      missing: ["the pull request is closed"],
    });
    expect(mergeDecision(approved, oneApproval, { ...ready, open: false, merged: true })).toEqual({
      merge: false,
      missing: ["the pull request is already merged"],
    });
  });

  it("lists everything missing at once, in a stable order", () => {
    const held = state({ holds: [{ by: "olga", reason: "hold", at: "2026-01-01T00:00:00Z" }] });
    expect(mergeDecision(held, { approvals: 1, requireLgtm: true }, { ...ready, requestValid: false, mergeable: null })).toEqual({
      merge: false,
      missing: [
        "the request is not valid",
        "needs 1 more /approve from an approver",
        "needs a /lgtm from a reviewer or approver",
        "on hold by @olga",
        "GitHub has not computed mergeability yet",
      ],
    });
  });
});
