import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deliverAll, expectNoViolations } from "../harness/index.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import {
  BRANCH,
  pullOf,
  reactionsOn,
  repliesTo,
  say,
  statusOf,
  type PublishedWorld,
  usePublishedWorlds,
} from "../helpers/pull-world.js";
import { APPS, PEOPLE, SUPPORT } from "../helpers/world.js";

const NAMESPACE_FILE = "cluster-scope/base/core/namespaces/astro-lab/namespace.yaml";
const GROUP_FILE = "cluster-scope/base/user.openshift.io/groups/astro-lab/group.yaml";
const HOLD = "do-not-merge/hold";

const start = usePublishedWorlds();

function request(p: PublishedWorld) {
  return p.world.sim.issue(SUPPORT, p.request);
}

async function editRequest(p: PublishedWorld, overrides: Parameters<typeof validValues>[0]): Promise<void> {
  p.world.sim.editIssue(SUPPORT, p.request, { body: renderIssueBody(validValues(overrides)), by: PEOPLE.requester });
  await deliverAll(p.world.sim, p.world.probot);
}

function expectMergedAndCompleted(p: PublishedWorld, method: "squash" | "merge" = "squash"): void {
  const sim = p.world.sim;
  const pull = pullOf(p);
  expect(pull.merged).toBe(true);
  expect(pull.state).toBe("closed");
  const main = sim.ref(APPS, "heads/main");
  expect(main).toBe(pull.merge_commit_sha);
  const merge = sim.commit(APPS, main!);
  expect(merge.parents).toHaveLength(method === "squash" ? 1 : 2);
  expect(merge.message.split("\n")[0]).toBe(`${pull.title} (#${pull.number})`);
  expect(parse(sim.readFile(APPS, "main", NAMESPACE_FILE)!).metadata.name).toBe("astro-lab");
  expect(parse(sim.readFile(APPS, "main", GROUP_FILE)!).users).toEqual(["alice", "Bob"]);
  expect(sim.branches(APPS)).toEqual(["main"]);

  const issue = request(p);
  expect(issue.state).toBe("closed");
  expect(issue.state_reason).toBe("completed");
  expect(issue.labels).toContain("onboarding/completed");
  expect(issue.labels).not.toContain("onboarding/validated");
  const status = statusOf(p, "issue");
  expect(status).toContain("Onboarding complete");
  expect(status).toContain(`/pull/${pull.number}`);
  expect(status).toContain(APPS);
  expect(status).toContain("`astro-lab`");
  expect(status).toContain("`smaug`");
  expect(status).toContain(NAMESPACE_FILE);
}

describe("approving and merging an onboarding pull request", () => {
  it("squash-merges on /approve from an approver, deletes the branch and closes the request as completed", async () => {
    const p = await start();
    const before = pullOf(p);
    expect(before.labels).toEqual(["onboarding"]);
    expect(statusOf(p)).toContain("needs 1 more /approve");

    const id = await say(p, PEOPLE.approver, "/approve");

    expectMergedAndCompleted(p);
    expect(reactionsOn(p, id)).toEqual(["+1"]);
    expect(repliesTo(p, id)).toEqual([]);
    expect(pullOf(p).labels).toContain("approved");
    expect(p.world.sim.commit(APPS, pullOf(p).merge_commit_sha!).parents).toEqual([before.base.sha]);
  });

  it("uses the configured merge method", async () => {
    const p = await start({ merge: { method: "merge" } });
    await say(p, PEOPLE.approver, "/APPROVE");
    expectMergedAndCompleted(p, "merge");
  });

  it("keeps the pull request branch when deleteBranch is off", async () => {
    const p = await start({ merge: { deleteBranch: false } });
    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).merged).toBe(true);
    expect(p.world.sim.branches(APPS)).toContain(BRANCH);
  });

  it("stays within a call budget from /approve to the closed request", async () => {
    const p = await start();
    p.world.sim.resetCalls();
    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).merged).toBe(true);
    const calls = p.world.sim.calls;
    // A GraphQL query travels as a POST but reads: only other non-GET calls write.
    const isRead = (c: (typeof calls)[number]) => c.method === "GET" || c.graphql?.operation === "query";
    const writes = calls.filter((c) => !isRead(c));
    const listing = calls.map((c) => `${c.method} ${c.operationId ?? c.path}`).join("\n");
    // Reads (18): config, issue, comments, base commit with the paths the request needs, branch, PR lookup, 2 users, overlay blobs + head commit,
    // PR comments/reviews/commits/get, the request's labels after merging, and the merged files for the summary
    // (that one goes away when the request side hands its render summary over).
    expect(calls.filter(isRead).length, listing).toBeLessThanOrEqual(18);
    // Writes (9): reaction, PR labels, PR status, merge, branch deletion, request status, request labels (2), close.
    expect(writes.length, listing).toBeLessThanOrEqual(9);
    expect(writes.filter((c) => c.operationId === "pulls/merge")).toHaveLength(1);
    expect(writes.filter((c) => c.graphql?.rootFields.includes("createCommitOnBranch") || c.operationId?.startsWith("git/create"))).toHaveLength(0);
  });
});

