import { describe, expect, it } from "vitest";
import { deliverAll } from "../harness/index.js";
import { BRANCH, pullOf, reactionsOn, repliesTo, say, statusOf, type PublishedWorld, usePublishedWorlds } from "../helpers/pull-world.js";
import { APPS, PEOPLE, SUPPORT } from "../helpers/world.js";

const BOT = "onboarding-bot[bot]";
const OTHER_BOT = "renovate[bot]";

const start = usePublishedWorlds();

/** Expects the comment to be refused: a 👎, and one reply of one line that says why. */
function expectRefused(p: PublishedWorld, id: number, why: string | RegExp, on: "pull" | "issue" = "pull"): void {
  const replies = repliesTo(p, id, on);
  expect(replies).toHaveLength(1);
  expect(replies[0]!.trim().split("\n")).toHaveLength(1);
  expect(replies[0]).toMatch(why);
  if (on === "pull") expect(reactionsOn(p, id, on)).toEqual(["-1"]);
}

/** Expects the comment to be accepted: a 👍 and no refusal. */
function expectAccepted(p: PublishedWorld, id: number, on: "pull" | "issue" = "pull"): void {
  if (on === "pull") expect(reactionsOn(p, id, on)).toEqual(["+1"]);
  for (const reply of repliesTo(p, id, on)) expect(reply).not.toMatch(/ is only for |cannot |no hold to lift/);
}

type Role = "approver" | "reviewer" | "requester" | "outsider";
const LOGIN: Record<Role, string> = {
  approver: PEOPLE.approver,
  reviewer: PEOPLE.reviewer,
  requester: PEOPLE.requester,
  outsider: PEOPLE.outsider,
};

/** Each pull request command in an order that exercises it (cancel after its verb, /close last), and who may use it. */
const PULL_COMMANDS: { command: string; allowed: Role[]; refusal: RegExp; label?: string }[] = [
  { command: "/lgtm", allowed: ["approver", "reviewer"], refusal: /only for reviewers and approvers|you opened this onboarding request/, label: "lgtm" },
  { command: "/lgtm cancel", allowed: ["approver", "reviewer"], refusal: /only for reviewers and approvers|you opened this onboarding request/ },
  { command: "/approve", allowed: ["approver"], refusal: /only for approvers|you opened this onboarding request/, label: "approved" },
  { command: "/approve cancel", allowed: ["approver"], refusal: /only for approvers|you opened this onboarding request/ },
  { command: "/hold", allowed: ["approver", "reviewer", "requester", "outsider"], refusal: /never/, label: "do-not-merge/hold" },
  { command: "/hold cancel", allowed: ["approver", "reviewer", "requester", "outsider"], refusal: /never/ },
  { command: "/retest", allowed: ["approver", "requester"], refusal: /only for approvers and the requester/ },
  { command: "/help", allowed: ["approver", "reviewer", "requester", "outsider"], refusal: /never/ },
  { command: "/close", allowed: ["approver", "requester"], refusal: /only for approvers and the requester/ },
];

