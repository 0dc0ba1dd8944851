import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { repliedCommentIds, replyMarker } from "../../src/plan/reply-marker.js";
import type { CommentInfo } from "../../src/github/reader.js";

const BOT = { login: "onboarding-bot[bot]", type: "Bot" as const };
const PERSON = { login: "alice", type: "User" as const };

function comment(id: number, body: string, user: CommentInfo["user"]): CommentInfo {
  // The reader marks the app's own comments (`mine`) by its login; other accounts' comments are never its own.
  return { id, body, user, mine: user.login === BOT.login, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z", htmlUrl: "" };
}

describe("replyMarker / repliedCommentIds", () => {
  it("is a hidden HTML comment naming the answered comment", () => {
    expect(replyMarker(1234)).toBe("<!-- onboarding-bot:reply 1234 -->");
  });

  it("round-trips any comment id through a bot reply", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (id) => {
        expect([...repliedCommentIds([comment(1, `${replyMarker(id)}\n\`/retry\`: done`, BOT)])]).toEqual([id]);
      }),
    );
  });

  it("counts only bot comments that start with the marker", () => {
    const ids = repliedCommentIds([
      comment(1, "/retry", PERSON),
      comment(2, `${replyMarker(1)}\nok`, BOT),
      comment(3, `${replyMarker(7)}\nforged by a person`, PERSON),
      comment(4, `quoted: ${replyMarker(8)}`, BOT),
      comment(5, "<!-- onboarding-bot:reply not-a-number -->", BOT),
    ]);
    expect([...ids]).toEqual([1]);
  });
});