describe("holds", () => {
  it("blocks the merge while held, and merges on /hold cancel from an approver", async () => {
    const p = await start();
    await say(p, PEOPLE.outsider, "/hold");
    expect(pullOf(p).labels).toContain(HOLD);

    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).merged).toBe(false);
    expect(pullOf(p).labels).toEqual(expect.arrayContaining(["approved", HOLD]));
    expect(statusOf(p)).toContain("on hold by");

    await say(p, PEOPLE.approver2, "/hold cancel");
    expectMergedAndCompleted(p);
  });

  it("does not merge when a /hold and an /approve arrive together, whatever the delivery order", async () => {
    for (const seed of [1, 2, 3]) {
      const p = await start();
      p.world.sim.comment(APPS, p.pr, PEOPLE.outsider, "/hold");
      p.world.sim.comment(APPS, p.pr, PEOPLE.approver, "/approve");
      await deliverAll(p.world.sim, p.world.probot, { shuffle: seed });
      expect(pullOf(p).merged, `seed ${seed}`).toBe(false);
      expect(pullOf(p).labels).toEqual(expect.arrayContaining(["approved", HOLD]));
      expectNoViolations(p.world.sim);
    }
  });

  it("lifts a hold with /unhold from the person who placed it", async () => {
    const p = await start();
    await say(p, PEOPLE.reviewer, "/hold");
    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).merged).toBe(false);

    const refused = await say(p, PEOPLE.outsider, "/unhold");
    expect(pullOf(p).merged).toBe(false);
    expect(reactionsOn(p, refused)).toEqual(["-1"]);

    await say(p, PEOPLE.reviewer, "/unhold");
    expectMergedAndCompleted(p);
  });
});

describe("lgtm", () => {
  it("needs a /lgtm as well as /approve when requireLgtm is set", async () => {
    const p = await start({ merge: { requireLgtm: true } });
    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).merged).toBe(false);
    expect(statusOf(p)).toContain("needs a /lgtm");

    await say(p, PEOPLE.reviewer, "/lgtm");
    expectMergedAndCompleted(p);
  });

  it("resets lgtm and approval when the tenant changes, says what changed, and merges on approvals given on the new content", async () => {
    const p = await start({ merge: { requireLgtm: true } });
    await say(p, PEOPLE.outsider, "/hold");
    await say(p, PEOPLE.reviewer, "/lgtm");
    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).labels).toEqual(expect.arrayContaining(["lgtm", "approved", HOLD]));
    const head = pullOf(p).head.sha;

    await editRequest(p, { members: "@alice\n@Bob\n@frank" });
    expect(pullOf(p).head.sha).not.toBe(head);
    expect(pullOf(p).labels).not.toContain("lgtm");
    expect(pullOf(p).labels).not.toContain("approved");
    expect(pullOf(p).labels).toContain(HOLD);
    expect(statusOf(p)).toMatch(/The tenant changed\*\* \(members\)/);

    await say(p, PEOPLE.approver, "/hold cancel");
    expect(pullOf(p).merged).toBe(false);
    expect(statusOf(p)).toContain("needs 1 more /approve");

    await say(p, PEOPLE.approver2, "/lgtm");
    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).merged).toBe(true);
    expect(parse(p.world.sim.readFile(APPS, "main", GROUP_FILE)!).users).toEqual(["alice", "Bob", "frank"]);
  });

  it("reads every command of one comment, in order", async () => {
    const p = await start({ merge: { requireLgtm: true } });
    const id = await say(p, PEOPLE.approver, "Checked the quota and the members.\n\n/lgtm\n/approve");
    expect(reactionsOn(p, id)).toEqual(["+1"]);
    expectMergedAndCompleted(p);
  });

  it("forgets a /lgtm withdrawn with /lgtm cancel", async () => {
    const p = await start({ merge: { requireLgtm: true } });
    await say(p, PEOPLE.reviewer, "/lgtm");
    expect(pullOf(p).labels).toContain("lgtm");
    await say(p, PEOPLE.reviewer, "/lgtm cancel");
    expect(pullOf(p).labels).not.toContain("lgtm");
    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).merged).toBe(false);
  });
});

