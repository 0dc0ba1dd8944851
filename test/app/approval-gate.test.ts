import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseCommitTrailers } from "../../src/publishing/commit-message.js";
import { deliver, deliverAll } from "../harness/index.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { pullOf, reactionsOn, say, statusOf, usePublishedWorlds, type PublishedWorld } from "../helpers/pull-world.js";
import { APPS, configYaml, createWorld, INSTALLATION, PEOPLE, SUPPORT } from "../helpers/world.js";
import { useWorld } from "../helpers/use-world.js";

/**
 * Issue 9, "an airtight approval gate": every scenario here merged (or ran) on the code before it. Each goes through
 * the real app and the simulated GitHub.
 */

const start = usePublishedWorlds();
const HOLD = "do-not-merge/hold";

async function editRequest(p: PublishedWorld, overrides: Parameters<typeof validValues>[0]): Promise<void> {
  p.world.sim.editIssue(SUPPORT, p.request, { body: renderIssueBody(validValues(overrides)), by: PEOPLE.requester });
  await deliverAll(p.world.sim, p.world.probot);
}

/** Calls the app made to the simulator since `from` (an index into `sim.calls`). */
function callsSince(p: { world: { sim: { calls: unknown[] } } } | { sim: { calls: unknown[] } }, from: number): unknown[] {
  const sim = "world" in p ? p.world.sim : p.sim;
  return sim.calls.slice(from);
}

describe("§1 trust roots the requester cannot reach", () => {
  const world = useWorld();

  it("ignores a request filed in a repository outside SUPPORT_REPOSITORIES, with its own approvers: no call, no comment, no write", async () => {
    // The app is installed on the organisation, so it receives this repository's events too.
    world.sim.addRepo("operate-first/playground", {
      installationId: INSTALLATION,
      files: { ".github/onboarding-bot.yml": configYaml({ approvers: { users: [PEOPLE.outsider] } }) },
    });
    const number = world.sim.openIssue("operate-first/playground", {
      author: PEOPLE.outsider,
      title: "Onboarding: mine",
      body: renderIssueBody(validValues({ team: "mine", namespaces: "mine" })),
      labels: ["onboarding"],
    });
    const before = world.sim.calls.length;
    await deliverAll(world.sim, world.probot);
    expect(callsSince(world, before)).toEqual([]);
    expect(world.sim.comments("operate-first/playground", number)).toEqual([]);
    expect(world.sim.pulls(APPS)).toEqual([]);
    expect(world.sim.branches(APPS)).toEqual(["main"]);
  });

  it("ignores a second installation of the app on an attacker's account naming the GitOps repository", async () => {
    world.sim.addInstallation(66, "attacker");
    world.sim.addRepo("attacker/support", {
      installationId: 66,
      files: { ".github/onboarding-bot.yml": configYaml({ approvers: { users: ["attacker"] } }) },
    });
    world.sim.openIssue("attacker/support", { author: "attacker", title: "x", body: renderIssueBody(validValues()), labels: ["onboarding"] });
    const before = world.sim.calls.length;
    await deliverAll(world.sim, world.probot);
    expect(callsSince(world, before)).toEqual([]);
    expect(world.sim.pulls(APPS)).toEqual([]);
  });

  it("ignores pull request events and commands from any repository but the pinned GitOps repository", async () => {
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);
    // A look-alike pull request elsewhere, carrying the marker of the real request.
    world.sim.addRepo("operate-first/not-apps", { installationId: INSTALLATION, files: { "README.md": "x\n" } });
    world.sim.pushCommit("operate-first/not-apps", "evil", { "x.yaml": "a: b\n" }, PEOPLE.outsider);
    const real = world.sim.pulls(APPS)[0]!;
    const before = world.sim.calls.length;
    const events = world.sim.takeEvents();
    expect(events).not.toEqual([]);
    // Re-send the real pull request's comment event as if it came from the other repository.
    const id = world.sim.comment(APPS, real.number, PEOPLE.outsider, "/approve");
    const [comment] = world.sim.takeEvents().filter((e) => e.name === "issue_comment");
    const forged = structuredClone(comment!);
    forged.id = `${forged.id}-forged`;
    (forged.payload as { repository: { name: string } }).repository.name = "not-apps";
    await deliver(world.probot, forged);
    expect(callsSince(world, before)).toEqual([]);
    expect(world.sim.issue(SUPPORT, n).state).toBe("open");
    expect(id).toBeGreaterThan(0);
  });
});

