import { describe, expect, it } from "vitest";
import { useSimulator } from "../harness/index.js";

const repo = { owner: "acme", repo: "requests" };

const COMMENTS = /* GraphQL */ `
  query ($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on IssueComment {
        id
        databaseId
        body
        createdAt
        lastEditedAt
        includesCreatedEdit
        author { login __typename }
        userContentEdits(first: 10) { nodes { diff editedAt editor { login } deletedAt } }
      }
    }
  }
`;

interface CommentNode {
  id: string;
  databaseId: number;
  body: string;
  createdAt: string;
  lastEditedAt: string | null;
  includesCreatedEdit: boolean;
  author: { login: string; __typename: string };
  userContentEdits: { nodes: Array<{ diff: string | null; editedAt: string; editor: { login: string } | null; deletedAt: string | null }> };
}

describe("GraphQL: comments with their edit history", () => {
  const gh = useSimulator((sim) => {
    sim.addRepo("acme/requests");
    sim.openIssue("acme/requests", { author: "alice", title: "Onboard team-a", body: "please" });
  });

  const comments = async (ids: string[]): Promise<Array<CommentNode | null>> =>
    (await gh.octokit.graphql<{ nodes: Array<CommentNode | null> }>(COMMENTS, { ids })).nodes;

  it("answers an unedited comment by its REST node_id with no history", async () => {
    const id = gh.sim.comment("acme/requests", 1, "bob", "/approve");
    const { data } = await gh.octokit.rest.issues.getComment({ ...repo, comment_id: id });
    const [node] = await comments([data.node_id]);
    expect(node).toMatchObject({
      id: data.node_id,
      databaseId: id,
      body: "/approve",
      createdAt: data.created_at,
      lastEditedAt: null,
      includesCreatedEdit: false,
      author: { login: "bob", __typename: "User" },
      userContentEdits: { nodes: [] },
    });
  });

  it("keeps every revision's full text, newest first, with the created revision once edited", async () => {
    const id = gh.sim.comment("acme/requests", 1, "bob", "/lgtm");
    gh.sim.editComment("acme/requests", id, "/approve", "bob");
    gh.sim.editComment("acme/requests", id, "/approve\n/hold", "bob");
    const nodeId = (await gh.octokit.rest.issues.getComment({ ...repo, comment_id: id })).data.node_id;
    const [node] = await comments([nodeId]);
    expect(node?.body).toBe("/approve\n/hold");
    expect(node?.includesCreatedEdit).toBe(true);
    expect(node?.userContentEdits.nodes.map((e) => e.diff)).toEqual(["/approve\n/hold", "/approve", "/lgtm"]);
    expect(node?.userContentEdits.nodes.map((e) => e.editor?.login)).toEqual(["bob", "bob", "bob"]);
    expect(node?.userContentEdits.nodes[2]?.editedAt).toBe(node?.createdAt);
    expect(node?.lastEditedAt).toBe(node?.userContentEdits.nodes[0]?.editedAt);
  });

  it("records a REST edit by the app, whose bot GraphQL reports as a Bot without the [bot] suffix", async () => {
    const { data } = await gh.octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: "status: pending" });
    await gh.octokit.rest.issues.updateComment({ ...repo, comment_id: data.id, body: "status: approved" });
    const [node] = await comments([data.node_id]);
    expect(node?.author).toEqual({ login: "onboarding-bot", __typename: "Bot" });
    expect(node?.userContentEdits.nodes.map((e) => [e.diff, e.editor?.login])).toEqual([
      ["status: approved", "onboarding-bot"],
      ["status: pending", "onboarding-bot"],
    ]);
  });

  it("keeps the history of an issue body edited by its author", async () => {
    gh.sim.editIssue("acme/requests", 1, { body: "please, now" });
    const { repository } = await gh.octokit.graphql<{ repository: { issue: { body: string; includesCreatedEdit: boolean; userContentEdits: { nodes: Array<{ diff: string; editor: { login: string } }> } } } }>(
      `{ repository(owner: "acme", name: "requests") { issue(number: 1) { body includesCreatedEdit userContentEdits(last: 5) { nodes { diff editor { login } } } } } }`,
    );
    expect(repository.issue).toEqual({
      body: "please, now",
      includesCreatedEdit: true,
      userContentEdits: { nodes: [{ diff: "please, now", editor: { login: "alice" } }, { diff: "please", editor: { login: "alice" } }] },
    });
  });

  it("shows a revision deleted from the history without its text", async () => {
    const id = gh.sim.comment("acme/requests", 1, "bob", "/approve");
    gh.sim.editComment("acme/requests", id, "/hold", "bob");
    gh.sim.deleteCommentRevision("acme/requests", id, 0, "bob");
    const nodeId = (await gh.octokit.rest.issues.getComment({ ...repo, comment_id: id })).data.node_id;
    const [node] = await comments([nodeId]);
    expect(node?.userContentEdits.nodes.map((e) => [e.diff, e.deletedAt === null])).toEqual([
      ["/hold", true],
      [null, false],
    ]);
  });

  it("answers unknown ids with null and NOT_FOUND, next to the ids it resolves", async () => {
    const id = gh.sim.comment("acme/requests", 1, "bob", "hi");
    const nodeId = (await gh.octokit.rest.issues.getComment({ ...repo, comment_id: id })).data.node_id;
    const error = (await gh.octokit.graphql(COMMENTS, { ids: [nodeId, "IC_bm9wZQ"] }).catch((e: unknown) => e)) as {
      data: { nodes: unknown[] };
      errors: unknown[];
    };
    expect(error.data.nodes[0]).toMatchObject({ body: "hi" });
    expect(error.data.nodes[1]).toBeNull();
    expect(error.errors).toEqual([
      { type: "NOT_FOUND", path: ["nodes", 1], locations: [{ line: 3, column: 5 }], message: "Could not resolve to a node with the global id of 'IC_bm9wZQ'." },
    ]);
  });

  it("records the call, its root fields and its cost", async () => {
    gh.sim.resetCalls();
    await gh.octokit.graphql(`query Probe { node(id: "IC_bm9wZQ") { id } }`).catch(() => undefined);
    expect(gh.sim.calls.filter((c) => c.path === "/graphql")).toMatchObject([{ method: "POST", path: "/graphql", operationId: "graphql", status: 200, graphql: { operationName: "Probe", operation: "query", rootFields: ["node"], cost: 1 } }]);
  });
});