describe("labels mirror the history, they do not drive it", () => {
  it("removes approval labels a person added by hand and does not merge", async () => {
    const p = await start({ merge: { requireLgtm: true } });
    p.world.sim.addLabels(APPS, p.pr, ["approved", "lgtm"], PEOPLE.outsider);
    await deliverAll(p.world.sim, p.world.probot);
    await say(p, PEOPLE.outsider, "/help");
    expect(pullOf(p).merged).toBe(false);
    expect(pullOf(p).labels).toEqual(["onboarding"]);
  });

  it("counts each person's latest intent: an approval withdrawn with /approve cancel no longer counts", async () => {
    const p = await start({ merge: { approvals: 2 } });
    await say(p, PEOPLE.approver, "/approve");
    await say(p, PEOPLE.approver, "/approve cancel");
    await say(p, PEOPLE.approver2, "/approve");
    expect(pullOf(p).merged).toBe(false);
    expect(statusOf(p)).toContain("Approvals | 1 of 2");
    await say(p, PEOPLE.approver, "/approve");
    expectMergedAndCompleted(p);
  });
});

describe("native reviews", () => {
  it("merges on an approving review from an approver, not from a reviewer", async () => {
    const p = await start();
    p.world.sim.submitReview(APPS, p.pr, PEOPLE.reviewer, "APPROVED");
    await deliverAll(p.world.sim, p.world.probot);
    expect(pullOf(p).merged).toBe(false);

    p.world.sim.submitReview(APPS, p.pr, PEOPLE.approver, "APPROVED");
    await deliverAll(p.world.sim, p.world.probot);
    expectMergedAndCompleted(p);
  });

  it("ignores a changes request from someone without a role", async () => {
    const p = await start();
    p.world.sim.submitReview(APPS, p.pr, PEOPLE.outsider, "CHANGES_REQUESTED", "I do not like it.");
    await deliverAll(p.world.sim, p.world.probot);
    expect(pullOf(p).labels).not.toContain(HOLD);
    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).merged).toBe(true);
  });

  it("holds the pull request on a changes request until the reviewer approves", async () => {
    const p = await start();
    p.world.sim.submitReview(APPS, p.pr, PEOPLE.reviewer, "CHANGES_REQUESTED", "Please use the x-small tier.");
    await deliverAll(p.world.sim, p.world.probot);
    expect(pullOf(p).labels).toContain(HOLD);
    expect(statusOf(p)).toContain("requested changes");

    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).merged).toBe(false);

    p.world.sim.submitReview(APPS, p.pr, PEOPLE.reviewer, "APPROVED");
    await deliverAll(p.world.sim, p.world.probot);
    expectMergedAndCompleted(p);
  });
});