describe("§1 the configuration", () => {
  const world = useWorld({ config: { gitops: { repository: "operate-first/other-apps" } } });

  it("names the pinned repository in the status comment and writes nothing to either repository", async () => {
    world.sim.addRepo("operate-first/other-apps", { installationId: INSTALLATION, files: { "README.md": "x\n" } });
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);
    const status = world.sim.comments(SUPPORT, n).find((c) => c.body.startsWith("<!-- onboarding-bot:status"));
    expect(status?.body).toContain("gitops.repository");
    expect(status?.body).toContain("operate-first/apps");
    expect(world.sim.branches("operate-first/other-apps")).toEqual(["main"]);
    expect(world.sim.branches(APPS)).toEqual(["main"]);
  });
});

describe("§1 _extends", () => {
  const world = useWorld({ configText: "_extends: other-org/private:secrets.yml\n" }, (w) => {
    w.sim.addInstallation(7, "other-org");
    w.sim.addRepo("other-org/private", { installationId: 7, files: { "secrets.yml": stringify({ token: "TOPSECRET-VALUE", gitops: 1 }) } });
  });

  it("never reads a repository outside the trust roots, so the comment can neither quote it nor tell it exists", async () => {
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);
    expect(world.sim.calls.some((c) => c.path.includes("/repos/other-org/"))).toBe(false);
    const status = world.sim.comments(SUPPORT, n).find((c) => c.body.startsWith("<!-- onboarding-bot:status"))?.body ?? "";
    expect(status).toContain("_extends");
    expect(status).not.toContain("TOPSECRET");
    expect(status).not.toContain("secrets.yml");
  });
});

describe("§2 an approval is for the content it was given on", () => {
  it("does not merge a tenant the requester changed under their own hold after the approval", async () => {
    const p = await start();
    await say(p, PEOPLE.requester, "/hold");
    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).merged).toBe(false);
    await editRequest(p, { members: "@alice\n@Bob\n@dave", quota_tier: "Large" });
    await say(p, PEOPLE.requester, "/hold cancel");
    expect(pullOf(p).merged).toBe(false);
    expect(pullOf(p).labels).not.toContain("approved");
    expect(statusOf(p)).toMatch(/The tenant changed\*\* \(members, quota\)/);
    expect(statusOf(p)).toContain("needs 1 more /approve");
    // Approved again, on the content as it is now: it merges.
    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).merged).toBe(true);
  });

  it("keeps approvals when the base branch moved and the bot only merged it in (the tenant did not change)", async () => {
    const p = await start();
    await say(p, PEOPLE.approver, "/hold");
    await say(p, PEOPLE.approver2, "/approve");
    // Another change lands on main, touching the same overlay: the bot brings the branch up to date.
    p.world.sim.pushCommit(APPS, "main", { "cluster-scope/base/core/namespaces/zzz-other/namespace.yaml": "kind: Namespace\n" }, PEOPLE.approver);
    await editRequest(p, {});
    await say(p, PEOPLE.approver, "/hold cancel");
    expect(pullOf(p).merged).toBe(true);
  });

  it("never lets a commit with a backdated committer date keep an lgtm or an approval", async () => {
    const p = await start({ merge: { requireLgtm: true } });
    await say(p, PEOPLE.approver, "/hold");
    await say(p, PEOPLE.reviewer, "/lgtm");
    await say(p, PEOPLE.approver2, "/approve");
    // Signed, with the bot's own message and trailers copied, and dated before every review: it adds a member.
    const head = p.world.sim.commit(APPS, pullOf(p).head.sha);
    const group = "cluster-scope/base/user.openshift.io/groups/astro-lab/group.yaml";
    const current = p.world.sim.readFile(APPS, pullOf(p).head.ref, group) ?? "";
    p.world.sim.pushCommit(APPS, pullOf(p).head.ref, { [group]: `${current}  - mallory\n` }, PEOPLE.member, head.message, {
      signed: true,
      date: "2020-01-01T00:00:00Z",
    });
    await deliverAll(p.world.sim, p.world.probot);
    await say(p, PEOPLE.approver, "/hold cancel");
    expect(pullOf(p).merged).toBe(false);
    expect(pullOf(p).labels).toContain(HOLD);
  });

  it("keeps a withdrawal when the /approve cancel comment is edited away", async () => {
    const p = await start();
    await say(p, PEOPLE.approver, "/hold");
    await say(p, PEOPLE.approver2, "/approve");
    const cancel = await say(p, PEOPLE.approver2, "/approve cancel");
    p.world.sim.editComment(APPS, cancel, "Sorry, wrong pull request.", PEOPLE.approver2);
    await deliverAll(p.world.sim, p.world.probot);
    await say(p, PEOPLE.approver, "/hold cancel");
    expect(pullOf(p).merged).toBe(false);
    expect(pullOf(p).labels).not.toContain("approved");
  });

  it("keeps a hold when its comment is edited, by its author or anyone able to edit it", async () => {
    const p = await start();
    const hold = await say(p, PEOPLE.outsider, "/hold");
    p.world.sim.editComment(APPS, hold, "never mind", PEOPLE.outsider);
    await deliverAll(p.world.sim, p.world.probot);
    await say(p, PEOPLE.approver, "/approve");
    expect(pullOf(p).merged).toBe(false);
    expect(statusOf(p)).toContain(`on hold by \`${PEOPLE.outsider}\``);
    // Lifted only by /hold cancel from its holder or an approver.
    await say(p, PEOPLE.outsider, "/hold cancel");
    expect(pullOf(p).merged).toBe(true);
  });

  it("refuses /approve and /lgtm from the request's owner and members, approvers included", async () => {
    const p = await start();
    // An approver is listed as a member (say, filing from a second account): they gain access through the request.
    await editRequest(p, { members: `@alice\n@Bob\n@${PEOPLE.approver2}` });
    const member = await say(p, PEOPLE.approver2, "/approve");
    expect(reactionsOn(p, member)).toEqual(["-1"]);
    expect(pullOf(p).merged).toBe(false);
    await editRequest(p, { owner: PEOPLE.approver, members: "@alice" });
    const owner = await say(p, PEOPLE.approver, "/approve");
    expect(reactionsOn(p, owner)).toEqual(["-1"]);
    expect(pullOf(p).merged).toBe(false);
  });

  it("reads no command from a fenced code block inside a list item", async () => {
    const p = await start();
    const id = await say(p, PEOPLE.approver, "- ```\n  /approve\n  ```");
    expect(pullOf(p).merged).toBe(false);
    expect(reactionsOn(p, id)).toEqual([]);
  });
});

