import examples from "@octokit/webhooks-examples/api.github.com/index.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { deliver, deliverAll } from "../harness/index.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { APPS, INSTALLATION, PEOPLE, SUPPORT } from "../helpers/world.js";
import { useWorld } from "../helpers/use-world.js";

type Example = { name: string; examples: Array<Record<string, unknown> & { action?: string }> };

/** GitHub's own example payload for `name.action`, deep-copied so tests can adapt it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payloads are reshaped freely in these tests
function example(name: string, action: string): Record<string, any> {
  const group = (examples as unknown as Example[]).find((e) => e.name === name);
  const found = group?.examples.find((e) => e.action === action);
  if (!found) throw new Error(`no @octokit/webhooks-examples payload for ${name}.${action}`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return structuredClone(found) as Record<string, any>;
}

describe("driven by GitHub's own example payloads (@octokit/webhooks-examples)", () => {
  const world = useWorld();

  it("an issues.opened payload as GitHub sends it leads to one onboarding pull request", async () => {
    // The simulator holds the issue; the payload is GitHub's example pointed at it. The examples carry no
    // installation (stack notes), so one is added, as GitHub does for app deliveries.
    const number = world.sim.openIssue(SUPPORT, {
      author: PEOPLE.requester,
      title: "Onboarding: astro-lab",
      body: renderIssueBody(validValues()),
      labels: ["onboarding"],
    });
    world.sim.takeEvents();
    const payload = example("issues", "opened");
    payload.installation = { id: INSTALLATION };
    payload.repository.name = "support";
    payload.repository.full_name = SUPPORT;
    payload.repository.owner.login = "operate-first";
    payload.issue.number = number;
    payload.issue.labels = [{ name: "onboarding" }];
    payload.issue.body = "the app re-reads the issue; this copy of the body is not trusted";
    payload.sender = { ...payload.sender, login: PEOPLE.requester, type: "User" };

    await deliver(world.probot, { id: "example-delivery-1", name: "issues", payload });
    await deliverAll(world.sim, world.probot);

    const pulls = world.sim.pulls(APPS);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.body).toContain(`${SUPPORT}#${number}`);
  });

  it("an issues.opened example without an onboarding label is ignored without a single GitHub call", async () => {
    const payload = example("issues", "opened");
    payload.installation = { id: INSTALLATION };
    payload.issue.labels = [];
    world.sim.resetCalls();

    await deliver(world.probot, { id: "example-delivery-2", name: "issues", payload });

    expect(world.sim.calls).toEqual([]);
  });

  it("a comment from a bot, shaped like GitHub's issue_comment.created example, is ignored without a call", async () => {
    const payload = example("issue_comment", "created");
    payload.installation = { id: INSTALLATION };
    payload.comment.body = "/approve";
    payload.sender = { ...payload.sender, login: "renovate[bot]", type: "Bot" };
    world.sim.resetCalls();

    await deliver(world.probot, { id: "example-delivery-3", name: "issue_comment", payload });

    expect(world.sim.calls).toEqual([]);
  });
});
