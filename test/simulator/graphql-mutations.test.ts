import { describe, expect, it } from "vitest";
import { createTestProbot, useSimulator } from "../harness/index.js";
import type { SimEvent } from "./index.js";

const GITOPS = "acme/gitops";
const SUPPORT = "acme/requests";
const support = { owner: "acme", repo: "requests" };

const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");

/** What the events say, comparable between a mutation and its REST twin. */
const summary = (events: SimEvent[]): string[] =>
  events.map((e) => [e.name, e.payload.action, e.payload.label?.name, e.payload.sender?.login].filter((x) => x !== undefined).join(" "));

/** The act step of the controller redesign: branch, signed commit and pull request in one request. */
const ACT = /* GraphQL */ `
  mutation Act($repo: ID!, $base: GitObjectID!, $ref: String!, $branch: String!, $files: [FileAddition!], $deletions: [FileDeletion!]) {
    createRef(input: { repositoryId: $repo, name: $ref, oid: $base }) { ref { name target { oid } } }
    createCommitOnBranch(input: {
      branch: { repositoryNameWithOwner: "acme/gitops", branchName: $branch }
      expectedHeadOid: $base
      message: { headline: "Onboard team-a", body: "Requested in acme/requests#1" }
      fileChanges: { additions: $files, deletions: $deletions }
    }) {
      commit { oid message author { name email } committer { name } signature { isValid wasSignedByGitHub } }
      ref { name target { oid } }
    }
    createPullRequest(input: { repositoryId: $repo, baseRefName: "main", headRefName: $branch, title: "Onboard team-a", body: "Fixes acme/requests#1" }) {
      pullRequest { id number headRefOid state author { login __typename } }
    }
  }
`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the JSON GitHub would send
type Json = any;

