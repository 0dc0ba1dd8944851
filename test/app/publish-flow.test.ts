import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deliver, deliverAll } from "../harness/index.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { APPS, branchOf, PEOPLE, SUPPORT, type World } from "../helpers/world.js";
import { useWorld } from "../helpers/use-world.js";

const BRANCH = branchOf(1);
const STATUS = "<!-- onboarding-bot:status";

function statusComment(world: World, number: number) {
  const mine = world.sim.comments(SUPPORT, number).filter((c) => c.body.startsWith(STATUS));
  expect(mine).toHaveLength(1);
  return mine[0]!;
}

function writes(world: World) {
  return world.sim.calls.filter((c) => c.method !== "GET");
}

describe("publishing an onboarding request", () => {
  const world = useWorld();

  it("opens exactly one pull request with one commit holding the tenant's files", async () => {
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);

    const pulls = world.sim.pulls(APPS);
    expect(pulls).toHaveLength(1);
    const pull = pulls[0]!;
    expect(pull.head.ref).toBe(BRANCH);
    expect(pull.title).toContain("astro-lab");
    expect(pull.body).toContain(`${SUPPORT}#${n}`);
    const files = world.sim.listFiles(APPS, BRANCH);
    expect(files).toContain("cluster-scope/base/core/namespaces/astro-lab/namespace.yaml");
    expect(files).toContain("cluster-scope/base/user.openshift.io/groups/astro-lab/group.yaml");
    const namespace = parse(world.sim.readFile(APPS, BRANCH, "cluster-scope/base/core/namespaces/astro-lab/namespace.yaml")!);
    expect(namespace.kind).toBe("Namespace");
    expect(namespace.metadata.name).toBe("astro-lab");
    const group = parse(world.sim.readFile(APPS, BRANCH, "cluster-scope/base/user.openshift.io/groups/astro-lab/group.yaml")!);
    expect(group.users).toEqual(["alice", "Bob"]);
    const overlay = world.sim.readFile(APPS, BRANCH, "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml")!;
    expect(overlay).toContain("base/core/namespaces/astro-lab");

    const head = world.sim.commit(APPS, pull.head.sha);
    expect(head.parents).toEqual([world.sim.ref(APPS, "heads/main")]);
    const status = statusComment(world, n);
    expect(status.body).toContain(`/pull/${pull.number}`);
    expect(world.sim.issue(SUPPORT, n).labels).toContain("onboarding/validated");
    expect(pull.labels).toContain("onboarding");
  });

  it("keeps the issue-to-PR path within the call budget: branch, commit and pull request in one mutation document", async () => {
    world.openRequest();
    world.sim.resetCalls();
    await deliverAll(world.sim, world.probot);
    const mutations = world.sim.calls.filter((c) => c.graphql?.operation === "mutation");
    const pullCreated = world.sim.calls.findIndex((c) => c.graphql?.rootFields.includes("createPullRequest"));
    expect(pullCreated).toBeGreaterThan(0);
    expect(world.sim.calls[pullCreated]!.graphql!.rootFields).toEqual(["createRef", "createCommitOnBranch", "createPullRequest"]);
    const before = world.sim.calls.slice(0, pullCreated + 1);
    // config, issue, comments, base commit + tree, branch, PR lookup, 2 users, overlay reads, the requester's open
    // requests (limits.maxOpenRequests, before the first branch only), the GitOps repository's node id (until the
    // observe step passes it), and the one document. The ledger is written (and read back) after it.
    expect(before.length).toBeLessThanOrEqual(19);
    expect(mutations.filter((c) => c.graphql!.rootFields.includes("createCommitOnBranch"))).toHaveLength(1);
    expect(writes(world).filter((c) => c.operationId?.startsWith("git/"))).toEqual([]);
  });

  it("updates the same pull request with a new commit on the base when the request changes", async () => {
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);
    const first = world.sim.pulls(APPS)[0]!;

    world.sim.editIssue(SUPPORT, n, { body: renderIssueBody(validValues({ members: "@alice\n@Bob\n@dave" })), by: PEOPLE.requester });
    await deliverAll(world.sim, world.probot);

    const pulls = world.sim.pulls(APPS);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.number).toBe(first.number);
    expect(pulls[0]!.head.sha).not.toBe(first.head.sha);
    // Every commit of the bot sits directly on the base it was rendered on; the scratch branch it was made on is gone.
    expect(world.sim.commit(APPS, pulls[0]!.head.sha).parents).toEqual([world.sim.ref(APPS, "heads/main")]);
    expect(world.sim.branches(APPS).filter((b) => b.startsWith("onboarding-bot-scratch/"))).toEqual([]);
    const group = parse(world.sim.readFile(APPS, BRANCH, "cluster-scope/base/user.openshift.io/groups/astro-lab/group.yaml")!);
    expect(group.users).toEqual(["alice", "Bob", "dave"]);
    statusComment(world, n);
  });

  it("makes no commit and no write to the GitOps repository when an edit changes nothing rendered", async () => {
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);
    const head = world.sim.pulls(APPS)[0]!.head.sha;
    world.sim.resetCalls();

    world.sim.editIssue(SUPPORT, n, { body: renderIssueBody(validValues(), { crlf: true }), by: PEOPLE.requester });
    await deliverAll(world.sim, world.probot);

    expect(world.sim.pulls(APPS)[0]!.head.sha).toBe(head);
    const gitopsWrites = writes(world).filter((c) => c.path.startsWith(`/repos/${APPS}/`));
    expect(gitopsWrites).toEqual([]);
  });

  it("lists every problem in the status comment and opens no pull request for an invalid request", async () => {
    const n = world.openRequest(validValues({ team: "Bad_Team", clusters: "mars", owner: "nobody-here-42" }));
    await deliverAll(world.sim, world.probot);

    expect(world.sim.pulls(APPS)).toHaveLength(0);
    const body = statusComment(world, n).body;
    expect(body).toContain("Team name");
    expect(body).toContain("Clusters");
    expect(body).toContain("Project owner");
    expect(world.sim.issue(SUPPORT, n).labels).toContain("onboarding/needs-changes");
    expect(writes(world).filter((c) => c.path.startsWith(`/repos/${APPS}/`))).toEqual([]);
  });

  it("puts the pull request on hold when the request is edited into an invalid state, and lifts it when fixed", async () => {
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);
    world.sim.editIssue(SUPPORT, n, { body: renderIssueBody(validValues({ namespaces: "kube-system" })), by: PEOPLE.requester });
    await deliverAll(world.sim, world.probot);

    let pull = world.sim.pulls(APPS)[0]!;
    expect(pull.labels).toContain("do-not-merge/hold");
    const prStatus = world.sim.comments(APPS, pull.number).find((c) => c.body.startsWith("<!-- onboarding-bot:pr-status"));
    expect(prStatus?.body).toContain("no longer valid");

    world.sim.editIssue(SUPPORT, n, { body: renderIssueBody(validValues()), by: PEOPLE.requester });
    await deliverAll(world.sim, world.probot);
    pull = world.sim.pulls(APPS)[0]!;
    expect(pull.labels).not.toContain("do-not-merge/hold");
  });

  it("writes a new request's status comment once: created by the commit's record, already linking the pull request", async () => {
    const n = world.openRequest();
    const opened = world.sim.takeEvents();
    world.sim.resetCalls();
    for (const event of opened) await deliver(world.probot, event);

    const pull = world.sim.pulls(APPS)[0]!;
    expect(statusComment(world, n).body).toContain(`#${pull.number}`);
    const onStatus = world.sim.calls.filter((c) => c.path.startsWith(`/repos/${SUPPORT}/issues/`) && c.operationId?.endsWith("-comment"));
    expect(onStatus.map((c) => c.operationId)).toEqual(["issues/create-comment"]);
    // Its race and the pull request's status comment's race are settled by one listing of both threads, which is
    // also the read-back of the ledger entry: no REST listing or re-read of either.
    expect(world.sim.calls.filter((c) => c.graphql?.operationName === "MarkedThreads")).toHaveLength(1);
    expect(world.sim.calls.filter((c) => c.operationId === "issues/list-comments")).toEqual([]);
    expect(statusComment(world, n).body).toContain(pull.head.sha);
  });

  it("opens the pull request with the ids its observation read: one GraphQL mutation and no node-id look-up", async () => {
    world.openRequest();
    const opened = world.sim.takeEvents();
    world.sim.resetCalls();
    for (const event of opened) await deliver(world.probot, event);

    expect(world.sim.pulls(APPS)).toHaveLength(1);
    const graphql = world.sim.calls.filter((c) => c.graphql).map((c) => `${c.graphql?.operation} ${c.graphql?.operationName ?? ""}`);
    expect(graphql.filter((g) => g.startsWith("mutation"))).toEqual(["mutation Act"]);
    expect(graphql).not.toContain("query NodeIds");
  });

  it("labels and comments on the pull request it just opened from what the opening mutation answered: no read of it", async () => {
    world.openRequest();
    const opened = world.sim.takeEvents();
    world.sim.resetCalls();
    for (const event of opened) await deliver(world.probot, event);

    const pull = world.sim.pulls(APPS)[0]!;
    expect(pull.labels.length).toBeGreaterThan(0);
    expect(world.sim.comments(APPS, pull.number).some((c) => c.body.startsWith("<!-- onboarding-bot:pr-status"))).toBe(true);
    const onPull = world.sim.calls.filter((c) => c.method === "GET" && c.path.startsWith(`/repos/${APPS}/pulls/`));
    expect(onPull.map((c) => c.operationId)).toEqual([]);
  });

  it("holds the pull request with what the request's observation read of it: no REST read of the pull request, its comments or reviews", async () => {
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);
    world.sim.editIssue(SUPPORT, n, { body: renderIssueBody(validValues({ namespaces: "kube-system" })), by: PEOPLE.requester });
    const edits = world.sim.takeEvents();
    world.sim.resetCalls();
    for (const event of edits) await deliver(world.probot, event);

    expect(world.sim.pulls(APPS)[0]!.labels).toContain("do-not-merge/hold");
    const reads = world.sim.calls.filter((c) => c.method === "GET").map((c) => c.operationId);
    expect(reads).not.toContain("pulls/get");
    expect(reads).not.toContain("pulls/list-reviews");
    expect(world.sim.calls.filter((c) => c.operationId === "issues/list-comments" && c.path.startsWith(`/repos/${APPS}/`))).toEqual([]);
  });

  it("closes the pull request and deletes its branch when the requester closes the issue", async () => {
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);
    world.sim.closeIssue(SUPPORT, n, PEOPLE.requester, "not_planned");
    await deliverAll(world.sim, world.probot);

    const pull = world.sim.pulls(APPS)[0]!;
    expect(pull.state).toBe("closed");
    expect(pull.merged).toBe(false);
    expect(world.sim.branches(APPS)).not.toContain(BRANCH);
  });

  it("never overwrites a commit someone else pushed to the onboarding branch", async () => {
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);
    const foreign = world.sim.pushCommit(APPS, BRANCH, { "README.md": "hijacked\n" }, PEOPLE.outsider);
    await deliverAll(world.sim, world.probot);

    world.sim.editIssue(SUPPORT, n, { body: renderIssueBody(validValues({ members: "@alice\n@dave" })), by: PEOPLE.requester });
    await deliverAll(world.sim, world.probot);

    expect(world.sim.ref(APPS, `heads/${BRANCH}`)).toBe(foreign);
    const pull = world.sim.pulls(APPS)[0]!;
    expect(pull.labels).toContain("do-not-merge/hold");
    const prStatus = world.sim.comments(APPS, pull.number).find((c) => c.body.startsWith("<!-- onboarding-bot:pr-status"));
    expect(prStatus?.body).toContain("did not make");
  });
});
