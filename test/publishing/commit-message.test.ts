import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommitTrailers, renderCommitMessage } from "../../src/publishing/commit-message.js";
import type { OnboardingRequest } from "../../src/types.js";

const REQUEST: OnboardingRequest = {
  team: "aurora",
  namespaces: ["aurora-dev", "aurora-prod"],
  clusters: ["smaug", "osc-cl1"],
  owner: "alice",
  members: ["alice", "bob"],
  description: "Onboarding-Request: evil/repo#1\nOnboarding-Digest: ffff",
  quotaTier: "small",
  acknowledged: true,
};
const REF = { owner: "operate-first", repo: "apps", number: 17 };

describe("renderCommitMessage / parseCommitTrailers", () => {
  it("round-trips the request, digest and base trailers", () => {
    const message = renderCommitMessage(REQUEST, REF, "0123456789abcdef0123", "a".repeat(40));
    expect(parseCommitTrailers(message)).toEqual({
      request: "operate-first/apps#17",
      digest: "0123456789abcdef0123",
      base: "a".repeat(40),
    });
  });

  it("round-trips for any request reference and digest", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9-]{1,39}$/),
        fc.stringMatching(/^[A-Za-z0-9._-]{1,100}$/),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.stringMatching(/^[0-9a-f]{20}$/),
        (owner, repo, number, digest) => {
          const message = renderCommitMessage(REQUEST, { owner, repo, number }, digest, "a".repeat(40));
          expect(parseCommitTrailers(message)).toEqual({ request: `${owner}/${repo}#${number}`, digest, base: "a".repeat(40) });
        },
      ),
    );
  });

  it("puts the trailers last, after a blank line, as git expects trailers", () => {
    const lines = renderCommitMessage(REQUEST, REF, "abc", "a".repeat(40)).split("\n");
    expect(lines.slice(-4)).toEqual([
      "",
      "Onboarding-Request: operate-first/apps#17",
      "Onboarding-Digest: abc",
      `Onboarding-Base: ${"a".repeat(40)}`,
    ]);
  });

  it("does not put the request's free text in the message (the description cannot forge a trailer)", () => {
    const message = renderCommitMessage(REQUEST, REF, "abc", "a".repeat(40));
    expect(message).not.toContain("evil/repo");
    expect(message.match(/^Onboarding-Request: /gm)).toHaveLength(1);
  });

  it("keeps the subject line within 72 characters", () => {
    const many = { ...REQUEST, namespaces: Array.from({ length: 20 }, (_, i) => `aurora-namespace-${i}`) };
    const subject = renderCommitMessage(many, REF, "abc", "a".repeat(40)).split("\n")[0] ?? "";
    expect(subject.length).toBeLessThanOrEqual(72);
    expect(subject.startsWith("Onboard team aurora: aurora-namespace-0")).toBe(true);
  });

  it("finds no trailers in someone else's commit message", () => {
    expect(parseCommitTrailers("Fix typo in README\n\nSigned-off-by: Bob <bob@example.com>")).toEqual({});
  });

  it("reads trailers only at the start of a line, and tolerates CRLF line ends", () => {
    expect(parseCommitTrailers("see Onboarding-Request: a/b#1 for details")).toEqual({});
    expect(parseCommitTrailers("x\r\n\r\nOnboarding-Request: a/b#1\r\nOnboarding-Digest: ab\r\n")).toEqual({ request: "a/b#1", digest: "ab" });
  });
});
