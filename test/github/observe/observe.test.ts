import { describe, expect, it } from "vitest";
import { NotAnIssueError, observe, type ObserveInput } from "../../../src/github/observe/index.js";
import { createTestProbot, useSimulator } from "../../harness/index.js";

const SUPPORT = "acme/requests";
const GITOPS = "acme/gitops";
const OVERLAY = "overlays/moc/kustomization.yaml";
const CONFIG = ".github/onboarding-bot.yml";

/** Request #1 of acme/requests on branch onboard/team-a of acme/gitops. */
function inputFor(overrides: { paths?: string[]; logins?: string[]; branch?: string } = {}): ObserveInput {
  return {
    support: { owner: "acme", name: "requests", issue: 1 },
    gitops: { owner: "acme", name: "gitops", baseBranch: "main", branch: overrides.branch ?? "onboard/team-a", paths: overrides.paths ?? [] },
    logins: overrides.logins ?? [],
  };
}

const graphqlCalls = (calls: ReadonlyArray<{ operationId?: string }>): number => calls.filter((c) => c.operationId === "graphql").length;

describe("observe: one GraphQL round trip against GitHub's schema", () => {
  const gh = useSimulator((sim) => {
    sim.addRepo(SUPPORT, { files: { [CONFIG]: "gitops:\n  repository: acme/gitops\n" } });
    sim.addRepo(GITOPS, { files: { [OVERLAY]: "resources: []\n", "overlays/moc/extra/x.yaml": "x\n", "README.md": "# gitops\n" } });
    sim.addUser("alice");
    sim.addUser("carol");
    sim.openIssue(SUPPORT, { author: "alice", title: "Onboard team-a", body: "### Team\nteam-a", labels: ["onboarding"] });
  });

  it("reports paths missing at the base commit as absent, next to files with their text", async () => {
    const paths = [OVERLAY, "namespaces/team-a", "namespaces/team-a/namespace.yaml"];
    const observation = await observe(gh.octokit, { ...inputFor({ paths }), gitops: { ...inputFor({ paths }).gitops, rootEntries: true } });
    expect(observation.base?.commitOid).toBe(gh.sim.ref(GITOPS, "main"));
    expect(observation.base?.treeOid).toBe(gh.sim.commit(GITOPS, gh.sim.ref(GITOPS, "main") as string).tree);
    // The root directory with its entries' oids, so the scan around the namespace root starts without a read.
    expect(observation.base?.rootEntries?.map((e) => [e.name, e.type])).toEqual([["README.md", "blob"], ["overlays", "tree"]]);
    expect(observation.base?.rootEntries?.every((e) => /^[0-9a-f]{40}$/.test(e.oid))).toBe(true);
    expect([...(observation.base?.paths ?? [])]).toEqual([
      [OVERLAY, { kind: "blob", oid: expect.stringMatching(/^[0-9a-f]{40}$/), text: "resources: []\n", truncated: false, binary: false }],
      ["namespaces/team-a", { kind: "absent" }],
      ["namespaces/team-a/namespace.yaml", { kind: "absent" }],
    ]);
  });

  it("leaves the root directory's entries out unless asked (a namespace root at the top level grows with the namespaces)", async () => {
    const observation = await observe(gh.octokit, inputFor({ paths: [OVERLAY] }));
    expect(observation.base?.rootEntries).toBeUndefined();
    expect(observation.base?.paths.get(OVERLAY)).toMatchObject({ kind: "blob" });
  });

  it("lists a directory's entries by name, type and oid (so their files are read without looking the directory up again)", async () => {
    const observation = await observe(gh.octokit, inputFor({ paths: ["overlays/moc"] }));
    expect(observation.base?.paths.get("overlays/moc")).toEqual({
      kind: "tree",
      oid: expect.stringMatching(/^[0-9a-f]{40}$/),
      entries: [
        { name: "extra", type: "tree", oid: expect.stringMatching(/^[0-9a-f]{40}$/) },
        { name: "kustomization.yaml", type: "blob", oid: expect.stringMatching(/^[0-9a-f]{40}$/) },
      ],
    });
  });

  it("answers unknown logins with null and keeps the rest of the snapshot", async () => {
    gh.sim.addUser("renovate", { type: "Bot" });
    gh.sim.resetCalls();
    const observation = await observe(gh.octokit, inputFor({ logins: ["alice", "nobody-here", "CAROL", "renovate"], paths: [OVERLAY] }));
    expect([...observation.users]).toEqual([
      ["alice", { login: "alice", type: "User" }],
      ["nobody-here", null],
      ["CAROL", { login: "carol", type: "User" }],
      ["renovate", null],
    ]);
    expect(observation.issue.title).toBe("Onboard team-a");
    expect(observation.base?.paths.get(OVERLAY)).toMatchObject({ kind: "blob" });
    expect(graphqlCalls(gh.sim.calls)).toBe(1);
  });

  it("reads the approver teams' members in the same round trip; a team the organization lacks is empty, one it cannot read is left out", async () => {
    gh.sim.addTeam("acme", "approvers", ["alice", "Carol"]);
    gh.sim.addTeam("elsewhere", "approvers", ["alice"]);
    gh.sim.resetCalls();
    const observation = await observe(gh.octokit, {
      ...inputFor(),
      teams: [
        { org: "acme", slug: "approvers" },
        { org: "acme", slug: "nobody" },
        { org: "elsewhere", slug: "approvers" },
        { org: "no-such-org", slug: "x" },
      ],
    });
    expect(graphqlCalls(gh.sim.calls)).toBe(1);
    expect([...observation.teams]).toEqual([
      ["acme/approvers", ["alice", "carol"]],
      ["acme/nobody", []],
      // Another account's organization (no `members: read` there) and an unknown one: read over REST, which says why.
      ["elsewhere/approvers", null],
      ["no-such-org/x", null],
    ]);
  });

  it("observes a request with no branch and no pull request yet", async () => {
    const observation = await observe(gh.octokit, inputFor());
    expect(observation).toMatchObject({ branchHead: null, pullRequests: [], pullRequestCount: 0 });
    expect(observation.issue).toMatchObject({
      number: 1,
      state: "OPEN",
      stateReason: null,
      author: { login: "alice", type: "User" },
      labels: { items: ["onboarding"], complete: true },
      comments: { items: [], totalCount: 0, complete: true, endCursor: null },
    });
  });

  it("reports a base branch that does not exist as no base, without failing the observation", async () => {
    const input = inputFor({ paths: [OVERLAY] });
    const observation = await observe(gh.octokit, { ...input, gitops: { ...input.gitops, baseBranch: "production" } });
    expect(observation.base).toBeNull();
    expect(observation.issue.number).toBe(1);
  });

  it("reports the configuration blob by an id that changes when the file changes", async () => {
    const before = await observe(gh.octokit, inputFor());
    expect(before.config).toEqual({ kind: "blob", oid: expect.stringMatching(/^[0-9a-f]{40}$/), text: "gitops:\n  repository: acme/gitops\n", truncated: false });
    const again = await observe(gh.octokit, inputFor());
    expect(again.config).toEqual(before.config);

    gh.sim.pushCommit(SUPPORT, "main", { [CONFIG]: "gitops:\n  repository: acme/other\n" }, "alice");
    const after = await observe(gh.octokit, inputFor());
    expect(after.config).toMatchObject({ kind: "blob", text: "gitops:\n  repository: acme/other\n" });
    expect(after.config.kind === "blob" && after.config.oid).not.toBe(before.config.kind === "blob" && before.config.oid);
  });

  it("reports a deleted configuration file as absent", async () => {
    gh.sim.pushCommit(SUPPORT, "main", { [CONFIG]: null }, "alice");
    expect((await observe(gh.octokit, inputFor())).config).toEqual({ kind: "absent" });
  });

  it("reads the pull request of the request's branch with its reviews, comments and head", async () => {
    const head = gh.sim.pushCommit(GITOPS, "onboard/team-a", { "namespaces/team-a/namespace.yaml": "kind: Namespace\n" }, "alice");
    const { data: pull } = await gh.octokit.rest.pulls.create({ owner: "acme", repo: "gitops", head: "onboard/team-a", base: "main", title: "Onboard team-a", body: "Fixes acme/requests#1" });
    gh.sim.submitReview(GITOPS, pull.number, "carol", "APPROVED");
    gh.sim.comment(GITOPS, pull.number, "carol", "/lgtm");
    gh.sim.comment(SUPPORT, 1, "carol", "/approve");

    const observation = await observe(gh.octokit, inputFor({ paths: ["namespaces/team-a"] }));
    expect(observation.branchHead).toBe(head);
    // The base commit is main's, where the request's files do not exist yet.
    expect(observation.base?.paths.get("namespaces/team-a")).toEqual({ kind: "absent" });
    expect(observation.pullRequestCount).toBe(1);
    expect(observation.pullRequests).toEqual([
      expect.objectContaining({
        number: pull.number,
        state: "OPEN",
        merged: false,
        mergeable: "MERGEABLE",
        isCrossRepository: false,
        headRefName: "onboard/team-a",
        headRefOid: head,
        baseRefName: "main",
        body: "Fixes acme/requests#1",
        author: { login: "onboarding-bot", type: "Bot" },
        reviews: { items: [expect.objectContaining({ state: "APPROVED", author: { login: "carol", type: "User" }, commitOid: head })], totalCount: 1, complete: true, endCursor: null },
        comments: expect.objectContaining({ items: [expect.objectContaining({ body: "/lgtm", author: { login: "carol", type: "User" } })] }),
      }),
    ]);
    const { data: repo } = await gh.octokit.rest.repos.get({ owner: "acme", repo: "gitops" });
    const { data: issue } = await gh.octokit.rest.issues.get({ owner: "acme", repo: "requests", issue_number: 1 });
    expect(observation.repositoryIds.gitops).toBe(repo.node_id);
    expect(observation.issue.id).toBe(issue.node_id);
    expect(observation.pullRequests[0]?.id).toBe(pull.node_id);
    expect(observation.issue.comments.items).toEqual([
      expect.objectContaining({ body: "/approve", databaseId: expect.any(Number), id: expect.any(String), lastEditedAt: null, includesCreatedEdit: false }),
    ]);
  });

  it("sees merged and closed pull requests of the branch too", async () => {
    gh.sim.pushCommit(GITOPS, "onboard/team-a", { "x.txt": "x" }, "alice");
    const { data: pull } = await gh.octokit.rest.pulls.create({ owner: "acme", repo: "gitops", head: "onboard/team-a", base: "main", title: "t" });
    gh.sim.mergePull(GITOPS, pull.number, "carol");
    const observation = await observe(gh.octokit, inputFor());
    expect(observation.pullRequests).toEqual([expect.objectContaining({ number: pull.number, state: "MERGED", merged: true })]);
  });

  it("throws on a GraphQL error other than an unknown login, such as a repository it cannot see", async () => {
    const input = inputFor({ logins: ["nobody-here"] });
    await expect(observe(gh.octokit, { ...input, gitops: { ...input.gitops, name: "missing" } })).rejects.toMatchObject({
      name: "GraphqlResponseError",
      errors: expect.arrayContaining([expect.objectContaining({ type: "NOT_FOUND", path: ["gitops"] })]),
    });
  });

  it("throws NotAnIssueError when the number names no issue (GitHub's NOT_FOUND on support.issue)", async () => {
    await expect(observe(gh.octokit, { ...inputFor(), support: { owner: "acme", name: "requests", issue: 42 } })).rejects.toThrow(NotAnIssueError);
  });

  it("counts the requester's open requests with the label, oldest first, in the same call", async () => {
    gh.sim.addUser("bob");
    gh.sim.openIssue(SUPPORT, { author: "alice", title: "second", body: "x", labels: ["onboarding"] });
    gh.sim.openIssue(SUPPORT, { author: "bob", title: "bob's", body: "x", labels: ["onboarding"] });
    gh.sim.openIssue(SUPPORT, { author: "alice", title: "not a request", body: "x", labels: ["question"] });
    gh.sim.resetCalls();
    const observation = await observe(gh.octokit, { ...inputFor(), openRequests: { creator: "alice", label: "onboarding", first: 5 } });
    expect(observation.openRequests).toEqual({ numbers: [1, 2], totalCount: 2 });
    expect(graphqlCalls(gh.sim.calls)).toBe(1);
  });

  it("observes the support side alone when asked (scope support): no base, branch or pull request", async () => {
    const observation = await observe(gh.octokit, inputFor({ paths: [OVERLAY] }), "support");
    expect(observation).toMatchObject({ base: null, branchHead: null, pullRequests: [], issue: { number: 1 } });
    expect(observation.config.kind).toBe("blob");
  });

  it("refuses invalid input with the field, and sends nothing", async () => {
    gh.sim.resetCalls();
    await expect(observe(gh.octokit, inputFor({ paths: ["../etc/passwd"] }))).rejects.toThrow(/gitops\.paths\.0: must be relative to the repository root/);
    await expect(observe(gh.octokit, inputFor({ branch: "refs/heads/x" }))).rejects.toThrow(/gitops\.branch: must be a branch name without 'refs\/heads\/'/);
    expect(graphqlCalls(gh.sim.calls)).toBe(0);
  });
});