describe("who may use each command on the pull request", () => {
  for (const role of ["approver", "reviewer", "requester", "outsider"] as const) {
    it(`answers every command from the ${role} as the rules say`, async () => {
      // Merge conflicts keep the pull request open whatever is approved, so every command can be tried in turn.
      const p = await start();
      p.world.sim.setMergeable(APPS, p.pr, false);
      for (const { command, allowed, refusal, label } of PULL_COMMANDS) {
        const id = await say(p, LOGIN[role], command);
        if (allowed.includes(role)) {
          expectAccepted(p, id);
          if (label) expect(pullOf(p).labels, `${command} from the ${role}`).toContain(label);
          if (command === "/help") expect(repliesTo(p, id)[0]).toContain("| `/approve` |");
          if (command === "/close") expect(pullOf(p).state).toBe("closed");
        } else {
          expectRefused(p, id, refusal);
          if (label) expect(pullOf(p).labels, `${command} from the ${role}`).not.toContain(label);
        }
      }
      expect(pullOf(p).merged).toBe(false);
      const closable = PULL_COMMANDS.find((c) => c.command === "/close")!.allowed.includes(role);
      expect(pullOf(p).state).toBe(closable ? "closed" : "open");
    });
  }

  it("tells the requester they cannot review or approve their own request, even as a configured approver", async () => {
    const p = await start({ approvers: { users: [PEOPLE.requester, PEOPLE.approver] } });
    const lgtm = await say(p, PEOPLE.requester, "/lgtm");
    const approve = await say(p, PEOPLE.requester, "/approve");
    p.world.sim.submitReview(APPS, p.pr, PEOPLE.requester, "APPROVED");
    await deliverAll(p.world.sim, p.world.probot);

    expectRefused(p, lgtm, /you opened this onboarding request, so you cannot review it/);
    expectRefused(p, approve, /you opened this onboarding request, so you cannot approve it/);
    expect(pullOf(p).merged).toBe(false);
    expect(pullOf(p).labels).not.toContain("approved");
    expect(statusOf(p)).toContain("Approvals | 0 of 1");
  });

  it("compares logins case-insensitively", async () => {
    const p = await start({ approvers: { users: [PEOPLE.approver.toUpperCase()] } });
    const id = await say(p, PEOPLE.approver, "/approve");
    expectAccepted(p, id);
    expect(pullOf(p).merged).toBe(true);
  });

  it("refuses to lift someone else's hold unless the person is an approver", async () => {
    const p = await start();
    await say(p, PEOPLE.reviewer, "/hold");
    const outsider = await say(p, PEOPLE.outsider, "/hold cancel");
    expectRefused(p, outsider, /only the person who placed a hold or an approver can lift it/);
    const requester = await say(p, PEOPLE.requester, "/unhold");
    expectRefused(p, requester, /only the person who placed a hold or an approver can lift it/);
    expect(pullOf(p).labels).toContain("do-not-merge/hold");
  });

  it("ignores every command from another bot and from the pull request's author (the bot itself)", async () => {
    const p = await start();
    p.world.sim.addUser(OTHER_BOT, { type: "Bot" });
    const ids: number[] = [];
    for (const author of [OTHER_BOT, BOT]) {
      for (const { command } of PULL_COMMANDS) ids.push(await say(p, author, command));
    }
    expect(pullOf(p).user.login).toBe(BOT);
    expect(pullOf(p).state).toBe("open");
    expect(pullOf(p).labels).toEqual(["onboarding"]);
    for (const id of ids) {
      expect(reactionsOn(p, id)).toEqual([]);
      expect(repliesTo(p, id)).toEqual([]);
    }
    expect(statusOf(p)).toContain("Approvals | 0 of 1");
  });
});

