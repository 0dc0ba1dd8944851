import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useSimulator } from "../harness/index.js";
import { GitStore, loadOpenApiIndex, RequestValidator } from "./index.js";
import { newIssueRecord } from "./issue-ops.js";
import { SimState } from "./model.js";
import type { OpenApiOperation } from "./openapi-index.js";
import { issueJson, pullJson, repoJson } from "./payloads.js";
import { personOf, UNVERIFIED } from "./repo-ops.js";

describe("route matching against the REST description", () => {
  const index = loadOpenApiIndex();
  const op = (method: string, path: string): unknown => {
    const m = index.match(method, path);
    return typeof m === "object" ? [m.operation.operationId, m.params] : m;
  };

  it("decodes %2F inside multi-segment parameters and accepts literal slashes too", () => {
    expect(op("GET", "/repos/o/r/git/ref/heads%2Fa%2Fb")).toEqual(["git/get-ref", { owner: "o", repo: "r", ref: "heads/a/b" }]);
    expect(op("GET", "/repos/o/r/contents/a/b.yaml")).toEqual(["repos/get-content", { owner: "o", repo: "r", path: "a/b.yaml" }]);
  });

  it("prefers literal segments over parameters and names parameters per operation", () => {
    expect(op("GET", "/repos/o/r/issues/comments/5")).toEqual(["issues/get-comment", { owner: "o", repo: "r", comment_id: "5" }]);
    expect(op("GET", "/repos/o/r/commits/main")).toEqual(["repos/get-commit", { owner: "o", repo: "r", ref: "main" }]);
    expect(op("GET", "/repos/o/r/branches/feat%2Fx/protection")?.toString()).toContain("repos/get-branch-protection");
  });

  it("distinguishes unknown paths from known paths with another method", () => {
    expect(op("GET", "/no/such/thing")).toBeUndefined();
    expect(op("PUT", "/repos/o/r/issues/1")).toBe("method-not-allowed");
  });
});

