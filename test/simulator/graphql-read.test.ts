import { describe, expect, it } from "vitest";
import { useSimulator } from "../harness/index.js";
import { githubSchema, prepareDocument } from "./graphql/schema.js";

const GITOPS = "acme/gitops";
const SUPPORT = "acme/requests";
const OVERLAY = "overlays/moc/kustomization.yaml";

/** The one-query observe the controller redesign needs: request, pull request, base commit files, people. */
const OBSERVE = /* GraphQL */ `
  query Observe($issue: Int!, $branch: String!, $overlay: String!) {
    viewer { login }
    rateLimit { cost remaining resetAt }
    support: repository(owner: "acme", name: "requests") {
      issue(number: $issue) {
        id databaseId number title body state stateReason
        author { login }
        labels(first: 20) { nodes { name } }
        comments(last: 50) { totalCount nodes { databaseId body author { login __typename } lastEditedAt includesCreatedEdit } }
      }
    }
    gitops: repository(owner: "acme", name: "gitops") {
      id databaseId nameWithOwner isPrivate
      defaultBranchRef { name target { oid ... on Commit { tree { oid } } } }
      ref(qualifiedName: $branch) { name target { oid ... on Commit { tree { oid } } } }
      pullRequests(headRefName: $branch, states: [OPEN], first: 5) {
        nodes {
          number body headRefOid mergeable merged
          labels(first: 10) { nodes { name } }
          reviews(first: 50) { nodes { state author { login } commit { oid } } }
          comments(first: 50) { nodes { body author { login } } }
          commits(last: 1) { nodes { commit { oid signature { isValid wasSignedByGitHub } author { name user { login } } } } }
        }
      }
      base: object(expression: "main") {
        ... on Commit {
          oid
          overlay: file(path: $overlay) { name path type mode oid object { ... on Blob { text byteSize isBinary isTruncated oid } } }
          dir: file(path: "overlays") { type object { ... on Tree { entries { name type mode oid path } } } }
          missing: file(path: "namespaces/team-a") { oid }
        }
      }
    }
    user(login: "alice") { login databaseId }
    organization(login: "acme") { team(slug: "approvers") { members(first: 100) { nodes { login } } } }
  }
`;