describe("closing without merge", () => {
  it("marks the request rejected with the reason and leaves it open; /retry reopens the pull request", async () => {
    const p = await start();
    p.world.sim.comment(APPS, p.pr, PEOPLE.approver, "We cannot host astronomy workloads on smaug.");
    p.world.sim.closeIssue(APPS, p.pr, PEOPLE.approver);
    await deliverAll(p.world.sim, p.world.probot);

    expect(pullOf(p).state).toBe("closed");
    expect(pullOf(p).merged).toBe(false);
    const issue = request(p);
    expect(issue.state).toBe("open");
    expect(issue.labels).toContain("onboarding/rejected");
    expect(issue.labels).not.toContain("onboarding/validated");
    const status = statusOf(p, "issue");
    expect(status).toContain("closed without merging");
    expect(status).toContain("We cannot host astronomy workloads on smaug.");

    const retry = await say(p, PEOPLE.requester, "/retry", "issue");
    expect(pullOf(p).state).toBe("open");
    expect(request(p).labels).toContain("onboarding/validated");
    expect(request(p).labels).not.toContain("onboarding/rejected");
    const replies = repliesTo(p, retry, "issue");
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("reopened the pull request");

    await say(p, PEOPLE.approver, "/approve");
    expectMergedAndCompleted(p);
  });

  it("closes the pull request and rejects the request on /close from an approver", async () => {
    const p = await start();
    const id = await say(p, PEOPLE.approver, "This team already has a namespace on smaug.\n/close");
    expect(pullOf(p).state).toBe("closed");
    expect(pullOf(p).merged).toBe(false);
    expect(reactionsOn(p, id)).toEqual(["+1"]);
    expect(repliesTo(p, id)).toHaveLength(1);
    expect(request(p).state).toBe("open");
    expect(request(p).labels).toContain("onboarding/rejected");
    expect(statusOf(p, "issue")).toContain("closed without merging");
    expect(statusOf(p, "issue")).toContain("This team already has a namespace on smaug.");
  });
});

describe("a maintainer merging by hand", () => {
  it("completes the request with what was created, once, whoever merged", async () => {
    const p = await start();
    p.world.sim.mergePull(APPS, p.pr, PEOPLE.approver2, "squash");
    await deliverAll(p.world.sim, p.world.probot);
    expect(request(p).state).toBe("closed");
    expect(request(p).state_reason).toBe("completed");
    expect(request(p).labels).toContain("onboarding/completed");
    const status = statusOf(p, "issue");
    expect(status).toContain("Onboarding complete");
    expect(status).toContain(NAMESPACE_FILE);
    expect(status).toContain("`astro-lab`");

    // Later events on the closed request leave the summary as it is.
    p.world.sim.resetCalls();
    p.world.sim.editIssue(SUPPORT, p.request, { body: renderIssueBody(validValues({ team: "other-team" })), by: PEOPLE.requester });
    await deliverAll(p.world.sim, p.world.probot);
    expect(statusOf(p, "issue")).toBe(status);
    expect(p.world.sim.calls.filter((c) => c.method !== "GET" && c.graphql?.operation !== "query")).toEqual([]);
  });

  it("merges once and posts one summary when the approving comment is delivered twice", async () => {
    const p = await start();
    const id = p.world.sim.comment(APPS, p.pr, PEOPLE.approver, "/approve");
    await deliverAll(p.world.sim, p.world.probot, { times: 2 });
    expectMergedAndCompleted(p);
    expect(p.world.sim.calls.filter((c) => c.operationId === "pulls/merge" && c.status === 200)).toHaveLength(1);
    expect(reactionsOn(p, id)).toEqual(["+1"]);
  });
});

describe("the request changes under an approved pull request", () => {
  it("does not merge while the request is invalid, and merges once it is fixed", async () => {
    const p = await start();
    await say(p, PEOPLE.outsider, "/hold");
    await say(p, PEOPLE.approver, "/approve");
    await editRequest(p, { namespaces: "kube-system" });
    await say(p, PEOPLE.approver, "/hold cancel");

    expect(pullOf(p).merged).toBe(false);
    expect(pullOf(p).labels).toEqual(expect.arrayContaining(["approved", HOLD]));
    expect(statusOf(p)).toContain("no longer valid");
    expect(request(p).labels).toContain("onboarding/needs-changes");

    await editRequest(p, {});
    expectMergedAndCompleted(p);
  });

  it("re-validates against the base branch on /retest and holds when the request no longer fits", async () => {
    const p = await start();
    p.world.sim.pushCommit(APPS, "main", { [NAMESPACE_FILE]: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: astro-lab\n" }, PEOPLE.approver2);
    await deliverAll(p.world.sim, p.world.probot);
    expect(pullOf(p).labels).not.toContain(HOLD);

    const id = await say(p, PEOPLE.requester, "/retest");
    expect(reactionsOn(p, id)).toEqual(["+1"]);
    expect(repliesTo(p, id)).toHaveLength(1);
    expect(pullOf(p).labels).toContain(HOLD);
    expect(request(p).labels).toContain("onboarding/needs-changes");
    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).merged).toBe(false);
  });
});