describe("requests the REST description does not allow", () => {
  const gh = useSimulator(
    (sim) => {
      sim.addRepo("o/r");
      sim.openIssue("o/r", { author: "alice", title: "t", body: "b" });
    },
    { owner: "o", checkViolations: false },
  );
  /** Octokit's request without its types, to send what the description forbids. */
  const send = (route: string, params: Record<string, unknown>): Promise<unknown> =>
    (gh.octokit.request as unknown as (r: string, p: Record<string, unknown>) => Promise<unknown>)(route, params);

  it("records a body of the wrong type as a violation and answers 422 without changing state", async () => {
    await expect(send("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { owner: "o", repo: "r", issue_number: 1, labels: 5 })).rejects.toMatchObject({ status: 422 });
    expect(gh.sim.violations).toHaveLength(1);
    expect(gh.sim.violations[0]).toContain("POST /repos/o/r/issues/1/labels (issues/add-labels)");
    expect(gh.sim.violations[0]).toContain("body.labels: must be array");
    expect(gh.sim.issue("o/r", 1).labels).toEqual([]);
  });

  it("records unknown body properties, bad enum values and unknown query parameters", async () => {
    await expect(send("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner: "o", repo: "r", issue_number: 1, state_reson: "completed" })).rejects.toMatchObject({ status: 422 });
    await expect(send("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner: "o", repo: "r", issue_number: 1, state: "shut" })).rejects.toMatchObject({ status: 422 });
    await expect(send("GET /repos/{owner}/{repo}/issues", { owner: "o", repo: "r", per_pag: 5 })).rejects.toMatchObject({ status: 422 });
    expect(gh.sim.violations.map((v) => v.replace(/:.*/s, ""))).toEqual([
      "PATCH /repos/o/r/issues/1 (issues/update)",
      "PATCH /repos/o/r/issues/1 (issues/update)",
      "GET /repos/o/r/issues (issues/list-for-repo)",
    ]);
    expect(gh.sim.violations[0]).toContain("'state_reson'");
    expect(gh.sim.violations[2]).toContain("'per_pag'");
  });

  it("records unknown routes and answers GitHub's 404 JSON", async () => {
    const error = await send("GET /repos/{owner}/{repo}/definitely-not-a-route", { owner: "o", repo: "r" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, response: { data: { message: "Not Found", documentation_url: expect.any(String) } } });
    expect(gh.sim.violations[0]).toContain("GET /repos/o/r/definitely-not-a-route: no operation");
  });

  it("records operations the simulator does not implement yet", async () => {
    await expect(gh.octokit.rest.repos.listForOrg({ org: "o" })).rejects.toMatchObject({ status: 404 });
    expect(gh.sim.violations[0]).toContain("(repos/list-for-org)");
    expect(gh.sim.violations[0]).toContain("does not implement");
  });

  it("records the operationId of every call", async () => {
    await gh.octokit.rest.issues.get({ owner: "o", repo: "r", issue_number: 1 });
    expect(gh.sim.calls.map((c) => c.operationId)).toEqual(["apps/create-installation-access-token", "issues/get"]);
    expect(gh.sim.violations).toEqual([]);
  });
});

describe("responses checked against the REST description", () => {
  const index = loadOpenApiIndex();
  const validator = new RequestValidator(index);
  const operation = (id: string): OpenApiOperation => index.operation(id) as OpenApiOperation;

  it("accepts the simulator's own rendering of an issue, pull request and repository", () => {
    const state = new SimState();
    state.ensureUser("o", "Organization");
    state.teams.set("o/core", { id: 7, org: "o", slug: "core", members: [] });
    const repo = { id: 1, owner: "o", name: "r", fullName: "o/r", defaultBranch: "main", git: new GitStore(), refs: new Map(), issues: new Map(), comments: new Map(), labels: new Map(), nextNumber: 2, created_at: state.now(), pushed_at: state.now() };
    const issue = newIssueRecord(state, repo, "alice", "t", null);
    issue.labels.push("onboarding");
    expect(validator.validateResponse(operation("issues/get"), 200, issueJson(state, repo, issue))).toEqual([]);
    expect(validator.validateResponse(operation("repos/get"), 200, repoJson(state, repo))).toEqual([]);
    const sha = repo.git.writeCommit({ tree: repo.git.writeTree([]), parents: [], author: personOf(state, "alice"), committer: personOf(state, "alice"), message: "m", verification: UNVERIFIED });
    issue.pull = { headRef: "h", headSha: sha, baseRef: "main", baseSha: sha, merged: false, merged_at: null, merged_by: null, merge_commit_sha: null, requested_reviewers: [], requested_teams: ["core"], reviews: [], draft: false };
    expect(validator.validateResponse(operation("pulls/get"), 200, pullJson(state, repo, issue))).toEqual([]);
    expect(validator.validateResponse(operation("pulls/list"), 200, [pullJson(state, repo, issue)])).toEqual([]);
  });

  it("names each required field missing and each wrong type", () => {
    expect(validator.validateResponse(operation("issues/get-comment"), 200, { id: "1", body: "x" })).toEqual(
      expect.arrayContaining(["response: must have required property 'node_id'", "response.id: must be integer"]),
    );
  });

  it("refuses a success status the operation does not describe, but not an undescribed error status", () => {
    expect(validator.validateResponse(operation("issues/delete-comment"), 200, {})).toEqual([
      "response: status 200 is not a response the description gives for this operation",
    ]);
    expect(validator.validateResponse(operation("issues/delete-comment"), 204, undefined)).toEqual([]);
    expect(validator.validateResponse(operation("issues/delete-comment"), 404, { message: "Not Found" })).toEqual([]);
  });

  it("checks error bodies the description gives a schema for", () => {
    expect(validator.validateResponse(operation("issues/get"), 404, { message: "Not Found", documentation_url: "x" })).toEqual([]);
    expect(validator.validateResponse(operation("issues/create"), 422, { message: 5, documentation_url: "x" })).toEqual(["response.message: must be string"]);
  });
});

describe("validators kept between processes", () => {
  const index = loadOpenApiIndex();
  const operation = (id: string): OpenApiOperation => index.operation(id) as OpenApiOperation;
  const temps: string[] = [];
  afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** The verdicts that exercise every kind of validator: path and query coercion, bodies, responses with shared schemas. */
  function verdicts(validator: RequestValidator): unknown {
    const parts = (params: Record<string, unknown>, query: Record<string, unknown>, body: unknown) => ({ params, query, body });
    const coerced = parts({ owner: "o", repo: "r", issue_number: "7" }, { per_page: "5" }, undefined);
    return {
      coerced: [validator.validate(operation("issues/list-comments"), coerced), coerced],
      badPath: validator.validate(operation("issues/get"), parts({ owner: "o", repo: "r", issue_number: "seven" }, {}, undefined)),
      badQuery: validator.validate(operation("issues/list-comments"), parts({ owner: "o", repo: "r", issue_number: "1" }, { nope: "1" }, undefined)),
      badBody: validator.validate(operation("issues/update"), parts({ owner: "o", repo: "r", issue_number: "1" }, {}, { state: "shut", state_reson: "x" })),
      missingBody: validator.validate(operation("issues/create-comment"), parts({ owner: "o", repo: "r", issue_number: "1" }, {}, undefined)),
      badResponse: validator.validateResponse(operation("issues/get-comment"), 200, { id: "1", body: "x" }),
      badPull: validator.validateResponse(operation("pulls/get"), 200, { number: 1, user: { login: 5 } }),
      goodError: validator.validateResponse(operation("issues/get"), 404, { message: "Not Found", documentation_url: "x" }),
    };
  }

  it("judge every request and response exactly as freshly compiled ones do", () => {
    const root = mkdtempSync(path.join(tmpdir(), "sim-validators-"));
    temps.push(root);
    const compiled = verdicts(new RequestValidator(index, { storeRoot: false }));
    const first = verdicts(new RequestValidator(index, { storeRoot: root }));
    const stored = readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith(".cjs"));
    expect(stored).toEqual(expect.arrayContaining([expect.stringContaining("response%20pulls%2Fget%20200.cjs"), expect.stringContaining("body%20issues%2Fupdate.cjs")]));
    const loaded = verdicts(new RequestValidator(index, { storeRoot: root }));
    expect(first).toEqual(compiled);
    expect(loaded).toEqual(compiled);
    expect(compiled).toMatchObject({ badPath: [expect.stringContaining("path.issue_number")], badResponse: expect.arrayContaining(["response.id: must be integer"]) });
  });
});