describe("observe: hostile logins and paths travel in variables", () => {
  const HOSTILE_PATH = 'a"b}/c\n) { viewer { login } } #';
  const HOSTILE_FILE = 'q"uote}/x") { oid } f1: file(path: "README.md';
  const HOSTILE_LOGIN = 'x") { id } u1: user(login: "alice';
  const gh = useSimulator((sim) => {
    sim.addRepo(SUPPORT, { files: { [CONFIG]: "x: 1\n" } });
    sim.addRepo(GITOPS, { files: { [HOSTILE_FILE]: "hostile\n", "plain.txt": "plain\n" } });
    sim.addUser("alice");
    sim.openIssue(SUPPORT, { author: "alice", title: "t", body: "b" });
  });

  it("answers a path with quotes, braces and newlines as the path it is, and a login full of GraphQL as unknown", async () => {
    gh.sim.resetCalls();
    const observation = await observe(gh.octokit, inputFor({ paths: [HOSTILE_PATH, HOSTILE_FILE, "plain.txt"], logins: [HOSTILE_LOGIN, "alice"] }));
    expect(observation.base?.paths.get(HOSTILE_PATH)).toEqual({ kind: "absent" });
    expect(observation.base?.paths.get(HOSTILE_FILE)).toMatchObject({ kind: "blob", text: "hostile\n" });
    expect(observation.base?.paths.get("plain.txt")).toMatchObject({ kind: "blob", text: "plain\n" });
    expect([...observation.users]).toEqual([
      [HOSTILE_LOGIN, null],
      ["alice", { login: "alice", type: "User" }],
    ]);
    expect(graphqlCalls(gh.sim.calls)).toBe(1);
    expect(gh.sim.calls.at(-1)).toMatchObject({ graphql: { operationName: "Observe", operation: "query" } });
  });
});

