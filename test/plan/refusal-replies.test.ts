import { describe, expect, it } from "vitest";
import { findRefusalReplies, MAX_LISTED_IDS, planRefusals, renderRefusal, type Refusal } from "../../src/plan/refusal-replies.js";
import type { CommentInfo } from "../../src/github/reader.js";

const BOT = { login: "onboarding-bot[bot]", type: "Bot" as const };
const OTHER_BOT = { login: "renovate[bot]", type: "Bot" as const };

function reply(id: number, body: string, user = BOT): CommentInfo {
  return { id, body, user, mine: user === BOT, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z", htmlUrl: "" };
}
const refusal = (commentId: number, actor = "dave"): Refusal => ({ commentId, actor, verb: "approve", cancel: false, reason: "/approve is only for approvers" });

describe("coalesced refusal replies", () => {
  it("merges the duplicates two replicas left into the oldest reply and deletes the others", () => {
    const found = findRefusalReplies([reply(10, renderRefusal("dave:approve", [1], "x")), reply(11, renderRefusal("dave:approve", [2], "x"))]);
    const writes = planRefusals(found, [refusal(1), refusal(2), refusal(3)]);
    expect(writes).toEqual([
      { kind: "update", key: "dave:approve", id: 10, ids: [1, 2, 3], body: renderRefusal("dave:approve", [1, 2, 3], "/approve is only for approvers") },
      { kind: "delete", key: "dave:approve", id: 11 },
    ]);
  });

  it("writes nothing when every refusal is answered, and keys by person (case-insensitively) and kind", () => {
    const found = findRefusalReplies([reply(10, renderRefusal("dave:approve", [1, 2], "x"))]);
    expect(planRefusals(found, [refusal(1, "Dave"), refusal(2)])).toEqual([]);
    expect(planRefusals(found, [{ ...refusal(3), cancel: true }])).toEqual([expect.objectContaining({ kind: "create", key: "dave:approve-cancel" })]);
  });

  it("only trusts the app's own replies", () => {
    expect(findRefusalReplies([reply(10, renderRefusal("dave:approve", [1], "x"), OTHER_BOT)]).size).toBe(0);
  });

  it("lists at most MAX_LISTED_IDS comments and counts older ones as answered", () => {
    const many = Array.from({ length: MAX_LISTED_IDS + 50 }, (_, i) => refusal(i + 1));
    const [write] = planRefusals(new Map(), many);
    expect(write?.kind === "delete" ? [] : write?.ids).toHaveLength(MAX_LISTED_IDS);
    const found = findRefusalReplies([reply(999, write?.kind === "delete" ? "" : write!.body)]);
    expect(planRefusals(found, many)).toEqual([]);
  });
});