describe("GraphQL mutations", () => {
  const gh = useSimulator((sim) => {
    sim.addRepo(GITOPS, { files: { "overlays/moc/kustomization.yaml": "resources: []\n", "OLD.md": "old\n" } });
    sim.addRepo(SUPPORT);
    sim.addUser("carol");
    sim.addUser("dave");
    sim.addTeam("acme", "approvers", ["carol"]);
    sim.openIssue(SUPPORT, { author: "alice", title: "Onboard team-a", body: "b", labels: ["onboarding", "invalid"] });
    sim.openIssue(SUPPORT, { author: "alice", title: "Onboard team-b", body: "b", labels: ["onboarding", "invalid"] });
    sim.takeEvents();
  });

  const graphql = <T = Json>(query: string, variables: Record<string, unknown> = {}): Promise<T> => gh.octokit.graphql<T>(query, variables);
  const errorOf = async (query: string, variables: Record<string, unknown> = {}): Promise<{ data: Json; errors: Json[] }> =>
    (await gh.octokit.graphql(query, variables).then(
      () => expect.unreachable("the mutation should have failed"),
      (e: unknown) => e,
    )) as { data: Json; errors: Json[] };

  async function ids(): Promise<Json> {
    return graphql(`{
      gitops: repository(owner: "acme", name: "gitops") { id }
      support: repository(owner: "acme", name: "requests") {
        one: issue(number: 1) { id } two: issue(number: 2) { id }
        onboarding: label(name: "onboarding") { id } invalid: label(name: "invalid") { id }
      }
      carol: user(login: "carol") { id } dave: user(login: "dave") { id }
      organization(login: "acme") { team(slug: "approvers") { id } }
    }`);
  }

  async function act(branch = "onboard/team-a"): Promise<Json> {
    const { gitops: repo } = await ids();
    return graphql(ACT, {
      repo: repo.id,
      base: gh.sim.ref(GITOPS, "main"),
      ref: `refs/heads/${branch}`,
      branch,
      files: [{ path: "namespaces/team-a/namespace.yaml", contents: b64("kind: Namespace\n") }],
      deletions: [{ path: "OLD.md" }],
    });
  }

  it("creates the branch, a commit signed by GitHub and authored by the bot, and the pull request in one request", async () => {
    gh.sim.resetCalls();
    const result = await act();
    expect(gh.sim.calls.filter((c) => c.path === "/graphql").at(-1)).toMatchObject({
      graphql: { operationName: "Act", operation: "mutation", rootFields: ["createRef", "createCommitOnBranch", "createPullRequest"] },
    });
    const head = gh.sim.ref(GITOPS, "onboard/team-a");
    expect(result.createCommitOnBranch.commit).toEqual({
      oid: head,
      message: "Onboard team-a\n\nRequested in acme/requests#1",
      author: { name: "onboarding-bot[bot]", email: expect.stringMatching(/^\d+\+onboarding-bot\[bot\]@users\.noreply\.github\.com$/) },
      committer: { name: "onboarding-bot[bot]" },
      signature: { isValid: true, wasSignedByGitHub: true },
    });
    expect(gh.sim.commit(GITOPS, head as string).verification.verified).toBe(true);
    expect(gh.sim.readFile(GITOPS, "onboard/team-a", "namespaces/team-a/namespace.yaml")).toBe("kind: Namespace\n");
    expect(gh.sim.readFile(GITOPS, "onboard/team-a", "OLD.md")).toBeUndefined();
    expect(result.createPullRequest.pullRequest).toMatchObject({ number: 1, headRefOid: head, state: "OPEN", author: { login: "onboarding-bot", __typename: "Bot" } });
    expect(summary(gh.sim.takeEvents())).toEqual([
      "push onboarding-bot[bot]",
      "push onboarding-bot[bot]",
      "pull_request opened onboarding-bot[bot]",
    ]);
  });

  it("refuses a commit whose expectedHeadOid is stale with GitHub's STALE_DATA error and changes nothing", async () => {
    await act();
    gh.sim.takeEvents();
    const before = gh.sim.ref(GITOPS, "onboard/team-a");
    const main = gh.sim.ref(GITOPS, "main") as string;
    const error = await errorOf(
      `mutation ($oid: GitObjectID!) { createCommitOnBranch(input: {
        branch: { repositoryNameWithOwner: "acme/gitops", branchName: "onboard/team-a" }, expectedHeadOid: $oid,
        message: { headline: "again" }, fileChanges: { additions: [{ path: "x", contents: "eA==" }] } }) { commit { oid } } }`,
      { oid: main },
    );
    expect(error.data).toEqual({ createCommitOnBranch: null });
    expect(error.errors).toEqual([
      {
        type: "STALE_DATA",
        path: ["createCommitOnBranch"],
        locations: [{ line: 1, column: 33 }],
        message: `Expected branch to point to "${main}" but it did not.  Pull and try again.`,
      },
    ]);
    expect(gh.sim.ref(GITOPS, "onboard/team-a")).toBe(before);
    expect(gh.sim.takeEvents()).toEqual([]);
  });

  it("answers a repeated act with GitHub's errors for each step and changes nothing", async () => {
    await act();
    gh.sim.takeEvents();
    const head = gh.sim.ref(GITOPS, "onboard/team-a");
    const { gitops: repo } = await ids();
    const base = gh.sim.ref(GITOPS, "main");
    const again = await errorOf(ACT, { repo: repo.id, base, ref: "refs/heads/onboard/team-a", branch: "onboard/team-a", files: [], deletions: [] });
    expect(again.data).toEqual({ createRef: null, createCommitOnBranch: null, createPullRequest: null });
    expect(again.errors.map((e: Json) => [e.type, e.path[0], e.message])).toEqual([
      ["UNPROCESSABLE", "createRef", 'A ref named "refs/heads/onboard/team-a" already exists in the repository.'],
      ["STALE_DATA", "createCommitOnBranch", `Expected branch to point to "${base}" but it did not.  Pull and try again.`],
      ["UNPROCESSABLE", "createPullRequest", "A pull request already exists for acme:onboard/team-a."],
    ]);
    expect(gh.sim.ref(GITOPS, "onboard/team-a")).toBe(head);
    expect(gh.sim.takeEvents()).toEqual([]);
  });

  it("fails only the GraphQL requests that select the faulted root field", async () => {
    gh.sim.inject({ graphqlField: "createCommitOnBranch", status: 502 });
    await expect(graphql(`{ viewer { login } }`)).resolves.toEqual({ viewer: { login: "onboarding-bot[bot]" } });
    await expect(act()).rejects.toMatchObject({ status: 502 });
    expect(gh.sim.branches(GITOPS)).toEqual(["main"]);
    await expect(act()).resolves.toMatchObject({ createPullRequest: { pullRequest: { number: 1 } } });
  });

  it("moves and deletes refs by id, and merges a branch", async () => {
    await act();
    const { repository } = await graphql(`{ repository(owner: "acme", name: "gitops") { id ref(qualifiedName: "onboard/team-a") { id target { oid } } } }`);
    const head = repository.ref.target.oid;
    gh.sim.pushCommit(GITOPS, "main", { "other.txt": "x\n" }, "carol");
    gh.sim.takeEvents();
    const merged = await graphql(`mutation ($repo: ID!) { mergeBranch(input: { repositoryId: $repo, base: "onboard/team-a", head: "main" }) { mergeCommit { oid parents(first: 2) { nodes { oid } } } } }`, { repo: repository.id });
    expect(merged.mergeBranch.mergeCommit.parents.nodes.map((p: { oid: string }) => p.oid)).toEqual([head, gh.sim.ref(GITOPS, "main")]);
    expect(gh.sim.readFile(GITOPS, "onboard/team-a", "other.txt")).toBe("x\n");
    expect(summary(gh.sim.takeEvents())).toEqual(["push onboarding-bot[bot]", "pull_request synchronize onboarding-bot[bot]"]);

    const rewind = await errorOf(`mutation ($ref: ID!, $oid: GitObjectID!) { updateRef(input: { refId: $ref, oid: $oid }) { ref { name } } }`, { ref: repository.ref.id, oid: head });
    expect(rewind.errors[0]).toMatchObject({ type: "UNPROCESSABLE", message: "Update is not a fast forward" });
    await graphql(`mutation ($ref: ID!, $oid: GitObjectID!) { updateRef(input: { refId: $ref, oid: $oid, force: true }) { ref { target { oid } } } }`, { ref: repository.ref.id, oid: head });
    expect(gh.sim.ref(GITOPS, "onboard/team-a")).toBe(head);
    await graphql(`mutation ($ref: ID!) { deleteRef(input: { refId: $ref }) { clientMutationId } }`, { ref: repository.ref.id });
    expect(gh.sim.branches(GITOPS)).toEqual(["main"]);
    expect(gh.sim.pulls(GITOPS)[0]).toMatchObject({ state: "closed", merged: false });
  });

  it("steers a pull request: update, labels, reviewers, close, reopen, merge at the expected head", async () => {
    const { createPullRequest } = await act();
    const pr = createPullRequest.pullRequest.id;
    const { carol, dave, organization } = await ids();
    gh.sim.addRepo("acme/labels-elsewhere");
    gh.sim.takeEvents();
    await graphql(`mutation ($pr: ID!) { updatePullRequest(input: { pullRequestId: $pr, title: "Onboard team-a (2)", body: "new" }) { pullRequest { title body } } }`, { pr });
    const requested = await graphql(
      `mutation ($pr: ID!, $users: [ID!], $teams: [ID!]) { requestReviews(input: { pullRequestId: $pr, userIds: $users, teamIds: $teams }) {
        pullRequest { reviewRequests(first: 10) { nodes { requestedReviewer { __typename ... on User { login } ... on Team { slug } } } } } } }`,
      { pr, users: [carol.id, dave.id], teams: [organization.team.id] },
    );
    expect(requested.requestReviews.pullRequest.reviewRequests.nodes.map((n: Json) => n.requestedReviewer)).toEqual([
      { __typename: "User", login: "carol" },
      { __typename: "User", login: "dave" },
      { __typename: "Team", slug: "approvers" },
    ]);
    await graphql(`mutation ($pr: ID!, $users: [ID!]) { requestReviews(input: { pullRequestId: $pr, userIds: $users }) { clientMutationId } }`, { pr, users: [dave.id] });
    expect(gh.sim.pulls(GITOPS)[0]).toMatchObject({ title: "Onboard team-a (2)", body: "new", requested_reviewers: ["dave"], requested_teams: [] });
    await graphql(`mutation ($pr: ID!) { closePullRequest(input: { pullRequestId: $pr }) { pullRequest { state } } }`, { pr });
    await graphql(`mutation ($pr: ID!) { reopenPullRequest(input: { pullRequestId: $pr }) { pullRequest { state } } }`, { pr });
    expect(summary(gh.sim.takeEvents())).toEqual([
      "pull_request edited onboarding-bot[bot]",
      "pull_request review_requested onboarding-bot[bot]",
      "pull_request review_requested onboarding-bot[bot]",
      "pull_request review_requested onboarding-bot[bot]",
      "pull_request review_request_removed onboarding-bot[bot]",
      "pull_request review_request_removed onboarding-bot[bot]",
      "pull_request closed onboarding-bot[bot]",
      "pull_request reopened onboarding-bot[bot]",
    ]);

    const main = gh.sim.ref(GITOPS, "main");
    const stale = await errorOf(`mutation ($pr: ID!, $oid: GitObjectID!) { mergePullRequest(input: { pullRequestId: $pr, expectedHeadOid: $oid }) { pullRequest { merged } } }`, { pr, oid: main });
    expect(stale.errors[0]).toMatchObject({ type: "UNPROCESSABLE", path: ["mergePullRequest"], message: "Head branch was modified. Review and try the merge again." });
    const head = gh.sim.ref(GITOPS, "onboard/team-a");
    const merged = await graphql(
      `mutation ($pr: ID!, $oid: GitObjectID!) { mergePullRequest(input: { pullRequestId: $pr, expectedHeadOid: $oid, mergeMethod: SQUASH }) {
        pullRequest { merged state mergeCommit { oid } } } }`,
      { pr, oid: head },
    );
    expect(merged.mergePullRequest.pullRequest).toEqual({ merged: true, state: "MERGED", mergeCommit: { oid: gh.sim.ref(GITOPS, "main") } });
    expect(summary(gh.sim.takeEvents())).toEqual(["pull_request closed onboarding-bot[bot]", "push onboarding-bot[bot]"]);
  });

  it("emits the same events as the REST twins for comments, reactions, labels and issue state", async () => {
    const { support: repo } = await ids();
    const viaRest = async (): Promise<void> => {
      const { data: comment } = await gh.octokit.rest.issues.createComment({ ...support, issue_number: 1, body: "status" });
      await gh.octokit.rest.issues.updateComment({ ...support, comment_id: comment.id, body: "status 2" });
      await gh.octokit.rest.reactions.createForIssueComment({ ...support, comment_id: comment.id, content: "+1" });
      await gh.octokit.rest.issues.removeLabel({ ...support, issue_number: 1, name: "invalid" });
      await gh.octokit.rest.issues.addLabels({ ...support, issue_number: 1, labels: ["invalid"] });
      await gh.octokit.rest.issues.deleteComment({ ...support, comment_id: comment.id });
      await gh.octokit.rest.issues.update({ ...support, issue_number: 1, state: "closed", state_reason: "not_planned" });
      await gh.octokit.rest.issues.update({ ...support, issue_number: 1, state: "open" });
    };
    const viaGraphql = async (): Promise<void> => {
      const added = await graphql(`mutation ($id: ID!) { addComment(input: { subjectId: $id, body: "status" }) { commentEdge { node { id } } } }`, { id: repo.two.id });
      const comment = added.addComment.commentEdge.node.id;
      await graphql(`mutation ($id: ID!) { updateIssueComment(input: { id: $id, body: "status 2" }) { issueComment { body } } }`, { id: comment });
      const reacted = await graphql(`mutation ($id: ID!) { addReaction(input: { subjectId: $id, content: THUMBS_UP }) { reaction { content user { login } } } }`, { id: comment });
      expect(reacted.addReaction.reaction).toEqual({ content: "THUMBS_UP", user: { login: "onboarding-bot[bot]" } });
      await graphql(`mutation ($id: ID!, $labels: [ID!]!) { removeLabelsFromLabelable(input: { labelableId: $id, labelIds: $labels }) { clientMutationId } }`, { id: repo.two.id, labels: [repo.invalid.id] });
      await graphql(`mutation ($id: ID!, $labels: [ID!]!) { addLabelsToLabelable(input: { labelableId: $id, labelIds: $labels }) { labelable { labels(first: 5) { nodes { name } } } } }`, { id: repo.two.id, labels: [repo.invalid.id] });
      await graphql(`mutation ($id: ID!) { deleteIssueComment(input: { id: $id }) { clientMutationId } }`, { id: comment });
      await graphql(`mutation ($id: ID!) { closeIssue(input: { issueId: $id, stateReason: NOT_PLANNED }) { issue { state stateReason } } }`, { id: repo.two.id });
      await graphql(`mutation ($id: ID!) { reopenIssue(input: { issueId: $id }) { issue { state } } }`, { id: repo.two.id });
    };
    await viaRest();
    const rest = summary(gh.sim.takeEvents());
    await viaGraphql();
    expect(summary(gh.sim.takeEvents())).toEqual(rest);
    expect(rest).toContain("issue_comment edited onboarding-bot[bot]");
    expect(gh.sim.issue(SUPPORT, 2)).toMatchObject({ state: "open", labels: ["onboarding", "invalid"] });
  });

  it("creates a label once, then labels the request with its id", async () => {
    const { support: repo } = await ids();
    const { repository } = await graphql(`{ repository(owner: "acme", name: "requests") { id } }`);
    const create = (name: string): string => `mutation ($repo: ID!) { createLabel(input: { repositoryId: $repo, name: "${name}", color: "0E8A16" }) { label { id name color } } }`;
    const created = await graphql(create("onboarding/approved"), { repo: repository.id });
    expect(created.createLabel.label).toMatchObject({ name: "onboarding/approved", color: "0e8a16" });
    const again = await errorOf(create("Onboarding/Approved"), { repo: repository.id });
    expect(again.errors[0]).toMatchObject({ type: "UNPROCESSABLE", message: "Name has already been taken" });
    await graphql(`mutation ($id: ID!, $labels: [ID!]!) { addLabelsToLabelable(input: { labelableId: $id, labelIds: $labels }) { clientMutationId } }`, {
      id: repo.one.id,
      labels: [created.createLabel.label.id],
    });
    expect(gh.sim.issue(SUPPORT, 1).labels).toEqual(["onboarding", "invalid", "onboarding/approved"]);
    expect(summary(gh.sim.takeEvents())).toEqual(["issues labeled onboarding/approved onboarding-bot[bot]"]);
  });

  it("updateRefs checks every beforeOid first and moves all refs or none (zero oid: must not exist / delete)", async () => {
    await act();
    gh.sim.takeEvents();
    const { gitops: repo } = await ids();
    const main = gh.sim.ref(GITOPS, "main") as string;
    const head = gh.sim.ref(GITOPS, "onboard/team-a") as string;
    const zero = "0".repeat(40);
    const update = `mutation ($repo: ID!, $updates: [RefUpdate!]!) { updateRefs(input: { repositoryId: $repo, refUpdates: $updates }) { clientMutationId } }`;

    // One stale beforeOid: nothing moves, not even the valid update next to it.
    const stale = await errorOf(update, {
      repo: repo.id,
      updates: [
        { name: "refs/heads/scratch", beforeOid: zero, afterOid: main },
        { name: "refs/heads/onboard/team-a", beforeOid: main, afterOid: main, force: true },
      ],
    });
    expect(stale.errors[0]).toMatchObject({ type: "UNPROCESSABLE", path: ["updateRefs"] });
    expect(gh.sim.branches(GITOPS)).toEqual(["main", "onboard/team-a"]);
    expect(gh.sim.takeEvents()).toEqual([]);

    // A move backwards needs force.
    const backwards = await errorOf(update, { repo: repo.id, updates: [{ name: "refs/heads/onboard/team-a", beforeOid: head, afterOid: main }] });
    expect(backwards.errors[0]?.message).toContain("not a fast forward");
    expect(gh.sim.ref(GITOPS, "onboard/team-a")).toBe(head);

    await graphql(update, {
      repo: repo.id,
      updates: [
        { name: "refs/heads/scratch", beforeOid: zero, afterOid: head },
        { name: "refs/heads/onboard/team-a", beforeOid: head, afterOid: zero },
      ],
    });
    expect(gh.sim.ref(GITOPS, "scratch")).toBe(head);
    expect(gh.sim.ref(GITOPS, "onboard/team-a")).toBeUndefined();
    expect(summary(gh.sim.takeEvents())).toEqual(["push onboarding-bot[bot]", "push onboarding-bot[bot]", "pull_request closed onboarding-bot[bot]"]);
  });

  it("closes a pull request whose head is moved to exactly its base's head, as GitHub does", async () => {
    const result = await act();
    gh.sim.takeEvents();
    const { gitops: repo } = await ids();
    const main = gh.sim.ref(GITOPS, "main") as string;
    await graphql(`mutation ($repo: ID!, $updates: [RefUpdate!]!) { updateRefs(input: { repositoryId: $repo, refUpdates: $updates }) { clientMutationId } }`, {
      repo: repo.id,
      updates: [{ name: "refs/heads/onboard/team-a", beforeOid: result.createCommitOnBranch.commit.oid, afterOid: main, force: true }],
    });
    expect(gh.sim.pulls(GITOPS).map((p) => p.state)).toEqual(["closed"]);
    expect(summary(gh.sim.takeEvents())).toEqual(["push onboarding-bot[bot]", "pull_request synchronize onboarding-bot[bot]", "pull_request closed onboarding-bot[bot]"]);
  });

  it("answers NOT_FOUND for ids it cannot resolve, including another installation's objects", async () => {
    gh.sim.addInstallation(2, "other");
    gh.sim.addRepo("other/private");
    const { data: hidden } = await (await createTestProbot(gh.sim, () => undefined).auth(2)).rest.issues.create({ owner: "other", repo: "private", title: "secret" });
    const refused = await errorOf(`mutation ($id: ID!) { addComment(input: { subjectId: $id, body: "x" }) { clientMutationId } }`, { id: hidden.node_id });
    expect(refused.errors[0]).toMatchObject({ type: "NOT_FOUND", message: `Could not resolve to a node with the global id of '${hidden.node_id}'.` });
    const error = await errorOf(`mutation { addComment(input: { subjectId: "I_bm9wZQ", body: "x" }) { clientMutationId } }`);
    expect(error.errors[0]).toMatchObject({ type: "NOT_FOUND", message: "Could not resolve to a node with the global id of 'I_bm9wZQ'." });
    expect(summary(gh.sim.takeEvents())).toEqual(["issues opened onboarding-bot[bot]"]);
  });
});