describe("§3 the bot's commits are the ones it made", () => {
  it("never merges a signed commit that copies the bot's trailers, names it, and never overwrites it", async () => {
    const p = await start();
    await say(p, PEOPLE.outsider, "/hold");
    await say(p, PEOPLE.approver, "/approve");
    const head = p.world.sim.commit(APPS, pullOf(p).head.sha);
    const trailers = parseCommitTrailers(head.message);
    expect(trailers.request).toBe(`${SUPPORT}#${p.request}`);
    const forged = p.world.sim.pushCommit(
      APPS,
      pullOf(p).head.ref,
      {
        "cluster-scope/base/rbac/evil.yaml":
          "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: evil\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: User\n    name: mallory\n",
      },
      PEOPLE.outsider,
      head.message,
      { signed: true },
    );
    await deliverAll(p.world.sim, p.world.probot);
    await say(p, PEOPLE.outsider, "/hold cancel");
    await editRequest(p, { members: "@alice\n@Bob\n@frank" });
    expect(pullOf(p).merged).toBe(false);
    expect(pullOf(p).head.sha).toBe(forged);
    expect(pullOf(p).labels).toContain(HOLD);
    expect(statusOf(p)).toContain(forged);
  });

  it("trusts no marker while the app's own login cannot be read: nothing is written, and the next run converges", async () => {
    const w = await createWorld();
    try {
      w.sim.inject({ operationId: "apps/get-authenticated", status: 500, times: 5 });
      const n = w.openRequest();
      const result = await deliverAll(w.sim, w.probot, { tolerateErrors: true });
      expect(result.errors.length).toBeGreaterThan(0);
      const writes = w.sim.calls.filter((c) => c.method !== "GET" && c.path.startsWith("/repos/"));
      expect(writes).toEqual([]);
      expect(w.sim.comments(SUPPORT, n)).toEqual([]);
      // GitHub answers again (the remaining faults are used up by the first sweeps): a sweep converges.
      for (let i = 0; i < 5 && w.sim.pulls(APPS).length === 0; i++) await w.handles.sweep();
      expect(w.sim.pulls(APPS)).toHaveLength(1);
    } finally {
      await w.close();
    }
  });
});

describe("§6 races", () => {
  it("acknowledges both of two approvals delivered at the same moment", async () => {
    const p = await start({ merge: { approvals: 1 } });
    const first = p.world.sim.comment(APPS, p.pr, PEOPLE.approver, "/approve");
    const second = p.world.sim.comment(APPS, p.pr, PEOPLE.approver2, "/approve");
    // Both deliveries run at once: one run merges, the other finds the pull request merged.
    await deliverAll(p.world.sim, p.world.probot, { concurrent: true });
    expect(pullOf(p).merged).toBe(true);
    expect(reactionsOn(p, first)).toEqual(["+1"]);
    expect(reactionsOn(p, second)).toEqual(["+1"]);
  });
});
