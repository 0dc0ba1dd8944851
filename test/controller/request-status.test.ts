import { describe, expect, it } from "vitest";
import { mergeStatusBodies, RECORD_ATTEMPTS, recordCommit, requestLedger, syncRequestStatus, writeRecord } from "../../src/controller/request-status.js";
import type { CommentInfo } from "../../src/github/reader.js";
import type { Writer } from "../../src/github/writer.js";
import { parseLedger, withLedger, type LedgerEntry } from "../../src/publishing/ledger.js";

const REF = { owner: "acme", repo: "support", number: 3 };
const entry = (sha: string): LedgerEntry => ({
  sha,
  tree: "c".repeat(40),
  parents: ["b".repeat(40)],
  base: "b".repeat(40),
  digest: "d1d1",
  tenantDigest: "e1e1",
  at: "2026-12-01T00:00:00Z",
  fields: {},
});
const FALLBACK = { kind: "blocked" as const, reason: "waiting" };

/** An issue's comments in memory, with a writer and a reader on them; `clobber` plays another replica's writes. */
function thread(clobber?: (body: string) => string) {
  const bodies = new Map<number, string>();
  const calls: string[] = [];
  let next = 100;
  const writer = {
    async createComment(_ref: unknown, body: string) {
      calls.push("create");
      bodies.set(++next, clobber ? clobber(body) : body);
      return next;
    },
    async updateComment(_ref: unknown, id: number, body: string) {
      calls.push("update");
      bodies.set(id, clobber ? clobber(body) : body);
    },
  } as unknown as Writer;
  const github = {
    async getCommentBody(_ref: unknown, id: number) {
      calls.push("get");
      return bodies.get(id);
    },
  };
  return { bodies, calls, writer, github, comments: [] as CommentInfo[] };
}

const shas = (body: string | undefined) => parseLedger(body ?? "").map((e) => e.sha);

describe("recordCommit: the ledger entry is in the status comment when it returns", () => {
  it("writes the entry and reads it back", async () => {
    const t = thread();
    await recordCommit(t.github, t.writer, REF, t.comments, entry("a".repeat(40)), FALLBACK);
    expect(t.calls).toEqual(["create", "get"]);
    expect(shas(t.bodies.get(101))).toEqual(["a".repeat(40)]);
  });

  it("takes a later listing that shows the entry as the read-back of a write made earlier: no call", async () => {
    const t = thread();
    await writeRecord(t.writer, REF, t.comments, entry("a".repeat(40)), FALLBACK);
    await recordCommit(t.github, t.writer, REF, t.comments, entry("a".repeat(40)), FALLBACK, { body: t.bodies.get(101) });
    expect(t.calls).toEqual(["create"]);
  });

  it("re-reads and writes again when the listing shows another writer replaced the comment without the entry", async () => {
    const t = thread();
    await writeRecord(t.writer, REF, t.comments, entry("a".repeat(40)), FALLBACK);
    const replaced = "<!-- onboarding-bot:status -->\nanother replica's text";
    t.bodies.set(101, replaced);
    await recordCommit(t.github, t.writer, REF, t.comments, entry("a".repeat(40)), FALLBACK, { body: replaced });
    expect(t.calls).toEqual(["create", "get", "update", "get"]);
    expect(t.bodies.get(101)).toContain("another replica's text");
    expect(shas(t.bodies.get(101))).toEqual(["a".repeat(40)]);
  });

  it("reads the comment back when no listing saw it", async () => {
    const t = thread();
    await writeRecord(t.writer, REF, t.comments, entry("a".repeat(40)), FALLBACK);
    await recordCommit(t.github, t.writer, REF, t.comments, entry("a".repeat(40)), FALLBACK, { body: undefined });
    expect(t.calls).toEqual(["create", "get"]);
  });

  it(`gives up with a clear error after ${RECORD_ATTEMPTS} writes that another writer kept replacing`, async () => {
    const t = thread(() => "<!-- onboarding-bot:status -->\nclobbered");
    await expect(recordCommit(t.github, t.writer, REF, t.comments, entry("a".repeat(40)), FALLBACK)).rejects.toThrow(
      /could not record commit a{40} in the status comment of acme\/support#3; another writer kept replacing it/,
    );
    expect(t.calls.filter((c) => c !== "get")).toHaveLength(RECORD_ATTEMPTS);
  });
});