describe("GraphQL: the read surface of a one-query observe", () => {
  const gh = useSimulator((sim) => {
    sim.addRepo(SUPPORT);
    sim.addRepo(GITOPS, { files: { [OVERLAY]: "resources: []\n", "overlays/moc/bin.dat": "\u0000\u0001", "README.md": "# gitops\n" } });
    sim.addUser("alice");
    sim.addTeam("acme", "approvers", ["carol", "dave"]);
    sim.openIssue(SUPPORT, { author: "alice", title: "Onboard team-a", body: "### Team\nteam-a", labels: ["onboarding"] });
    sim.comment(SUPPORT, 1, "carol", "/approve");
  });

  it("answers the whole observe in one round trip, shaped as GitHub would", async () => {
    gh.sim.pushCommit(GITOPS, "onboard/team-a", { "namespaces/team-a/namespace.yaml": "kind: Namespace\n" }, "alice");
    const { data: pull } = await gh.octokit.rest.pulls.create({ owner: "acme", repo: "gitops", head: "onboard/team-a", base: "main", title: "Onboard team-a", body: "Fixes acme/requests#1" });
    gh.sim.submitReview(GITOPS, pull.number, "carol", "APPROVED");
    gh.sim.resetCalls();

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads the JSON GitHub would send
    const data = await gh.octokit.graphql<any>(OBSERVE, { issue: 1, branch: "onboard/team-a", overlay: OVERLAY });

    expect(gh.sim.calls.filter((c) => c.path === "/graphql")).toHaveLength(1);
    const main = gh.sim.ref(GITOPS, "main") as string;
    const head = gh.sim.ref(GITOPS, "onboard/team-a") as string;
    expect(data.viewer).toEqual({ login: "onboarding-bot[bot]" });
    expect(data.rateLimit).toMatchObject({ cost: 1, remaining: expect.any(Number), resetAt: expect.stringMatching(/^\d{4}-.*Z$/) });
    expect(data.support.issue).toMatchObject({
      number: 1,
      title: "Onboard team-a",
      body: "### Team\nteam-a",
      state: "OPEN",
      stateReason: null,
      author: { login: "alice" },
      labels: { nodes: [{ name: "onboarding" }] },
      comments: { totalCount: 1, nodes: [{ body: "/approve", author: { login: "carol", __typename: "User" }, lastEditedAt: null, includesCreatedEdit: false }] },
    });
    expect(data.gitops).toMatchObject({
      nameWithOwner: GITOPS,
      isPrivate: false,
      defaultBranchRef: { name: "main", target: { oid: main, tree: { oid: gh.sim.commit(GITOPS, main).tree } } },
      ref: { name: "onboard/team-a", target: { oid: head } },
    });
    expect(data.gitops.pullRequests.nodes).toEqual([
      {
        number: pull.number,
        body: "Fixes acme/requests#1",
        headRefOid: head,
        mergeable: "MERGEABLE",
        merged: false,
        labels: { nodes: [] },
        reviews: { nodes: [{ state: "APPROVED", author: { login: "carol" }, commit: { oid: head } }] },
        comments: { nodes: [] },
        commits: { nodes: [{ commit: { oid: head, signature: null, author: { name: "alice", user: { login: "alice" } } } }] },
      },
    ]);
    expect(data.gitops.base.oid).toBe(main);
    expect(data.gitops.base.overlay).toMatchObject({
      name: "kustomization.yaml",
      path: OVERLAY,
      type: "blob",
      mode: 0o100644,
      object: { text: "resources: []\n", byteSize: 14, isBinary: false, isTruncated: false },
    });
    expect(data.gitops.base.overlay.oid).toBe(data.gitops.base.overlay.object.oid);
    expect(data.gitops.base.dir).toMatchObject({ type: "tree", object: { entries: [{ name: "moc", type: "tree", mode: 0o40000, path: "overlays/moc" }] } });
    expect(data.gitops.base.missing).toBeNull();
    expect(data.user).toMatchObject({ login: "alice", databaseId: expect.any(Number) });
    expect(data.organization.team.members.nodes).toEqual([{ login: "carol" }, { login: "dave" }]);
  });

  it("reads blobs by expression and oid, binary ones without text", async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads the JSON GitHub would send
    const data = await gh.octokit.graphql<any>(`{
      repository(owner: "acme", name: "gitops") {
        bin: object(expression: "main:overlays/moc/bin.dat") { ... on Blob { oid text isBinary byteSize } }
        root: object(expression: "HEAD:") { ... on Tree { entries { path } } }
        gone: object(expression: "nope:README.md") { oid }
      }
    }`);
    expect(data.repository.bin).toMatchObject({ text: null, isBinary: true, byteSize: 2 });
    expect(data.repository.root.entries.map((e: { path: string }) => e.path)).toEqual(["README.md", "overlays"]);
    expect(data.repository.gone).toBeNull();
    const byOid = await gh.octokit.graphql<{ repository: { object: { isBinary: boolean } } }>(
      `query ($oid: GitObjectID!) { repository(owner: "acme", name: "gitops") { object(oid: $oid) { ... on Blob { isBinary } } } }`,
      { oid: data.repository.bin.oid },
    );
    expect(byOid.repository.object).toEqual({ isBinary: true });
  });

  it("lists branches under a prefix, named relative to it", async () => {
    for (const branch of ["onboard/team-b", "onboard/team-a", "other"]) gh.sim.pushCommit(GITOPS, branch, { "x.txt": branch }, "alice");
    const { repository } = await gh.octokit.graphql<{ repository: { refs: { totalCount: number; nodes: Array<{ name: string; prefix: string; target: { oid: string } }> } } }>(
      `{ repository(owner: "acme", name: "gitops") { refs(refPrefix: "refs/heads/onboard/", first: 10) { totalCount nodes { name prefix target { oid } } } } }`,
    );
    expect(repository.refs.totalCount).toBe(2);
    expect(repository.refs.nodes).toEqual([
      { name: "team-a", prefix: "refs/heads/onboard/", target: { oid: gh.sim.ref(GITOPS, "onboard/team-a") } },
      { name: "team-b", prefix: "refs/heads/onboard/", target: { oid: gh.sim.ref(GITOPS, "onboard/team-b") } },
    ]);
  });

  it("lists a pull request's changed files with their kind and line counts", async () => {
    gh.sim.pushCommit(GITOPS, "onboard/team-a", { [OVERLAY]: "resources:\n- ../../ns/team-a\n", "README.md": null, "ns/team-a/namespace.yaml": "a\nb\n" }, "alice");
    const { data: pull } = await gh.octokit.rest.pulls.create({ owner: "acme", repo: "gitops", head: "onboard/team-a", base: "main", title: "t" });
    const { repository } = await gh.octokit.graphql<{ repository: { pullRequest: { changedFiles: number; files: { nodes: unknown[] } } } }>(
      `query ($n: Int!) { repository(owner: "acme", name: "gitops") { pullRequest(number: $n) { changedFiles files(first: 100) { nodes { path changeType additions deletions } } } } }`,
      { n: pull.number },
    );
    expect(repository.pullRequest).toEqual({
      changedFiles: 3,
      files: {
        nodes: [
          { path: "README.md", changeType: "DELETED", additions: 0, deletions: 1 },
          { path: "ns/team-a/namespace.yaml", changeType: "ADDED", additions: 2, deletions: 0 },
          { path: OVERLAY, changeType: "MODIFIED", additions: 2, deletions: 1 },
        ],
      },
    });
  });

  it("keeps each reviewer's latest approving or blocking review", async () => {
    gh.sim.pushCommit(GITOPS, "onboard/team-a", { "x.txt": "x" }, "alice");
    const { data: pull } = await gh.octokit.rest.pulls.create({ owner: "acme", repo: "gitops", head: "onboard/team-a", base: "main", title: "t" });
    gh.sim.submitReview(GITOPS, pull.number, "carol", "CHANGES_REQUESTED", "no");
    gh.sim.submitReview(GITOPS, pull.number, "dave", "APPROVED");
    gh.sim.submitReview(GITOPS, pull.number, "carol", "COMMENTED", "hm");
    gh.sim.submitReview(GITOPS, pull.number, "carol", "APPROVED");
    const { repository } = await gh.octokit.graphql<{ repository: { pullRequest: { reviewDecision: null; latestOpinionatedReviews: { nodes: Array<{ state: string; author: { login: string } }> } } } }>(
      `query ($n: Int!) { repository(owner: "acme", name: "gitops") { pullRequest(number: $n) { reviewDecision latestOpinionatedReviews(first: 10) { nodes { state author { login } } } } } }`,
      { n: pull.number },
    );
    expect(repository.pullRequest.reviewDecision).toBeNull();
    expect(repository.pullRequest.latestOpinionatedReviews.nodes).toEqual([
      { state: "APPROVED", author: { login: "carol" } },
      { state: "APPROVED", author: { login: "dave" } },
    ]);
  });

  it("pages a connection with cursors and reports the page", async () => {
    for (const body of ["two", "three", "four"]) gh.sim.comment(SUPPORT, 1, "carol", body);
    const page = `query ($after: String) { repository(owner: "acme", name: "requests") { issue(number: 1) {
      comments(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { body } } } } }`;
    type Page = { repository: { issue: { comments: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Array<{ body: string }> } } } };
    const first = (await gh.octokit.graphql<Page>(page, {})).repository.issue.comments;
    expect(first).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true }, nodes: [{ body: "/approve" }, { body: "two" }] });
    const second = (await gh.octokit.graphql<Page>(page, { after: first.pageInfo.endCursor })).repository.issue.comments;
    expect(second).toMatchObject({ pageInfo: { hasNextPage: false }, nodes: [{ body: "three" }, { body: "four" }] });
  });

  it("charges GitHub's cost: connection requests over 100, at least 1, and counts the nodes", async () => {
    const { rateLimit } = await gh.octokit.graphql<{ rateLimit: { cost: number; nodeCount: number } }>(`{
      rateLimit { cost nodeCount }
      repository(owner: "acme", name: "requests") { issues(first: 100) { nodes { comments(first: 50) { nodes { reactions(first: 60) { totalCount } } } } } }
    }`);
    // GitHub's documented example: 1 request for the issues, 100 for their comments, 100 × 50 for the comments'
    // reactions: 5,101 / 100 → 51 points; up to 100 + 5,000 + 300,000 nodes.
    expect(rateLimit).toEqual({ cost: 51, nodeCount: 305_100 });
    expect(gh.sim.calls.at(-1)?.graphql?.cost).toBe(51);
  });
});

