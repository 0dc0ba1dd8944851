import { describe, expect, it } from "vitest";
import { useSimulator } from "../harness/index.js";
import { loadOpenApiIndex } from "./index.js";

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
