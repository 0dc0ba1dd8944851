import { describe, expect, it } from "vitest";
import { authorize, type Actor, type Authorization } from "../../src/commands/authorize.js";
import { COMMAND_TABLE, type CommandPlace, type Verb } from "../../src/commands/command-table.js";
import { buildRoles, parseOwnersFile, type OwnersFile } from "../../src/commands/roles.js";

const roles = buildRoles({
  configApprovers: ["Alice"],
  configReviewers: ["Rita"],
  teamMembers: [],
  requester: "Req",
  prAuthor: "Pat",
});

const ACTORS: Record<string, Actor> = {
  approver: { login: "alice", type: "User" },
  reviewer: { login: "RITA", type: "User" },
  requester: { login: "req", type: "User" },
  prAuthor: { login: "pat", type: "User" },
  outsider: { login: "olga", type: "User" },
  bot: { login: "renovate[bot]", type: "Bot" },
};

type Role = keyof typeof ACTORS;
/** Y allowed, N refused with a reason, I ignored (no reply). Order: approver reviewer requester prAuthor outsider bot. */
type Row = [verb: Verb, cancel: boolean, where: CommandPlace, expected: string];
const ROLE_ORDER: Role[] = ["approver", "reviewer", "requester", "prAuthor", "outsider", "bot"];

const TABLE: Row[] = [
  ["lgtm", false, "pull", "YYNNNI"],
  ["lgtm", true, "pull", "YYNNNI"],
  ["approve", false, "pull", "YNNNNI"],
  ["approve", true, "pull", "YNNNNI"],
  ["hold", false, "pull", "YYYYYI"],
  ["hold", true, "pull", "YNNNNI"],
  ["retest", false, "pull", "YNYNNI"],
  ["close", false, "pull", "YNYNNI"],
  ["help", false, "pull", "YYYYYI"],
  ["retry", false, "issue", "YNYNNI"],
  ["help", false, "issue", "YYYYYI"],
  // Commands in the wrong place are refused for everyone (bots are still ignored).
  ["lgtm", false, "issue", "NNNNNI"],
  ["approve", false, "issue", "NNNNNI"],
  ["approve", true, "issue", "NNNNNI"],
  ["hold", false, "issue", "NNNNNI"],
  ["hold", true, "issue", "NNNNNI"],
  ["retest", false, "issue", "NNNNNI"],
  ["close", false, "issue", "NNNNNI"],
  ["retry", false, "pull", "NNNNNI"],
];

function letter(result: Authorization): string {
  if (result.allowed) return "Y";
  return result.ignored ? "I" : "N";
}

describe("authorize: every command for every role", () => {
  it("covers every row of the command table", () => {
    const covered = new Set(TABLE.map(([verb, cancel, where]) => `${verb}|${cancel}|${where}`));
    for (const spec of COMMAND_TABLE) {
      expect(covered).toContain(`${spec.verb}|${spec.argument === "cancel"}|${spec.where}`);
    }
  });

  for (const [verb, cancel, where, expected] of TABLE) {
    it(`${cancel ? `/${verb} cancel` : `/${verb}`} on the ${where === "pull" ? "pull request" : "issue"}: ${expected}`, () => {
      const got = ROLE_ORDER.map((role) =>
        letter(authorize({ verb, cancel }, ACTORS[role]!, roles, { where, holders: new Set() })),
      ).join("");
      expect(got).toBe(expected);
    });
  }
});