describe("GraphQL: the schema and documents are prepared once", () => {
  it("builds GitHub's schema once per process and parses each document text once", () => {
    expect(githubSchema()).toBe(githubSchema());
    const text = "{ viewer { login } }";
    const first = prepareDocument(text);
    expect(first.errors).toEqual([]);
    expect(prepareDocument(text)).toBe(first);
    expect(prepareDocument("{ viewer { nope } }").errors.map((e) => e.message)).toEqual([expect.stringContaining('Cannot query field "nope" on type "User".')]);
  });
});

describe("GraphQL: queries GitHub refuses for their size", () => {
  const gh = useSimulator((sim) => sim.addRepo(SUPPORT), { checkViolations: false });

  it("refuses a query past 500,000 nodes before running it, with GitHub's message", async () => {
    const error = (await gh.octokit
      .graphql(`{ repository(owner: "acme", name: "requests") { issues(first: 100) { nodes { comments(first: 100) { nodes { reactions(first: 100) { nodes { content } } } } } } } }`)
      .catch((e: unknown) => e)) as { errors: unknown[]; data?: unknown };
    expect(error.data).toBeUndefined();
    expect(error.errors).toEqual([
      {
        type: "MAX_NODE_LIMIT_EXCEEDED",
        message: "By the time this query traverses to the reactions connection, it is requesting up to 1,010,100 possible nodes which exceeds the maximum limit of 500,000.",
      },
    ]);
    expect(gh.sim.violations).toEqual([expect.stringContaining("GitHub refuses this query")]);
  });
});