describe("where approvers come from", () => {
  it("counts members of a configured team as approvers", async () => {
    const p = await start({ approvers: { teams: ["operate-first/onboarding-approvers"] } }, (world) =>
      world.sim.addTeam("operate-first", "onboarding-approvers", [PEOPLE.outsider]),
    );
    expect(pullOf(p).requested_teams).toEqual(["onboarding-approvers"]);
    const id = await say(p, PEOPLE.outsider, "/approve");
    expectAccepted(p, id);
    expect(pullOf(p).merged).toBe(true);
  });

  it("does not count members of other teams", async () => {
    const p = await start({ approvers: { teams: ["operate-first/onboarding-approvers"] } }, (world) => {
      world.sim.addTeam("operate-first", "onboarding-approvers", [PEOPLE.approver2]);
      world.sim.addTeam("operate-first", "everyone", [PEOPLE.outsider]);
    });
    const id = await say(p, PEOPLE.outsider, "/approve");
    expectRefused(p, id, /only for approvers/);
    expect(pullOf(p).merged).toBe(false);
  });

  it("counts approvers and reviewers of the OWNERS file on the GitOps base branch", async () => {
    const p = await start({ approvers: { users: [], ownersFile: "OWNERS" } }, (world) =>
      world.sim.pushCommit(APPS, "main", { OWNERS: `approvers:\n  - ${PEOPLE.outsider}\nreviewers:\n  - ${PEOPLE.approver2}\n` }, PEOPLE.approver),
    );
    const lgtm = await say(p, PEOPLE.approver2, "/lgtm");
    expectAccepted(p, lgtm);
    expect(pullOf(p).labels).toContain("lgtm");
    const refused = await say(p, PEOPLE.approver, "/approve");
    expectRefused(p, refused, /only for approvers/);
    expect(pullOf(p).merged).toBe(false);

    const approve = await say(p, PEOPLE.outsider, "/approve");
    expectAccepted(p, approve);
    expect(pullOf(p).merged).toBe(true);
  });

  it("reads the OWNERS file and the approver teams in each run's one observation: no REST read of either, from opening to merge", async () => {
    const p = await start({ approvers: { users: [], teams: ["operate-first/onboarding-approvers"], ownersFile: "OWNERS" } }, (world) => {
      world.sim.addTeam("operate-first", "onboarding-approvers", [PEOPLE.outsider]);
      world.sim.pushCommit(APPS, "main", { OWNERS: `reviewers:\n  - ${PEOPLE.approver2}\n` }, PEOPLE.approver);
    });
    expect(statusOf(p)).toContain(`\`${PEOPLE.outsider}\``);
    expectAccepted(p, await say(p, PEOPLE.approver2, "/lgtm"));
    expectAccepted(p, await say(p, PEOPLE.outsider, "/approve"));
    expect(pullOf(p).merged).toBe(true);
    const reads = p.world.sim.calls.filter((c) => c.operationId === "teams/list-members-in-org" || (c.operationId === "repos/get-content" && c.path.includes("OWNERS")));
    expect(reads).toEqual([]);
  });

  it("reads an approver team of an organization the installation cannot see over REST, and counts nobody from it", async () => {
    const p = await start({ approvers: { teams: ["elsewhere/approvers"] } }, (world) => world.sim.addTeam("elsewhere", "approvers", [PEOPLE.outsider]));
    const id = await say(p, PEOPLE.outsider, "/approve");
    expectRefused(p, id, /only for approvers/);
    expect(p.world.sim.calls.some((c) => c.operationId === "teams/list-members-in-org")).toBe(true);
  });

  it("ignores an OWNERS file changed on the pull request's branch", async () => {
    const p = await start({ approvers: { ownersFile: "OWNERS" } }, (world) =>
      world.sim.pushCommit(APPS, "main", { OWNERS: `approvers:\n  - ${PEOPLE.approver}\n` }, PEOPLE.approver),
    );
    p.world.sim.pushCommit(APPS, BRANCH, { OWNERS: `approvers:\n  - ${PEOPLE.approver}\n  - ${PEOPLE.outsider}\n` }, PEOPLE.outsider);
    await deliverAll(p.world.sim, p.world.probot);

    const id = await say(p, PEOPLE.outsider, "/approve");
    expectRefused(p, id, /only for approvers/);
    expect(pullOf(p).merged).toBe(false);
    expect(pullOf(p).labels).not.toContain("approved");
    expect(statusOf(p)).not.toContain(`\`${PEOPLE.outsider}\``);
  });
});

describe("who may use each command on the request issue", () => {
  const ISSUE_COMMANDS: { command: string; allowed: Role[]; refusal: RegExp }[] = [
    { command: "/retry", allowed: ["approver", "requester"], refusal: /only for approvers and the requester/ },
    { command: "/help", allowed: ["approver", "reviewer", "requester", "outsider"], refusal: /never/ },
    { command: "/approve", allowed: [], refusal: /works only on the onboarding pull request/ },
  ];

  for (const role of ["approver", "reviewer", "requester", "outsider"] as const) {
    it(`answers every issue command from the ${role} once, with a reaction`, async () => {
      const p = await start();
      for (const { command, allowed, refusal } of ISSUE_COMMANDS) {
        const id = await say(p, LOGIN[role], command, "issue");
        const replies = repliesTo(p, id, "issue");
        expect(replies, `${command} from the ${role}`).toHaveLength(1);
        if (allowed.includes(role)) {
          expect(replies[0]).not.toMatch(refusal);
          expect(reactionsOn(p, id, "issue")).toEqual(["+1"]);
        } else {
          expectRefused(p, id, refusal, "issue");
          expect(reactionsOn(p, id, "issue")).toEqual(["-1"]);
        }
      }
      expect(p.world.sim.issue(SUPPORT, p.request).state).toBe("open");
      expect(pullOf(p).state).toBe("open");
    });
  }

  it("ignores issue commands from other bots", async () => {
    const p = await start();
    p.world.sim.addUser(OTHER_BOT, { type: "Bot" });
    const id = await say(p, OTHER_BOT, "/retry\n/help", "issue");
    expect(repliesTo(p, id, "issue")).toEqual([]);
    expect(reactionsOn(p, id, "issue")).toEqual([]);
  });
});
