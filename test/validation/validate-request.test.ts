import { describe, expect, it } from "vitest";
import { parseIssueBody } from "../../src/intake/parse-issue-body.js";
import { renderRequestStatus } from "../../src/status/render-request-status.js";
import { mergeProblems, validateParsedRequest, validateRequest } from "../../src/validation/validate-request.js";
import { exampleConfig, exampleSnapshot, fixture, issueBody, validRequest } from "../intake/support.js";

const config = exampleConfig();
const world = { snapshot: exampleSnapshot(), users: new Map([["octocat", "octocat"], ["hubot", "hubot"]]) };

describe("validateRequest", () => {
  it("returns ok with the normalised request when nothing is wrong", () => {
    const result = validateRequest(validRequest({ members: ["hubot"] }), config, world);
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.request.members).toEqual(["hubot", "octocat"]);
  });

  it("reports schema and semantic problems together", () => {
    const result = validateRequest(validRequest({ team: "Bad", namespaces: ["taken-ns"], acknowledged: false }), config, world);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.field)).toEqual(["team", "namespaces", "acknowledgement"]);
  });

  it("runs no semantic rule on a field that failed the schema (one problem per value)", () => {
    const result = validateRequest(validRequest({ namespaces: ["kube-x", "kube-x"] }), config, world);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toContain("prefix Kubernetes and OpenShift reserve");
  });

  it("survives values of the wrong type without throwing", () => {
    const result = validateRequest({ team: 5, namespaces: "x", clusters: null, members: [1], customQuota: 3 }, config, world);
    expect(result.ok).toBe(false);
    expect(result.problems.length).toBeGreaterThan(3);
    expect(validateRequest(null, config, world).problems.map((p) => p.field)).toEqual(["body"]);
  });

  it("hands the checks a request of the schema's shape: wrong types empty, optional ones of the wrong type left out", () => {
    const result = validateRequest(
      { team: 5, namespaces: "x", clusters: [1, "smaug"], owner: "octocat", acknowledged: "yes", displayName: 7, docsUrl: "https://example.com", namespaceTiers: { a: "small", b: 2 }, customQuota: { cpu: 1 } },
      config,
      { ...world, users: null },
    );
    expect(result.request).toEqual({
      team: "",
      namespaces: [],
      clusters: ["smaug"],
      owner: "octocat",
      members: [],
      description: "",
      docsUrl: "https://example.com",
      quotaTier: "",
      namespaceTiers: { a: "small" },
      customQuota: { cpu: "", memory: "", storage: "" },
      acknowledged: false,
    });
  });
});

describe("validateParsedRequest", () => {
  it("reports an invisible character once, though both parser and schema see it", () => {
    const parsed = parseIssueBody(issueBody({ team: "my\u200bteam", namespaces: "my-team" }), config);
    const result = validateParsedRequest(parsed, config, world);
    expect(result.problems.filter((p) => p.field === "team")).toHaveLength(1);
    expect(result.ok).toBe(false);
  });

  it("finds every problem of the hostile JSON fixture", () => {
    const result = validateRequest(JSON.parse(fixture("invalid-request.json")) as unknown, config, world);
    // The repeated ok-ns is not reported: the namespaces field already failed the schema (kube-stuff).
    expect(result.problems.map((p) => p.field).sort()).toEqual(["body", "clusters", "namespaces", "owner", "team"]);
  });
});

describe("mergeProblems", () => {
  it("drops a problem equal in field and message to an earlier one", () => {
    const p = { field: "team" as const, label: "Team name", message: "m" };
    expect(mergeProblems([p], [{ ...p, expected: "x" }, { ...p, message: "n" }])).toHaveLength(2);
  });
});

describe("a large GitOps snapshot", () => {
  // The time this takes is a benchmark figure (`npm run bench`, cpu), never a test assertion.
  it("parses, validates and renders the status of a request against 5,000 existing namespaces", () => {
    const body = fixture("valid-basic.md");
    const snapshot = exampleSnapshot(Array.from({ length: 5000 }, (_, i) => `cluster-scope/base/core/namespaces/ns-${i}/namespace.yaml`));
    const users = new Map([["Octocat", "octocat"], ["hubot", "hubot"], ["mona", "mona"]]);
    const once = () => {
      const parsed = parseIssueBody(body, config);
      const result = validateParsedRequest(parsed, config, { snapshot, users });
      return renderRequestStatus({ kind: "valid", request: result.request, notices: result.notices });
    };
    const status = once();
    expect(status).toContain("onboarding-bot:status");
    expect(status).not.toMatch(/already exists/);
  });
});