describe("what is not a command", () => {
  it("answers /help once with the command table, also when the webhook is delivered twice", async () => {
    const p = await start();
    const id = p.world.sim.comment(APPS, p.pr, PEOPLE.outsider, "/help");
    await deliverAll(p.world.sim, p.world.probot, { times: 2 });
    const replies = repliesTo(p, id);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("| `/approve` |");
    expect(replies[0]).toContain("| `/hold cancel` (alias `/unhold`) |");
    expect(reactionsOn(p, id)).toEqual(["+1"]);

    await say(p, PEOPLE.outsider, "/hold");
    expect(repliesTo(p, id)).toHaveLength(1);
  });

  it("replies to an unknown /word with the list of commands and changes nothing", async () => {
    const p = await start();
    const id = await say(p, PEOPLE.approver, "/lgtmm");
    const replies = repliesTo(p, id);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("`/lgtmm`");
    expect(replies[0]).toContain("| `/lgtm` |");
    expect(reactionsOn(p, id)).toEqual(["-1"]);
    expect(pullOf(p).labels).toEqual(["onboarding"]);
  });

  it("ignores commands in quoted lines, code fences and HTML comments, and mid-sentence", async () => {
    const p = await start();
    const ids = [
      await say(p, PEOPLE.approver, "> /approve\n\nquoting the docs"),
      await say(p, PEOPLE.approver, "Try this:\n\n```\n/approve\n```"),
      await say(p, PEOPLE.approver, "<!--\n/approve\n-->"),
      await say(p, PEOPLE.approver, "/approve looks great"),
    ];
    expect(pullOf(p).merged).toBe(false);
    expect(pullOf(p).labels).toEqual(["onboarding"]);
    for (const id of ids) {
      expect(reactionsOn(p, id)).toEqual([]);
      expect(repliesTo(p, id)).toEqual([]);
    }
  });

  it("never approves through an edited comment", async () => {
    const p = await start();
    const id = await say(p, PEOPLE.approver, "Looking at it now.");
    p.world.sim.editComment(APPS, id, "/approve", PEOPLE.approver);
    await deliverAll(p.world.sim, p.world.probot);
    expect(pullOf(p).merged).toBe(false);

    // A later event re-reads the whole history: the edited comment still does not count.
    await say(p, PEOPLE.outsider, "/help");
    expect(pullOf(p).merged).toBe(false);
    expect(pullOf(p).labels).not.toContain("approved");
    expect(reactionsOn(p, id)).toEqual([]);
  });

  it("keeps a hold whose comment was edited later", async () => {
    const p = await start();
    const hold = await say(p, PEOPLE.outsider, "/hold");
    await say(p, PEOPLE.approver, "/approve");
    p.world.sim.editComment(APPS, hold, "/hold\n\nWaiting for the lab's budget approval.", PEOPLE.outsider);
    await deliverAll(p.world.sim, p.world.probot);
    await say(p, PEOPLE.reviewer, "/help");
    expect(pullOf(p).merged).toBe(false);
    expect(pullOf(p).labels).toContain(HOLD);
  });

  it("does not bring back an approval whose /approve cancel comment was edited later", async () => {
    const p = await start();
    await say(p, PEOPLE.outsider, "/hold");
    await say(p, PEOPLE.approver, "/approve");
    const cancel = await say(p, PEOPLE.approver, "/approve cancel");
    await say(p, PEOPLE.outsider, "/hold cancel");
    expect(pullOf(p).labels).not.toContain("approved");
    p.world.sim.editComment(APPS, cancel, "/approve cancel\n\nThe quota looks too large.", PEOPLE.approver);
    await say(p, PEOPLE.reviewer, "/help");
    expect(pullOf(p).merged).toBe(false);
    expect(pullOf(p).labels).not.toContain("approved");
    expect(repliesTo(p, cancel)).toEqual([]);
  });

  it("ignores commands from the bot itself and from other bots", async () => {
    const p = await start();
    p.world.sim.addUser("renovate[bot]", { type: "Bot" });
    const other = await say(p, "renovate[bot]", "/approve");
    const own = await say(p, "onboarding-bot[bot]", "/approve");
    expect(pullOf(p).merged).toBe(false);
    expect(reactionsOn(p, other)).toEqual([]);
    expect(reactionsOn(p, own)).toEqual([]);
    expect(repliesTo(p, other)).toEqual([]);
  });
});
