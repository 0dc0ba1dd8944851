import { describe, expect, it } from "vitest";
import { computeApprovalState, type HistoryItem } from "../../src/commands/approval-state.js";
import { buildRoles } from "../../src/commands/roles.js";

const roles = buildRoles({
  configApprovers: ["Alice", "Adam"],
  configReviewers: ["Rita"],
  teamMembers: [],
  requester: "req",
  prAuthor: "onboarding-bot[bot]",
});

let clock = 0;
let nextId = 1;
/** Times one minute apart, in the order the test writes the items. */
function at(): string {
  clock += 1;
  return new Date(Date.UTC(2026, 0, 1, 0, clock)).toISOString();
}
function comment(author: string, body: string, authorType: "User" | "Bot" = "User"): HistoryItem {
  return { kind: "comment", id: nextId++, author, authorType, body, at: at() };
}
function review(author: string, state: "approved" | "changes_requested" | "commented" | "dismissed"): HistoryItem {
  return { kind: "review", id: nextId++, author, authorType: "User", state, at: at() };
}
/** The content under review changed (the bot published another tenant) now. */
function reset(): HistoryItem {
  return { kind: "reset", at: at() };
}

describe("computeApprovalState: intents", () => {
  it("lets each person's latest intent win", () => {
    const state = computeApprovalState(
      [
        comment("alice", "/approve"),
        comment("alice", "/approve cancel"),
        comment("adam", "/approve cancel"),
        comment("adam", "/approve"),
        comment("rita", "/lgtm\n/lgtm cancel\n/lgtm"),
      ],
      roles,
    );
    expect(state.approvers).toEqual(["adam"]);
    expect(state.lgtm).toEqual(["rita"]);
  });

  it("keeps GitHub's spelling of logins and counts a person once", () => {
    const state = computeApprovalState([comment("Alice", "/approve"), comment("alice", "/approve")], roles);
    expect(state.approvers).toEqual(["Alice"]);
  });

  it("replays by time, not by the order given, with ties broken by id", () => {
    const late = { kind: "comment", id: 5, author: "alice", authorType: "User", body: "/approve cancel", at: "2026-01-02T00:00:00Z" } as const;
    const early = { kind: "comment", id: 9, author: "alice", authorType: "User", body: "/approve", at: "2026-01-01T00:00:00Z" } as const;
    expect(computeApprovalState([late, early], roles).approvers).toEqual([]);
    const tieA = { ...early, id: 2, body: "/approve", at: "2026-01-03T00:00:00Z" };
    const tieB = { ...early, id: 1, body: "/approve cancel", at: "2026-01-03T00:00:00.000+00:00" };
    expect(computeApprovalState([tieA, tieB], roles).approvers).toEqual(["alice"]);
  });

  it("refuses to guess the order of an item without a valid time", () => {
    expect(() => computeApprovalState([{ kind: "reset", at: "yesterday" }], roles)).toThrow(
      /history\[0\]\.at "yesterday" is not an ISO 8601 time/,
    );
  });
});

describe("computeApprovalState: resets (the tenant content changed)", () => {
  it("drops lgtm and approvals given before a reset, keeps holds, and counts what is given after it", () => {
    const state = computeApprovalState(
      [comment("rita", "/lgtm"), comment("alice", "/lgtm\n/approve"), comment("olga", "/hold"), reset(), comment("adam", "/lgtm\n/approve")],
      roles,
    );
    expect(state.lgtm).toEqual(["adam"]);
    expect(state.approvers).toEqual(["adam"]);
    expect(state.holds.map((h) => h.by)).toEqual(["olga"]);
  });

  it("drops an lgtm and an approval given in the same instant as the reset", () => {
    const t = "2026-03-01T10:00:00Z";
    const state = computeApprovalState(
      [
        { kind: "reset", at: t },
        { kind: "comment", id: 1, author: "alice", authorType: "User", body: "/lgtm\n/approve", at: t },
      ],
      roles,
    );
    expect(state.lgtm).toEqual([]);
    expect(state.approvers).toEqual([]);
  });
});