describe("observe: repositories in two installations", () => {
  const gh = useSimulator((sim) => {
    sim.addInstallation(2, "other");
    sim.addRepo(SUPPORT, { files: { [CONFIG]: "x: 1\n" } });
    sim.addRepo("other/gitops", { installationId: 2, files: { [OVERLAY]: "resources: []\n" } });
    sim.addUser("alice");
    sim.openIssue(SUPPORT, { author: "alice", title: "t", body: "b" });
  });

  it("sends one document per installation, in parallel, and joins the answers", async () => {
    const gitops = await createTestProbot(gh.sim, () => undefined).auth(2);
    gh.sim.resetCalls();
    const input = inputFor({ paths: [OVERLAY], logins: ["alice"] });
    const observation = await observe({ support: gh.octokit, gitops }, { ...input, gitops: { ...input.gitops, owner: "other" } });
    expect(observation.config).toMatchObject({ kind: "blob", text: "x: 1\n" });
    expect(observation.base?.paths.get(OVERLAY)).toMatchObject({ kind: "blob", text: "resources: []\n" });
    expect(observation.users.get("alice")).toEqual({ login: "alice", type: "User" });
    // Sent in parallel: they may arrive in either order.
    const rootFields = gh.sim.calls.filter((c) => c.operationId === "graphql").map((c) => c.graphql?.rootFields?.join(" "));
    expect(rootFields.sort()).toEqual(["rateLimit repository", "rateLimit repository user"]);
  });
});
