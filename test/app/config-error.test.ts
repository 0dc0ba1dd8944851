import { describe, expect, it } from "vitest";
import { deliverAll } from "../harness/index.js";
import { APPS, configYaml, PEOPLE, SUPPORT } from "../helpers/world.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { useWorlds } from "../helpers/use-world.js";

describe("a broken configuration", () => {
  const startWorld = useWorlds();

  it("gets one comment on the request naming the key and the problem, and survives the request being edited", async () => {
    const world = await startWorld({ configText: configYaml().replace("repository: operate-first/apps", "repository: not a repo") });
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);
    world.sim.editIssue(SUPPORT, n, { body: renderIssueBody(validValues({ members: "@alice" })), by: PEOPLE.requester });
    await deliverAll(world.sim, world.probot);

    const comments = world.sim.comments(SUPPORT, n);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("gitops.repository");
    expect(world.sim.pulls(APPS)).toHaveLength(0);
  });

  it("that is not YAML at all is reported the same way, never as a crash", async () => {
    const world = await startWorld({ configText: "gitops: [unclosed\n  : :" });
    const n = world.openRequest();
    const result = await deliverAll(world.sim, world.probot, { tolerateErrors: true });

    expect(result.errors).toEqual([]);
    const comments = world.sim.comments(SUPPORT, n);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(".github/onboarding-bot.yml");
  });
});