describe("mergeStatusBodies: two replicas' status comments raced", () => {
  const status = (text: string, entries: LedgerEntry[]) => withLedger(`<!-- onboarding-bot:status -->\n${text}`, entries);

  it("keeps the later writer's text and the ledger entries of both, oldest first", () => {
    const a = { ...entry("a".repeat(40)), at: "2026-12-01T00:00:01Z" };
    const b = { ...entry("b".repeat(40)), at: "2026-12-01T00:00:02Z" };
    const merged = mergeStatusBodies(status("kept text", [a]), status("my text", [b]));
    expect(merged).toContain("my text");
    expect(merged).not.toContain("kept text");
    expect(shas(merged)).toEqual(["a".repeat(40), "b".repeat(40)]);
  });

  it("keeps the later time of a commit both record, so approvals count from the later one", () => {
    const made = { ...entry("a".repeat(40)), at: "2026-12-01T00:00:01Z" };
    const adopted = { ...made, at: "2026-12-01T00:05:00Z" };
    expect(parseLedger(mergeStatusBodies(status("x", [adopted]), status("y", [made])))).toEqual([adopted]);
    expect(parseLedger(mergeStatusBodies(status("x", [made]), status("y", [adopted])))).toEqual([adopted]);
  });

  it("leaves any other marked comment to the later writer", () => {
    expect(mergeStatusBodies("<!-- onboarding-bot:pr-status -->\nold", "<!-- onboarding-bot:pr-status -->\nnew")).toBe("<!-- onboarding-bot:pr-status -->\nnew");
  });
});

describe("syncRequestStatus after a race that was never settled (two status comments of the bot)", () => {
  const bot = (id: number, body: string): CommentInfo => ({ id, mine: true, body, user: { login: "onboarding-bot[bot]", type: "Bot" }, createdAt: "", updatedAt: "", htmlUrl: "" });
  const a = { ...entry("a".repeat(40)), at: "2026-12-01T00:00:01Z" };
  const b = { ...entry("b".repeat(40)), at: "2026-12-01T00:00:02Z" };

  it("keeps the oldest, with the ledger entries of both, and deletes the other: the vouched commits are the same before and after", async () => {
    const calls: string[] = [];
    let written = "";
    const writer = {
      async updateComment(_ref: unknown, id: number, body: string) {
        calls.push(`update ${id}`);
        written = body;
      },
      async deleteComment(_ref: unknown, id: number) {
        calls.push(`delete ${id}`);
      },
    } as unknown as Writer;
    const comments = [
      bot(10, withLedger("<!-- onboarding-bot:status -->\nfirst", [a])),
      { ...bot(11, "/retry"), mine: false, user: { login: "alice", type: "User" as const } },
      bot(12, withLedger("<!-- onboarding-bot:status -->\nsecond", [b])),
    ];
    expect(requestLedger(comments).map((e) => e.sha)).toEqual(["a".repeat(40), "b".repeat(40)]);
    await syncRequestStatus(writer, REF, comments, FALLBACK);
    expect(calls).toEqual(["update 10", "delete 12"]);
    expect(shas(written)).toEqual(["a".repeat(40), "b".repeat(40)]);
    expect(comments.map((c) => c.id)).toEqual([10, 11]);
    expect(requestLedger(comments).map((e) => e.sha)).toEqual(["a".repeat(40), "b".repeat(40)]);
  });

  it("never takes a ledger from a comment that is not the app's own, whatever it says", () => {
    const forged = { ...bot(9, withLedger("<!-- onboarding-bot:status -->\nforged", [b])), mine: false, user: { login: "mallory", type: "User" as const } };
    expect(requestLedger([forged, bot(10, withLedger("<!-- onboarding-bot:status -->\nreal", [a]))]).map((e) => e.sha)).toEqual(["a".repeat(40)]);
  });
});
