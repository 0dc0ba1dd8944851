import { describe, expect, it } from "vitest";
import { deliverAll } from "../harness/index.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { useWorlds } from "../helpers/use-world.js";
import { APPS, branchOf, configYaml, INSTALLATION, PEOPLE, SUPPORT, type World } from "../helpers/world.js";

/** A second support repository on the same installation, filing requests into the same GitOps repository. */
const SANDBOX = "operate-first/sandbox";
const STATUS = "<!-- onboarding-bot:status";

function addSandbox(world: World, config: Record<string, unknown> = {}): void {
  world.sim.addRepo(SANDBOX, { installationId: INSTALLATION, files: { ".github/onboarding-bot.yml": configYaml(config) } });
}

function openSandboxRequest(world: World): number {
  return world.sim.openIssue(SANDBOX, {
    author: PEOPLE.requester,
    title: "Onboarding: sandbox",
    body: renderIssueBody(validValues({ team: "sandbox-lab", namespaces: "sandbox-lab" })),
    labels: ["onboarding"],
  });
}

function statusOf(world: World, repo: string, number: number): string {
  return world.sim.comments(repo, number).find((c) => c.body.startsWith(STATUS))?.body ?? "";
}

describe("requests from different support repositories", () => {
  const start = useWorlds();

  it("get a branch and a pull request each by default, and closing one request withdraws only its own", async () => {
    const world = await start();
    addSandbox(world);
    const support = world.openRequest();
    const sandbox = openSandboxRequest(world);
    await deliverAll(world.sim, world.probot);

    expect(support).toBe(sandbox); // the same issue number in both repositories
    const pulls = world.sim.pulls(APPS);
    expect(pulls.map((p) => p.head.ref).sort()).toEqual([branchOf(sandbox, SANDBOX), branchOf(support, SUPPORT)].sort());

    world.sim.closeIssue(SANDBOX, sandbox, PEOPLE.requester, "not_planned");
    await deliverAll(world.sim, world.probot);

    const supportPull = world.sim.pulls(APPS).find((p) => p.head.ref === branchOf(support, SUPPORT))!;
    const sandboxPull = world.sim.pulls(APPS).find((p) => p.head.ref === branchOf(sandbox, SANDBOX))!;
    expect(sandboxPull.state).toBe("closed");
    expect(supportPull.state).toBe("open");
    expect(world.sim.branches(APPS)).toContain(branchOf(support, SUPPORT));
    expect(world.sim.branches(APPS)).not.toContain(branchOf(sandbox, SANDBOX));
  });

  it("never update, close or delete the branch of another request's pull request when a template gives them one branch", async () => {
    const shared = { gitops: { branchTemplate: "onboarding/issue-{number}" } };
    const world = await start({ config: shared });
    addSandbox(world, shared);
    const support = world.openRequest();
    await deliverAll(world.sim, world.probot);
    const pull = world.sim.pulls(APPS)[0]!;
    const head = pull.head.sha;

    const sandbox = openSandboxRequest(world);
    await deliverAll(world.sim, world.probot);

    // The sandbox request is held with a message for maintainers; the support request's pull request is untouched.
    expect(world.sim.ref(APPS, `heads/onboarding/issue-${support}`)).toBe(head);
    expect(statusOf(world, SANDBOX, sandbox)).toMatch(new RegExp(`belongs to the request ${SUPPORT}#(<!-- -->)?${support}`));
    expect(statusOf(world, SANDBOX, sandbox)).toContain("gitops.branchTemplate");
    expect(world.sim.pulls(APPS)).toHaveLength(1);

    world.sim.closeIssue(SANDBOX, sandbox, PEOPLE.requester, "not_planned");
    await deliverAll(world.sim, world.probot);

    const after = world.sim.pulls(APPS)[0]!;
    expect(after.state).toBe("open");
    expect(after.head.sha).toBe(head);
    expect(world.sim.branches(APPS)).toContain(`onboarding/issue-${support}`);
    expect(world.sim.comments(APPS, pull.number).map((c) => c.body).join("\n")).not.toContain("was closed");
  });

  it("never count another request's merged pull request as their own, and publish once its branch is gone", async () => {
    const shared = { gitops: { branchTemplate: "onboarding/issue-{number}" } };
    const world = await start({ config: shared });
    addSandbox(world, shared);
    const support = world.openRequest();
    await deliverAll(world.sim, world.probot);
    const merged = world.sim.pulls(APPS)[0]!;
    world.sim.comment(APPS, merged.number, PEOPLE.approver, "/approve");
    await deliverAll(world.sim, world.probot);
    expect(world.sim.pulls(APPS)[0]!.merged).toBe(true);
    expect(world.sim.branches(APPS)).not.toContain(`onboarding/issue-${support}`);

    const sandbox = openSandboxRequest(world);
    await deliverAll(world.sim, world.probot);

    // The sandbox request is not "completed" by the support request's merge: it gets its own pull request.
    expect(world.sim.issue(SANDBOX, sandbox).state).toBe("open");
    const pulls = world.sim.pulls(APPS);
    expect(pulls).toHaveLength(2);
    const own = pulls.find((p) => p.number !== merged.number)!;
    expect(own.state).toBe("open");
    expect(own.body).toContain(`"repo":"sandbox"`);
  });
});
