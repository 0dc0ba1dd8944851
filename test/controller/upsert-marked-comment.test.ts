import { describe, expect, it } from "vitest";
import { findMarkedComment, upsertMarkedComment } from "../../src/controller/upsert-marked-comment.js";
import type { CommentInfo } from "../../src/github/reader.js";
import { createWriter } from "../../src/github/writer.js";
import { github, testOctokit, useStrictNock } from "../github/test-octokit.js";

const REF = { owner: "acme", repo: "requests", number: 5 };
const MARKER = "<!-- onboarding-bot:status -->";
const BOT = { login: "onboarding-bot[bot]", type: "Bot" as const };
const PERSON = { login: "mallory", type: "User" as const };

function comment(id: number, body: string, user: CommentInfo["user"] = BOT): CommentInfo {
  const at = `2026-01-01T00:00:${String(id % 60).padStart(2, "0")}Z`;
  return { id, body, user, mine: user.login === BOT.login, createdAt: at, updatedAt: at, htmlUrl: `https://github.com/acme/requests/issues/5#issuecomment-${id}` };
}

const writer = () => createWriter(testOctokit(), { gitopsRepo: { owner: "acme", repo: "gitops" }, dryRun: false });

useStrictNock();

describe("findMarkedComment", () => {
  it("finds the bot's comment that starts with the marker", () => {
    const comments = [comment(1, "hello", PERSON), comment(2, `${MARKER}\nstatus`)];
    expect(findMarkedComment(comments, MARKER)?.id).toBe(2);
  });

  it("never adopts a person's comment that carries the marker", () => {
    expect(findMarkedComment([comment(1, `${MARKER}\nI am the bot now`, PERSON)], MARKER)).toBeUndefined();
  });

  it("ignores a bot comment that only quotes the marker further down", () => {
    expect(findMarkedComment([comment(1, `Reply\n${MARKER}`)], MARKER)).toBeUndefined();
  });

  it("keeps the oldest of several marked bot comments (two replicas raced)", () => {
    expect(findMarkedComment([comment(3, `${MARKER} a`), comment(4, `${MARKER} b`)], MARKER)?.id).toBe(3);
  });
});

describe("upsertMarkedComment", () => {
  it("creates the comment when there is none", async () => {
    const scope = github().post("/repos/acme/requests/issues/5/comments", { body: `${MARKER}\nnew` }).reply(201, { id: 9 });
    expect(await upsertMarkedComment(writer(), REF, [comment(1, `${MARKER}\nforged`, PERSON)], MARKER, `${MARKER}\nnew`)).toBe("created");
    expect(scope.isDone()).toBe(true);
  });

  it("edits the existing comment in place when its body differs", async () => {
    const scope = github().patch("/repos/acme/requests/issues/comments/2", { body: `${MARKER}\nnew` }).reply(200, {});
    const comments = [comment(2, `${MARKER}\nold`), comment(3, `${MARKER}\nduplicate`)];
    expect(await upsertMarkedComment(writer(), REF, comments, MARKER, `${MARKER}\nnew`)).toBe("updated");
    expect(scope.isDone()).toBe(true);
  });

  it("makes no call when the body is already identical", async () => {
    // No interceptor: any request would fail with nock's NetConnectNotAllowedError.
    expect(await upsertMarkedComment(writer(), REF, [comment(2, `${MARKER}\nsame`)], MARKER, `${MARKER}\nsame`)).toBe("unchanged");
  });

  it("refuses a body that does not start with its marker (it could never be found again)", async () => {
    await expect(upsertMarkedComment(writer(), REF, [], MARKER, "status without marker")).rejects.toThrow(/must start with its marker/);
  });
});
