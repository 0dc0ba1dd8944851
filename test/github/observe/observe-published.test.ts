import { describe, expect, it } from "vitest";
import { observe, type ObserveInput } from "../../../src/github/observe/index.js";
import { usePublishedWorlds } from "../../helpers/pull-world.js";
import { APPS, branchOf, INSTALLATION, PEOPLE, SUPPORT } from "../../helpers/world.js";

const NAMESPACE = "cluster-scope/base/core/namespaces/astro-lab";
const GROUP = "cluster-scope/base/user.openshift.io/groups/astro-lab";
const OVERLAY = "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml";

describe("observe: a request the bot has published", () => {
  const publish = usePublishedWorlds();

  it("answers everything the decision needs in one GraphQL call, consistent with GitHub's state", async () => {
    const w = await publish();
    const { sim } = w.world;
    const octokit = await w.world.probot.auth(INSTALLATION);
    const [supportOwner, supportName] = SUPPORT.split("/") as [string, string];
    const [gitopsOwner, gitopsName] = APPS.split("/") as [string, string];
    const input: ObserveInput = {
      support: { owner: supportOwner, name: supportName, issue: w.request },
      gitops: { owner: gitopsOwner, name: gitopsName, baseBranch: "main", branch: branchOf(w.request), paths: [OVERLAY, NAMESPACE, GROUP, "cluster-scope/overlays/prod/moc/smaug"] },
      logins: [PEOPLE.requester, PEOPLE.member, PEOPLE.approver, "nobody-here-42"],
    };
    sim.resetCalls();

    const observation = await observe(octokit, input);

    expect(sim.calls.map((c) => c.operationId)).toEqual(["graphql"]);
    const pull = sim.pulls(APPS).find((p) => p.number === w.pr);
    expect(observation.pullRequests).toEqual([
      expect.objectContaining({ number: w.pr, state: "OPEN", headRefName: branchOf(w.request), headRefOid: pull?.head.sha, labels: expect.objectContaining({ items: pull?.labels }) }),
    ]);
    expect(observation.branchHead).toBe(pull?.head.sha);
    expect(observation.base?.commitOid).toBe(sim.ref(APPS, "main"));
    expect(observation.base?.paths.get(OVERLAY)).toMatchObject({ kind: "blob", text: sim.readFile(APPS, "main", OVERLAY) });
    expect(observation.base?.paths.get(NAMESPACE)).toEqual({ kind: "absent" });
    expect(observation.base?.paths.get(GROUP)).toEqual({ kind: "absent" });
    expect(observation.base?.paths.get("cluster-scope/overlays/prod/moc/smaug")).toMatchObject({
      kind: "tree",
      entries: expect.arrayContaining([{ name: "kustomization.yaml", type: "blob", oid: expect.stringMatching(/^[0-9a-f]{40}$/) }]),
    });
    expect(observation.issue).toMatchObject({ number: w.request, author: { login: PEOPLE.requester, type: "User" }, labels: { items: sim.issue(SUPPORT, w.request).labels } });
    expect(observation.issue.comments.items.map((c) => c.body)).toEqual(sim.comments(SUPPORT, w.request).map((c) => c.body));
    expect(observation.config).toMatchObject({ kind: "blob", text: sim.readFile(SUPPORT, "main", ".github/onboarding-bot.yml") });
    expect([...observation.users.values()]).toEqual([
      { login: PEOPLE.requester, type: "User" },
      { login: PEOPLE.member, type: "User" },
      { login: PEOPLE.approver, type: "User" },
      null,
    ]);
    expect(observation.cost).toEqual({ cost: 1, remaining: expect.any(Number) });
  });
});
