import type { Metrics } from "./metrics.js";

/** The part of an Octokit instance that {@link instrumentOctokit} needs: its `before-after-hook` collection. */
export interface HookableOctokit {
  hook: {
    // The hook collection's own types are generic over every hook name; only "request" is used here.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    wrap: Function;
  };
}

const MAX_ENDPOINT_LENGTH = 200;
const instrumented = new WeakSet<object>();

/**
 * Turns the method and URL of an Octokit request into a bounded metric label: `GET /repos/{owner}/{repo}/pulls`.
 *
 * Octokit hands request hooks the route template (`/repos/{owner}/{repo}/pulls`), which is used as is. URLs that are
 * already filled in (pagination follows absolute `Link` URLs such as `https://api.github.com/repositories/1/issues?page=2`)
 * are reduced to their path, with the query string (which may carry tokens) dropped, numeric segments replaced by `{id}`
 * and the owner and name after `/repos/` replaced by `{owner}/{repo}`, so no token, query or name ever becomes a label.
 */
export function endpointLabel(method: unknown, url: unknown): string {
  const verb = typeof method === "string" && /^[A-Za-z]{1,10}$/.test(method) ? method.toUpperCase() : "UNKNOWN";
  return `${verb} ${pathTemplate(url)}`;
}

function pathTemplate(url: unknown): string {
  if (typeof url !== "string" || url === "") return "/";
  let path = url;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path)) {
    try {
      path = new URL(path).pathname;
    } catch {
      return "(invalid url)";
    }
    // GitHub Enterprise Server serves the REST API under /api/v3.
    if (path.startsWith("/api/v3/")) path = path.slice("/api/v3".length);
  }
  path = path.split(/[?#]/, 1)[0] ?? "";
  if (!path.startsWith("/")) path = `/${path}`;
  // Octokit also accepts the older `:param` placeholder style; show every template the same way.
  const segments = path.split("/").map((segment) => segment.replace(/^:([a-z]\w*)$/, "{$1}"));
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i] ?? "";
    if (/^\d+$/.test(segment)) segments[i] = "{id}";
  }
  if (segments[1] === "repos") {
    if (segments.length > 2 && !isPlaceholder(segments[2])) segments[2] = "{owner}";
    if (segments.length > 3 && !isPlaceholder(segments[3])) segments[3] = "{repo}";
  }
  const out = segments.join("/");
  return out.length > MAX_ENDPOINT_LENGTH ? `${out.slice(0, MAX_ENDPOINT_LENGTH)}…` : out;
}

function isPlaceholder(segment: string | undefined): boolean {
  return segment !== undefined && /^\{\w+\}$/.test(segment);
}

/** Records GitHub's rate-limit headers (`x-ratelimit-remaining` / `-limit` / `-resource`) of a response. */
function recordRateLimit(metrics: Metrics, response: unknown): void {
  const headers = (response as { headers?: Record<string, unknown> } | undefined)?.headers;
  if (!headers) return;
  const remaining = Number(headers["x-ratelimit-remaining"]);
  const limit = Number(headers["x-ratelimit-limit"]);
  if (!Number.isFinite(remaining) || !Number.isFinite(limit) || limit <= 0) return;
  const resource = typeof headers["x-ratelimit-resource"] === "string" && /^[a-z_]{1,40}$/.test(headers["x-ratelimit-resource"]) ? headers["x-ratelimit-resource"] : "core";
  metrics.rateLimitRemaining.set({ resource }, Math.max(0, Math.min(1, remaining / limit)));
}

function statusOf(value: unknown): number {
  if (typeof value !== "object" || value === null || !("status" in value)) return 0;
  const status = (value as { status: unknown }).status;
  return typeof status === "number" && Number.isInteger(status) && status > 0 ? status : 0;
}

/**
 * Counts every request an Octokit instance makes in `metrics.githubCalls` (and failed ones, status >= 400 or no
 * response at all, in `metrics.githubErrors`), labelled by {@link endpointLabel} and HTTP status.
 *
 * The wrap is registered last, so it is the outermost hook: a request retried by Octokit's retry plugin counts once,
 * with its final status. Instrumenting the same instance twice is a no-op, so it is safe to call per event.
 */
export function instrumentOctokit(octokit: HookableOctokit, metrics: Metrics): void {
  if (instrumented.has(octokit)) return;
  instrumented.add(octokit);
  octokit.hook.wrap(
    "request",
    async (request: (options: unknown) => Promise<unknown>, options: { method?: unknown; url?: unknown }) => {
      const endpoint = endpointLabel(options.method, options.url);
      try {
        const response = await request(options);
        metrics.githubContact.lastAnswerAt = Date.now();
        recordRateLimit(metrics, response);
        metrics.githubCalls.inc({ endpoint, status: String(statusOf(response)) });
        return response;
      } catch (error) {
        // Octokit reports a request that got no response at all (DNS, TLS, reset) as a RequestError with status
        // 500 and no `response`; only a status that GitHub actually sent is recorded, anything else is 0.
        const status = typeof error === "object" && error !== null && "response" in error ? statusOf(error.response) : 0;
        if (status === 0) metrics.githubContact.lastNoAnswerAt = Date.now();
        else {
          metrics.githubContact.lastAnswerAt = Date.now();
          recordRateLimit(metrics, (error as { response?: unknown }).response);
        }
        metrics.githubCalls.inc({ endpoint, status: String(status) });
        // 304 Not Modified is thrown by Octokit but is a successful conditional request, not a failure.
        if (status === 0 || status >= 400) metrics.githubErrors.inc({ endpoint, status: String(status) });
        throw error;
      }
    },
  );
}

/**
 * The same instrumentation as an Octokit plugin, for `ProbotOctokit.plugin(octokitMetricsPlugin(metrics))` so every
 * installation client Probot creates is counted from its first request.
 */
export function octokitMetricsPlugin(metrics: Metrics): (octokit: HookableOctokit) => void {
  return (octokit) => instrumentOctokit(octokit, metrics);
}
