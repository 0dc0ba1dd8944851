import fc from "fast-check";
import { ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { createMetrics, endpointLabel, instrumentOctokit, type Metrics } from "../../src/observability/metrics.js";

type FakeFetch = (url: string, init: RequestInit) => Promise<Response>;

const silentLog = { debug() {}, info() {}, warn() {}, error() {}, trace() {}, fatal() {}, child() { return silentLog; } };

function octokitWith(fetchImpl: FakeFetch, token = "ghs_supersecrettoken123") {
  return new ProbotOctokit({
    auth: { token },
    retry: { enabled: false },
    throttle: { enabled: false },
    request: { fetch: fetchImpl },
    log: silentLog,
  } as ConstructorParameters<typeof ProbotOctokit>[0]);
}

function json(status: number, body: unknown): Response {
  return new Response(status === 304 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

async function counts(metrics: Metrics, which: "githubCalls" | "githubErrors") {
  const { values } = await metrics[which].get();
  return values.map((v) => ({ ...v.labels, value: v.value }));
}

describe("endpointLabel", () => {
  it("keeps Octokit route templates as they are", () => {
    expect(endpointLabel("get", "/repos/{owner}/{repo}/pulls")).toBe("GET /repos/{owner}/{repo}/pulls");
    expect(endpointLabel("POST", "/graphql")).toBe("POST /graphql");
  });

  it("reduces filled-in absolute pagination URLs to a template without query or ids", () => {
    expect(endpointLabel("GET", "https://api.github.com/repositories/1300192/issues?page=2&access_token=abc")).toBe(
      "GET /repositories/{id}/issues",
    );
    expect(endpointLabel("GET", "https://x-access-token:ghs_t@ghe.example/api/v3/repos/acme/app/pulls/7?x=1")).toBe(
      "GET /repos/{owner}/{repo}/pulls/{id}",
    );
  });

  it("turns the old ':param' style into the same template", () => {
    expect(endpointLabel("GET", "/repos/:owner/:repo/issues/:issue_number")).toBe("GET /repos/{owner}/{repo}/issues/{issue_number}");
  });

  it("never lets a login, repository name or query value into the label", () => {
    const segment = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,20}$/);
    fc.assert(
      fc.property(segment, segment, fc.string(), (owner, repo, secret) => {
        const url = `https://api.github.com/repos/${owner}/${repo}/pulls?token=${encodeURIComponent(secret)}`;
        expect(endpointLabel("GET", url)).toBe("GET /repos/{owner}/{repo}/pulls");
      }),
    );
  });

  it("labels nonsense methods and URLs without throwing", () => {
    expect(endpointLabel(undefined, undefined)).toBe("UNKNOWN /");
    expect(endpointLabel("GET\r\nX: y", "/x")).toBe("UNKNOWN /x");
  });
});

describe("instrumentOctokit", () => {
  it("counts a REST call by route template and status, not by the filled URL", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const seen: string[] = [];
    const octokit = octokitWith(async (url) => {
      seen.push(url);
      return json(200, []);
    });
    instrumentOctokit(octokit, metrics);
    await octokit.rest.pulls.list({ owner: "acme", repo: "tenants", state: "open" });
    expect(seen[0]).toContain("/repos/acme/tenants/pulls?state=open");
    expect(await counts(metrics, "githubCalls")).toEqual([
      { endpoint: "GET /repos/{owner}/{repo}/pulls", status: "200", value: 1 },
    ]);
    expect(await counts(metrics, "githubErrors")).toEqual([]);
  });

  it("counts a failed call in both counters with its status and rethrows the error", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const octokit = octokitWith(async () => json(404, { message: "Not Found" }));
    instrumentOctokit(octokit, metrics);
    await expect(octokit.rest.repos.getContent({ owner: "acme", repo: "tenants", path: "a/b.yaml" })).rejects.toMatchObject({
      status: 404,
    });
    const label = { endpoint: "GET /repos/{owner}/{repo}/contents/{path}", status: "404", value: 1 };
    expect(await counts(metrics, "githubCalls")).toEqual([label]);
    expect(await counts(metrics, "githubErrors")).toEqual([label]);
  });

  it("records status 0 when no response came back", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const octokit = octokitWith(async () => {
      throw new TypeError("fetch failed");
    });
    instrumentOctokit(octokit, metrics);
    await expect(octokit.request("GET /rate_limit")).rejects.toThrow();
    expect(await counts(metrics, "githubErrors")).toEqual([{ endpoint: "GET /rate_limit", status: "0", value: 1 }]);
  });

  it("does not count a 304 Not Modified as an error", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const octokit = octokitWith(async () => json(304, null));
    instrumentOctokit(octokit, metrics);
    await expect(octokit.request("GET /repos/{owner}/{repo}", { owner: "a", repo: "b" })).rejects.toMatchObject({ status: 304 });
    expect(await counts(metrics, "githubCalls")).toEqual([{ endpoint: "GET /repos/{owner}/{repo}", status: "304", value: 1 }]);
    expect(await counts(metrics, "githubErrors")).toEqual([]);
  });

  it("counts once when the same instance is instrumented twice", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const octokit = octokitWith(async () => json(200, {}));
    instrumentOctokit(octokit, metrics);
    instrumentOctokit(octokit, metrics);
    await octokit.request("GET /rate_limit");
    expect(await counts(metrics, "githubCalls")).toEqual([{ endpoint: "GET /rate_limit", status: "200", value: 1 }]);
  });

  it("never exposes the token, owner or query string in the metrics text", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const octokit = octokitWith(async () => json(200, []), "ghs_supersecrettoken123");
    instrumentOctokit(octokit, metrics);
    await octokit.rest.issues.listForRepo({ owner: "acme-private", repo: "hidden-repo", labels: "needle-label" });
    await octokit.request("GET https://api.github.com/repositories/42/issues?page=2&access_token=leaky");
    const text = await metrics.registry.metrics();
    expect(text).toContain('endpoint="GET /repos/{owner}/{repo}/issues",status="200"');
    expect(text).toContain('endpoint="GET /repositories/{id}/issues",status="200"');
    for (const secret of ["ghs_supersecrettoken123", "acme-private", "hidden-repo", "needle-label", "leaky", "page=2"]) {
      expect(text).not.toContain(secret);
    }
  });
});
