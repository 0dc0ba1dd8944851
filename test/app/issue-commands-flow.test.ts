import { describe, expect, it } from "vitest";
import { deliverAll } from "../harness/index.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { pullOf, repliesTo, say, statusOf, type PublishedWorld, usePublishedWorlds } from "../helpers/pull-world.js";
import { APPS, PEOPLE, SUPPORT } from "../helpers/world.js";

const start = usePublishedWorlds();

async function rejected(): Promise<PublishedWorld> {
  const p = await start();
  p.world.sim.comment(APPS, p.pr, PEOPLE.approver, "Please pick the x-small tier first.");
  p.world.sim.closeIssue(APPS, p.pr, PEOPLE.approver);
  await deliverAll(p.world.sim, p.world.probot);
  expect(labels(p)).toContain("onboarding/rejected");
  return p;
}

function labels(p: PublishedWorld): string[] {
  return p.world.sim.issue(SUPPORT, p.request).labels;
}

async function edit(p: PublishedWorld, overrides: Parameters<typeof validValues>[0]): Promise<void> {
  p.world.sim.editIssue(SUPPORT, p.request, { body: renderIssueBody(validValues(overrides)), by: PEOPLE.requester });
  await deliverAll(p.world.sim, p.world.probot);
}

describe("/retry on the request issue", () => {
  it("re-runs and says the pull request is already up to date when nothing changed", async () => {
    const p = await start();
    const head = pullOf(p).head.sha;
    const id = await say(p, PEOPLE.requester, "/retry", "issue");
    expect(repliesTo(p, id, "issue")).toEqual(["`/retry`: checked again; the pull request is already up to date."]);
    expect(pullOf(p).head.sha).toBe(head);
  });

  it("says the request still has problems when it is invalid", async () => {
    const p = await start();
    await edit(p, { namespaces: "kube-system" });
    const id = await say(p, PEOPLE.requester, "/retry", "issue");
    expect(repliesTo(p, id, "issue")[0]).toContain("still has problems");
    expect(labels(p)).toContain("onboarding/needs-changes");
  });

  it("after a rejection, edits alone do not reopen the pull request; /retry does, with the edited request", async () => {
    const p = await rejected();
    const closedHead = pullOf(p).head.sha;
    await edit(p, { quota_tier: "x-small" });
    expect(pullOf(p).state).toBe("closed");
    expect(pullOf(p).head.sha).toBe(closedHead);
    expect(labels(p)).toContain("onboarding/rejected");
    expect(statusOf(p, "issue")).toContain("Please pick the x-small tier first.");

    const id = await say(p, PEOPLE.requester, "/retry", "issue");
    expect(pullOf(p).state).toBe("open");
    expect(pullOf(p).head.sha).not.toBe(closedHead);
    expect(p.world.sim.readFile(APPS, pullOf(p).head.sha, "cluster-scope/base/core/namespaces/astro-lab/kustomization.yaml")).toContain("x-small");
    expect(repliesTo(p, id, "issue")[0]).toContain("reopened the pull request");
    expect(labels(p)).toContain("onboarding/validated");
    expect(labels(p)).not.toContain("onboarding/rejected");
  });

  it("refuses /retry from someone who is neither the requester nor an approver and keeps the pull request closed", async () => {
    const p = await rejected();
    const id = await say(p, PEOPLE.outsider, "/retry", "issue");
    expect(repliesTo(p, id, "issue")).toEqual(["/retry is only for approvers and the requester."]);
    expect(pullOf(p).state).toBe("closed");
    expect(labels(p)).toContain("onboarding/rejected");
  });

  it("does not reopen on a /retry written before the pull request was closed", async () => {
    const p = await start();
    await say(p, PEOPLE.requester, "/retry", "issue");
    p.world.sim.closeIssue(APPS, p.pr, PEOPLE.approver);
    await deliverAll(p.world.sim, p.world.probot);
    await edit(p, { members: "@alice\n@Bob\n@dave" });
    expect(pullOf(p).state).toBe("closed");
    expect(labels(p)).toContain("onboarding/rejected");
  });

  it("lets an approver /retry a rejected request", async () => {
    const p = await rejected();
    await say(p, PEOPLE.approver2, "/retry", "issue");
    expect(pullOf(p).state).toBe("open");
  });

  it("never retries through an edited comment", async () => {
    const p = await rejected();
    const id = await say(p, PEOPLE.requester, "I will fix the tier.", "issue");
    p.world.sim.editComment(SUPPORT, id, "/retry", PEOPLE.requester);
    await deliverAll(p.world.sim, p.world.probot);
    await edit(p, { quota_tier: "x-small" });
    expect(pullOf(p).state).toBe("closed");
    expect(repliesTo(p, id, "issue")).toEqual([]);
  });
});

describe("other comments on the request issue", () => {
  it("answers /help once with the issue's commands, also when the webhook is delivered twice", async () => {
    const p = await start();
    const id = p.world.sim.comment(SUPPORT, p.request, PEOPLE.outsider, "/help");
    await deliverAll(p.world.sim, p.world.probot, { times: 2 });
    await edit(p, { members: "@alice\n@Bob\n@dave" });
    const replies = repliesTo(p, id, "issue");
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("| `/retry` |");
    expect(replies[0]).not.toContain("`/approve`");
  });

  it("answers an unknown /word with the issue's commands", async () => {
    const p = await start();
    const id = await say(p, PEOPLE.requester, "/retyr", "issue");
    const replies = repliesTo(p, id, "issue");
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^Unknown command `\/retyr`\. Commands on this issue:/);
  });

  it("reads no command from quotes, code fences or the middle of a sentence", async () => {
    const p = await rejected();
    const ids = [
      await say(p, PEOPLE.requester, "> /retry\n\nDid you mean this?", "issue"),
      await say(p, PEOPLE.requester, "```\n/retry\n```", "issue"),
      await say(p, PEOPLE.requester, "I will /retry later", "issue"),
    ];
    expect(pullOf(p).state).toBe("closed");
    for (const id of ids) expect(repliesTo(p, id, "issue")).toEqual([]);
  });
});