describe("computeApprovalState: reviews", () => {
  it("counts an approving review from an approver like /approve and ignores one from anyone else", () => {
    const state = computeApprovalState([review("alice", "approved"), review("rita", "approved"), review("olga", "approved")], roles);
    expect(state.approvers).toEqual(["alice"]);
    expect(state.decisions).toEqual([]);
  });

  it("does not count the requester's approving review even if they are an approver", () => {
    const requesterApprover = buildRoles({ configApprovers: ["req"], configReviewers: [], teamMembers: [], requester: "req", prAuthor: "bot" });
    expect(computeApprovalState([review("req", "approved")], requesterApprover).approvers).toEqual([]);
  });

  it("places a hold for changes requested by a reviewer, withdrawing their lgtm, lifted by their later lgtm", () => {
    const first = [comment("rita", "/lgtm"), review("rita", "changes_requested")];
    const held = computeApprovalState(first, roles);
    expect(held.lgtm).toEqual([]);
    expect(held.holds).toEqual([{ by: "rita", reason: "changes-requested", at: first[1]!.at }]);
    expect(computeApprovalState([...first, comment("rita", "/lgtm")], roles).holds).toEqual([]);
  });

  it("lifts a changes request by the approver's later approving review, by dismissal, and by an approver's /hold cancel", () => {
    const byApprove = computeApprovalState([review("alice", "changes_requested"), review("alice", "approved")], roles);
    expect(byApprove.holds).toEqual([]);
    expect(byApprove.approvers).toEqual(["alice"]);
    expect(computeApprovalState([review("rita", "changes_requested"), review("rita", "dismissed")], roles).holds).toEqual([]);
    expect(computeApprovalState([review("rita", "changes_requested"), comment("adam", "/hold cancel")], roles).holds).toEqual([]);
  });

  it("ignores changes requested by someone without a role, and commented reviews", () => {
    const state = computeApprovalState([review("olga", "changes_requested"), review("rita", "commented")], roles);
    expect(state.holds).toEqual([]);
  });

  it("withdraws an approver's approval when they later request changes", () => {
    const state = computeApprovalState([comment("alice", "/approve"), review("alice", "changes_requested")], roles);
    expect(state.approvers).toEqual([]);
    expect(state.holds.map((h) => [h.by, h.reason])).toEqual([["alice", "changes-requested"]]);
  });
});

describe("computeApprovalState: holds", () => {
  it("lets an outsider place a hold that another outsider cannot lift but an approver can", () => {
    const placed = [comment("olga", "/hold"), comment("oscar", "/hold cancel")];
    const still = computeApprovalState(placed, roles);
    expect(still.holds.map((h) => h.by)).toEqual(["olga"]);
    expect(still.decisions.map((d) => [d.actor, d.allowed])).toEqual([
      ["olga", true],
      ["oscar", false],
    ]);
    expect(still.decisions[1]!.reason).toContain("only the person who placed a hold");
    expect(computeApprovalState([...placed, comment("alice", "/unhold")], roles).holds).toEqual([]);
  });

  it("lets a holder lift only their own hold", () => {
    const state = computeApprovalState(
      [comment("olga", "/hold"), comment("rita", "/hold"), comment("olga", "/hold cancel")],
      roles,
    );
    expect(state.holds.map((h) => [h.by, h.reason])).toEqual([["rita", "hold"]]);
  });
});

describe("computeApprovalState: authorization and bookkeeping", () => {
  it("lets an unauthorized /approve change nothing and records why", () => {
    const state = computeApprovalState([comment("olga", "/approve"), comment("req", "/approve"), comment("rita", "/approve")], roles);
    expect(state.approvers).toEqual([]);
    expect(state.decisions.map((d) => d.allowed)).toEqual([false, false, false]);
    expect(state.decisions[0]).toMatchObject({ verb: "approve", cancel: false, actor: "olga", reason: "/approve is only for approvers" });
  });

  it("ignores bots entirely: no effect and no decision", () => {
    const state = computeApprovalState([comment("helper[bot]", "/hold\n/foo", "Bot")], roles);
    expect(state).toEqual({ lgtm: [], approvers: [], holds: [], decisions: [], unknown: [] });
  });

  it("records one decision per command with its comment id and line, and unknown words per comment", () => {
    const c = comment("alice", "/approve\n/retest\n/retry\n/frobnicate");
    const state = computeApprovalState([c], roles);
    const id = c.kind === "comment" ? c.id : -1;
    expect(state.decisions).toEqual([
      { commentId: id, verb: "approve", cancel: false, line: 1, actor: "alice", allowed: true },
      { commentId: id, verb: "retest", cancel: false, line: 2, actor: "alice", allowed: true },
      { commentId: id, verb: "retry", cancel: false, line: 3, actor: "alice", allowed: false, reason: "/retry works only on the request issue" },
    ]);
    expect(state.unknown).toEqual([{ commentId: id, words: ["/frobnicate"] }]);
  });

  it("uses the configured line limit for comments", () => {
    const body = `${"text\n".repeat(20)}/approve`;
    expect(computeApprovalState([comment("alice", body)], roles, { maxLines: 10 }).approvers).toEqual([]);
    expect(computeApprovalState([comment("alice", body)], roles, { maxLines: 50 }).approvers).toEqual(["alice"]);
  });

  it("replays a long history to each person's latest intent", () => {
    const history: HistoryItem[] = [];
    for (let i = 0; i < 2_000; i += 1) {
      history.push(comment(i % 2 ? "alice" : "rita", i % 3 ? "/lgtm\nthanks" : "/approve cancel\n/approve"));
      if (i % 50 === 0) history.push(reset());
    }
    const state = computeApprovalState(history, roles);
    expect(state.approvers).toEqual(["alice"]);
  });
});