describe("GraphQL: errors GitHub answers while executing", () => {
  const gh = useSimulator(
    (sim) => {
      sim.addInstallation(2, "other");
      sim.addRepo("other/private");
      sim.addTeam("other", "core", ["erin"]);
      sim.addRepo(SUPPORT);
      sim.openIssue(SUPPORT, { author: "alice", title: "t", body: "b" });
    },
  );

  const errorsOf = async (query: string): Promise<{ data: unknown; errors: unknown }> => {
    const error = (await gh.octokit.graphql(query).catch((e: unknown) => e)) as { data: unknown; errors: unknown };
    return { data: error.data, errors: error.errors };
  };

  it("hides repositories of other installations behind NOT_FOUND, with data null", async () => {
    expect(await errorsOf(`{ repository(owner: "other", name: "private") { id } }`)).toEqual({
      data: { repository: null },
      errors: [{ type: "NOT_FOUND", path: ["repository"], locations: [{ line: 1, column: 3 }], message: "Could not resolve to a Repository with the name 'other/private'." }],
    });
  });

  it("refuses another organization's teams as an integration without access", async () => {
    const { data, errors } = await errorsOf(`{ organization(login: "other") { login team(slug: "core") { slug } } }`);
    expect(data).toEqual({ organization: { login: "other", team: null } });
    expect(errors).toMatchObject([{ type: "FORBIDDEN", path: ["organization", "team"], message: "Resource not accessible by integration" }]);
  });

  it("refuses a pull request number that is an issue, and unknown users", async () => {
    const { errors } = await errorsOf(`{ repository(owner: "acme", name: "requests") { pullRequest(number: 1) { id } } user(login: "nobody") { login } }`);
    expect(errors).toMatchObject([
      { type: "NOT_FOUND", path: ["repository", "pullRequest"], message: "Could not resolve to a PullRequest with the number of 1." },
      { type: "NOT_FOUND", path: ["user"], message: "Could not resolve to a User with the login of 'nobody'." },
    ]);
  });

  it("enforces pagination boundaries as GitHub does", async () => {
    const { errors } = await errorsOf(`{ repository(owner: "acme", name: "requests") {
      a: issue(number: 1) { comments { totalCount } }
      b: issue(number: 1) { comments(first: 101) { totalCount } } } }`);
    expect(errors).toMatchObject([
      { type: "MISSING_PAGINATION_BOUNDARIES", path: ["repository", "a", "comments"], message: "You must provide a `first` or `last` value to properly paginate the `comments` connection." },
      { type: "EXCESSIVE_PAGINATION", path: ["repository", "b", "comments"], message: "Requesting 101 records on the `comments` connection exceeds the `first` limit of 100 records." },
    ]);
  });
});
