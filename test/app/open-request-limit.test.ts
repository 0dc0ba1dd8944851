import { describe, expect, it } from "vitest";
import { deliverAll } from "../harness/index.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { useWorlds } from "../helpers/use-world.js";
import { APPS, branchOf, PEOPLE, SUPPORT, type World } from "../helpers/world.js";

const STATUS = "<!-- onboarding-bot:status";

function statusOf(world: World, number: number): string {
  return world.sim.comments(SUPPORT, number).find((c) => c.body.startsWith(STATUS))?.body ?? "";
}

/** Opens request `i` of the requester, for its own team and namespace. */
function openNth(world: World, i: number, author: string = PEOPLE.requester): number {
  return world.sim.openIssue(SUPPORT, {
    author,
    title: `Onboarding: lab-${i}`,
    body: renderIssueBody(validValues({ team: `lab-${i}`, namespaces: `lab-${i}`, owner: author, members: `@${author}` })),
    labels: ["onboarding"],
  });
}

describe("open requests per requester", () => {
  const start = useWorlds();

  it("holds a requester's fourth open request with a status comment and no branch, pull request or review request", async () => {
    const world = await start();
    const numbers = [1, 2, 3, 4].map((i) => openNth(world, i));
    await deliverAll(world.sim, world.probot, { concurrent: false });

    const branches = world.sim.branches(APPS);
    for (const n of numbers.slice(0, 3)) expect(branches).toContain(branchOf(n));
    expect(branches).not.toContain(branchOf(numbers[3]!));
    expect(world.sim.pulls(APPS)).toHaveLength(3);
    const held = statusOf(world, numbers[3]!);
    expect(held).toContain("The request is blocked");
    expect(held).toContain("limits.maxOpenRequests");
    expect(held).toContain("at most 3 open at once");

    // Another requester is not limited by alice's requests.
    const other = openNth(world, 5, PEOPLE.outsider);
    await deliverAll(world.sim, world.probot);
    expect(world.sim.branches(APPS)).toContain(branchOf(other));

    // Once one of alice's requests is closed, the held one is published on its next run.
    world.sim.closeIssue(SUPPORT, numbers[0]!, PEOPLE.requester, "not_planned");
    world.sim.comment(SUPPORT, numbers[3]!, PEOPLE.requester, "/retry");
    await deliverAll(world.sim, world.probot);
    expect(world.sim.branches(APPS)).toContain(branchOf(numbers[3]!));
    expect(statusOf(world, numbers[3]!)).not.toContain("The request is blocked");
  });

  it("takes the limit from limits.maxOpenRequests", async () => {
    const world = await start({ config: { limits: { maxOpenRequests: 1 } } });
    const [first, second] = [1, 2].map((i) => openNth(world, i));
    await deliverAll(world.sim, world.probot, { concurrent: false });
    expect(world.sim.branches(APPS)).toContain(branchOf(first!));
    expect(world.sim.branches(APPS)).not.toContain(branchOf(second!));
    expect(statusOf(world, second!)).toContain("at most 1 open at once");
  });
});