describe("GraphQL: documents GitHub's schema refuses", () => {
  const gh = useSimulator((sim) => sim.addRepo("acme/requests"), { checkViolations: false });

  it("refuses an unknown field as GitHub does (200 with errors) and records a violation", async () => {
    const error = (await gh.octokit.graphql(`{ viewer { login favouriteColour } }`).catch((e: unknown) => e)) as { errors: unknown[]; data?: unknown };
    expect(error.errors).toEqual([
      {
        extensions: { code: "undefinedField", typeName: "User", fieldName: "favouriteColour" },
        locations: [{ line: 1, column: 18 }],
        message: "Field 'favouriteColour' doesn't exist on type 'User'",
      },
    ]);
    expect(error.data).toBeUndefined();
    expect(gh.sim.violations).toEqual([expect.stringContaining('Cannot query field "favouriteColour" on type "User"')]);
    expect(gh.sim.calls.at(-1)).toMatchObject({ path: "/graphql", status: 200 });
  });

  it("refuses variables of the wrong type with GitHub's wording", async () => {
    const error = (await gh.octokit.graphql(`query ($n: Int!) { repository(owner: "acme", name: "requests") { issue(number: $n) { id } } }`, { n: "one" }).catch((e: unknown) => e)) as {
      errors: Array<{ message: string }>;
    };
    expect(error.errors.map((e) => e.message)).toEqual(["Variable $n of type Int! was provided invalid value"]);
    expect(gh.sim.violations).toEqual([expect.stringContaining("variables not allowed by the query")]);
  });

  it("asks for the same installation token as REST", async () => {
    const bare = await fetch(`${gh.sim.url}/graphql`, { method: "POST", body: JSON.stringify({ query: "{ viewer { login } }" }) });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ message: "This endpoint requires you to be authenticated." });
    const { viewer } = await gh.octokit.graphql<{ viewer: { login: string } }>(`{ viewer { login } }`);
    expect(viewer.login).toBe("onboarding-bot[bot]");
  });

  it("lets faults be injected for GraphQL calls", async () => {
    gh.sim.inject({ operationId: "graphql", status: 502 });
    await expect(gh.octokit.graphql(`{ viewer { login } }`)).rejects.toMatchObject({ status: 502 });
    await expect(gh.octokit.graphql(`{ viewer { login } }`)).resolves.toEqual({ viewer: { login: "onboarding-bot[bot]" } });
  });
});
