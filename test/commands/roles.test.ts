import { describe, expect, it } from "vitest";
import { buildRoles, parseOwnersFile } from "../../src/commands/roles.js";

describe("parseOwnersFile", () => {
  it("reads approvers and reviewers and ignores other keys", () => {
    const text = "# platform owners\napprovers:\n  - Alice\n  - bob\nreviewers:\n  - carol\noptions:\n  no_parent_owners: true\nlabels: [x]\n";
    expect(parseOwnersFile(text)).toEqual({ approvers: ["Alice", "bob"], reviewers: ["carol"] });
  });

  it("treats a missing or empty list as empty", () => {
    expect(parseOwnersFile("approvers:\n  - alice\nreviewers:\n")).toEqual({ approvers: ["alice"], reviewers: [] });
  });

  it("refuses a document that is not a mapping", () => {
    expect(parseOwnersFile("- alice\n- bob\n")).toEqual({ error: expect.stringContaining("must be a YAML mapping") });
    expect(parseOwnersFile("")).toEqual({ error: expect.stringContaining("must be a YAML mapping") });
  });

  it("refuses a list that is not a list", () => {
    expect(parseOwnersFile("approvers: alice\n")).toEqual({
      error: "OWNERS file: 'approvers' must be a list of GitHub logins",
    });
  });

  it("refuses team entries and non-login values, naming the entry", () => {
    expect(parseOwnersFile("approvers:\n  - alice\n  - my-org/admins\n")).toEqual({
      error: expect.stringContaining('approvers[1] "my-org/admins" is not a GitHub login'),
    });
    expect(parseOwnersFile("reviewers:\n  - 42\n")).toEqual({
      error: expect.stringContaining("reviewers[0] number is not a GitHub login"),
    });
  });

  it("refuses invalid YAML and duplicate keys", () => {
    expect(parseOwnersFile("approvers: [alice\n")).toEqual({ error: expect.stringContaining("not valid YAML") });
    expect(parseOwnersFile("approvers: [a]\napprovers: [b]\n")).toEqual({
      error: expect.stringContaining("not valid YAML"),
    });
  });

  it("refuses an alias bomb instead of expanding it", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => {
      const prev = i === 0 ? "a" : `b${i - 1}`;
      return `b${i}: &b${i} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
    }), "approvers: [alice]"].join("\n");
    expect(parseOwnersFile(bomb)).toEqual({ error: expect.stringContaining("OWNERS file could not be read") });
  });
});

describe("buildRoles", () => {
  it("merges configured users, team members and OWNERS approvers, in lower case", () => {
    const roles = buildRoles({
      configApprovers: ["Alice"],
      configReviewers: ["Rita"],
      ownersFile: { approvers: ["OwnerApprover"], reviewers: ["OwnerReviewer"] },
      teamMembers: ["TeamMate"],
      requester: "Requester",
      prAuthor: "onboarding-bot[bot]",
    });
    expect([...roles.approvers].sort()).toEqual(["alice", "ownerapprover", "teammate"]);
    expect([...roles.reviewers].sort()).toEqual(["ownerreviewer", "rita"]);
    expect(roles.requester).toBe("requester");
    expect(roles.prAuthor).toBe("onboarding-bot[bot]");
  });

  it("works without an OWNERS file", () => {
    const roles = buildRoles({ configApprovers: [], configReviewers: [], teamMembers: [], requester: "r", prAuthor: "p" });
    expect(roles.approvers.size).toBe(0);
    expect(roles.reviewers.size).toBe(0);
  });
});