describe("authorize: reasons", () => {
  const ctx = { where: "pull" as const, holders: new Set<string>() };

  it("says where a command works when used in the wrong place", () => {
    expect(authorize({ verb: "approve", cancel: false }, ACTORS.approver!, roles, { ...ctx, where: "issue" })).toEqual({
      allowed: false,
      ignored: false,
      reason: "/approve works only on the onboarding pull request",
    });
    expect(authorize({ verb: "retry", cancel: false }, ACTORS.approver!, roles, ctx)).toMatchObject({
      reason: "/retry works only on the request issue",
    });
  });

  it("refuses the requester's approval even when they are an approver, but lets them retest", () => {
    const both = buildRoles({ configApprovers: ["req"], configReviewers: [], teamMembers: [], requester: "req", prAuthor: "pat" });
    const result = authorize({ verb: "approve", cancel: false }, ACTORS.requester!, both, ctx);
    expect(result).toMatchObject({ allowed: false, reason: expect.stringContaining("you opened this onboarding request") });
    expect(authorize({ verb: "retest", cancel: false }, ACTORS.requester!, both, ctx)).toEqual({ allowed: true });
  });

  it("refuses the pull request author's lgtm even when they are a reviewer", () => {
    const both = buildRoles({ configApprovers: [], configReviewers: ["pat"], teamMembers: [], requester: "req", prAuthor: "pat" });
    expect(authorize({ verb: "lgtm", cancel: false }, ACTORS.prAuthor!, both, ctx)).toMatchObject({
      allowed: false,
      reason: expect.stringContaining("you authored this pull request"),
    });
  });

  it("gives each refusal as one line", () => {
    for (const [verb, cancel, where] of TABLE) {
      for (const role of ROLE_ORDER) {
        const result = authorize({ verb, cancel }, ACTORS[role]!, roles, { where, holders: new Set(["someone"]) });
        if (!result.allowed) expect(result.reason).not.toMatch(/[\r\n]/);
      }
    }
  });

  it("ignores an app login even if GitHub reported it as a user", () => {
    expect(authorize({ verb: "hold", cancel: false }, { login: "evil[bot]", type: "User" }, roles, ctx)).toMatchObject({
      allowed: false,
      ignored: true,
    });
  });
});

describe("authorize: /hold cancel", () => {
  const cancel = { verb: "hold" as const, cancel: true };

  it("lets the holder lift their own hold", () => {
    expect(authorize(cancel, ACTORS.outsider!, roles, { where: "pull", holders: new Set(["olga"]) })).toEqual({ allowed: true });
  });

  it("lets an approver lift anyone's hold", () => {
    expect(authorize(cancel, ACTORS.approver!, roles, { where: "pull", holders: new Set(["olga"]) })).toEqual({ allowed: true });
  });

  it("refuses another outsider, and a reviewer, when the hold is someone else's", () => {
    const other: Actor = { login: "oscar", type: "User" };
    const context = { where: "pull" as const, holders: new Set(["olga"]) };
    expect(authorize(cancel, other, roles, context)).toMatchObject({
      allowed: false,
      reason: "/hold cancel: only the person who placed a hold or an approver can lift it",
    });
    expect(authorize(cancel, ACTORS.reviewer!, roles, context)).toMatchObject({ allowed: false });
  });

  it("says there is no hold when a non-approver cancels nothing", () => {
    expect(authorize(cancel, ACTORS.outsider!, roles, { where: "pull", holders: new Set() })).toMatchObject({
      reason: "/hold cancel: there is no hold to lift",
    });
  });
});

describe("authorize: approvers from teams and OWNERS", () => {
  const ctx = { where: "pull" as const, holders: new Set<string>() };

  it("accepts /approve from a team member passed in by the caller, case-insensitively", () => {
    const viaTeam = buildRoles({ configApprovers: [], configReviewers: [], teamMembers: ["TeamMate"], requester: "req", prAuthor: "pat" });
    expect(authorize({ verb: "approve", cancel: false }, { login: "teammate", type: "User" }, viaTeam, ctx)).toEqual({
      allowed: true,
    });
    expect(authorize({ verb: "approve", cancel: false }, { login: "stranger", type: "User" }, viaTeam, ctx)).toMatchObject({
      allowed: false,
    });
  });

  it("accepts /approve from an OWNERS approver and /lgtm from an OWNERS reviewer", () => {
    const owners = parseOwnersFile("approvers:\n  - OwnerA\nreviewers:\n  - OwnerR\n") as OwnersFile;
    const viaOwners = buildRoles({ configApprovers: [], configReviewers: [], ownersFile: owners, teamMembers: [], requester: "req", prAuthor: "pat" });
    expect(authorize({ verb: "approve", cancel: false }, { login: "ownera", type: "User" }, viaOwners, ctx)).toEqual({
      allowed: true,
    });
    expect(authorize({ verb: "lgtm", cancel: false }, { login: "OWNERR", type: "User" }, viaOwners, ctx)).toEqual({
      allowed: true,
    });
    expect(authorize({ verb: "approve", cancel: false }, { login: "ownerr", type: "User" }, viaOwners, ctx)).toMatchObject({
      allowed: false,
      reason: "/approve is only for approvers",
    });
  });
});
