import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultQueue } from "./faults.js";
import { answerGraphql, graphqlOperationOf } from "./graphql/endpoint.js";
import { graphqlBucket } from "./graphql/query.js";
import { appHandlers } from "./handlers/apps.js";
import { contentHandlers } from "./handlers/contents.js";
import { gitHandlers } from "./handlers/git.js";
import { issueHandlers } from "./handlers/issues.js";
import { metaHandlers } from "./handlers/meta.js";
import { pullHandlers } from "./handlers/pulls.js";
import { repoHandlers } from "./handlers/repos.js";
import { userHandlers } from "./handlers/users.js";
import { ApiError, RATE_LIMIT, type SimState } from "./model.js";
import type { OpenApiIndex } from "./openapi-index.js";
import type { RequestValidator } from "./request-validation.js";
import type { RouteContext, RouteHandler } from "./route-context.js";
import type { RecordedCall } from "./types.js";

/** Every operation the simulator serves, by `operationId`. Add handlers here to grow the simulator. */
export const HANDLERS: Readonly<Record<string, RouteHandler>> = {
  ...appHandlers,
  ...repoHandlers,
  ...contentHandlers,
  ...gitHandlers,
  ...issueHandlers,
  ...pullHandlers,
  ...userHandlers,
  ...metaHandlers,
};

/** Operations that take the app's JWT rather than an installation token. */
const APP_JWT_OPERATIONS = new Set([
  "apps/get-authenticated",
  "apps/list-installations",
  "apps/get-installation",
  "apps/create-installation-access-token",
  "apps/get-repo-installation",
  "apps/get-org-installation",
  "apps/get-user-installation",
]);

const DOCS = "https://docs.github.com/rest";

/** The `operationId` recorded for (and matched by faults against) `POST /graphql`. */
export const GRAPHQL_OPERATION = "graphql";

/** What the request handler needs from the simulator. */
export interface HttpHost {
  state: SimState;
  index: OpenApiIndex;
  validator: RequestValidator;
  faults: FaultQueue;
  calls: RecordedCall[];
  violations: string[];
  latencyMs: number;
  /** Waits out latency. */
  sleep: (ms: number) => Promise<unknown>;
  inFlight: number;
  maxConcurrentCalls: number;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return status === 204
    ? { status, headers }
    : { status, headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(body) };
}

function errorAnswer(status: number, message: string, errors?: unknown[], headers?: Record<string, string>): Answer {
  return jsonAnswer(status, { message, ...(errors ? { errors } : {}), documentation_url: DOCS, status: String(status) }, headers);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function queryObject(url: URL): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  return query;
}

/** Decodes a JWT's payload without verifying it; `undefined` unless it is an RS256 app JWT that has not expired. */
function appJwtIssuer(token: string): number | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0] as string, "base64url").toString("utf8")) as { alg?: string };
    const payload = JSON.parse(Buffer.from(parts[1] as string, "base64url").toString("utf8")) as { iss?: unknown; exp?: unknown };
    if (header.alg !== "RS256" || typeof payload.exp !== "number" || payload.exp * 1000 < Date.now() - 60_000) return undefined;
    const iss = Number(payload.iss);
    return Number.isInteger(iss) && iss > 0 ? iss : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Handles one HTTP request end to end: fault injection (before anything changes), latency, routing against the
 * REST description, authentication, validation (violations are recorded and answered 422/404), the handler, and
 * rate-limit headers. Records the call.
 */
export async function handleHttpRequest(host: HttpHost, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const startedAt = performance.now();
  host.inFlight += 1;
  host.maxConcurrentCalls = Math.max(host.maxConcurrentCalls, host.inFlight);
  const method = (req.method ?? "GET").toUpperCase();
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const call: RecordedCall = { method, path: url.pathname, query: url.search.replace(/^\?/, ""), status: 0, startedAt, endedAt: startedAt };
  host.calls.push(call);
  try {
    const raw = await readBody(req);
    const isGraphql = url.pathname === "/graphql";
    const match = isGraphql ? undefined : host.index.match(method, url.pathname);
    const operation = typeof match === "object" ? match.operation : undefined;
    if (operation) call.operationId = operation.operationId;
    if (isGraphql) call.operationId = GRAPHQL_OPERATION;
    const gql = isGraphql ? graphqlOperationOf(raw) : undefined;
    const fault = host.faults.take(method, url.pathname, call.operationId, gql?.rootFields ?? [], gql?.name);
    if (fault?.latencyMs !== undefined) await host.sleep(fault.latencyMs);
    if (fault?.network === "reset") {
      req.socket.destroy();
      return;
    }
    let answer: Answer;
    if (fault?.status !== undefined) {
      answer = jsonAnswer(fault.status, fault.body ?? { message: `Simulated ${fault.status}`, documentation_url: DOCS }, fault.headers ?? {});
    } else {
      if (host.latencyMs > 0) await host.sleep(host.latencyMs);
      answer = isGraphql ? graphqlRoute(host, method, raw, req, call) : route(host, method, url, raw, req, match, call);
      if (fault?.headers) answer.headers = { ...answer.headers, ...fault.headers };
    }
    const bucket = call.installationId === undefined ? "app" : isGraphql ? graphqlBucket(call.installationId) : String(call.installationId);
    const used = (host.state.rateUsed.get(bucket) ?? 0) + (call.graphql?.cost ?? 1);
    host.state.rateUsed.set(bucket, used);
    const headers: Record<string, string> = {
      "x-ratelimit-limit": String(RATE_LIMIT),
      "x-ratelimit-remaining": String(Math.max(RATE_LIMIT - used, 0)),
      "x-ratelimit-reset": String(host.state.rateReset),
      "x-ratelimit-used": String(used),
      "x-ratelimit-resource": isGraphql ? "graphql" : "core",
      "x-github-api-version-selected": "2022-11-28",
      "x-github-request-id": `SIM:${host.calls.length}`,
      ...answer.headers,
    };
    call.status = answer.status;
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  } catch (error) {
    host.violations.push(`${method} ${url.pathname}: simulator failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    call.status = 500;
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify({ message: "Simulator failure", documentation_url: DOCS }));
  } finally {
    host.inFlight -= 1;
    call.endedAt = performance.now();
  }
}

/** The installation of a valid, unexpired installation token in an `Authorization` header. */
function tokenInstallation(host: HttpHost, authorization: string): number | undefined {
  const token = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization)?.[1];
  const grant = token === undefined ? undefined : host.state.tokens.get(token);
  return grant && grant.expiresAt >= Date.now() ? grant.installationId : undefined;
}

/** `POST /graphql` with an installation token (the same auth as REST), executed against GitHub's schema. */
function graphqlRoute(host: HttpHost, method: string, raw: Buffer, req: IncomingMessage, call: RecordedCall): Answer {
  if (method !== "POST") {
    host.violations.push(`${method} /graphql: GitHub's GraphQL endpoint takes POST only`);
    return errorAnswer(404, "Not Found");
  }
  const installationId = tokenInstallation(host, req.headers.authorization ?? "");
  if (installationId === undefined) {
    const hasToken = (req.headers.authorization ?? "") !== "";
    return jsonAnswer(401, {
      message: hasToken ? "Bad credentials" : "This endpoint requires you to be authenticated.",
      documentation_url: "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql",
    });
  }
  call.installationId = installationId;
  const { status, body, info } = answerGraphql(host.state, host.violations, installationId, raw);
  call.graphql = info;
  return jsonAnswer(status, body);
}

function route(
  host: HttpHost,
  method: string,
  url: URL,
  raw: Buffer,
  req: IncomingMessage,
  match: ReturnType<OpenApiIndex["match"]>,
  call: RecordedCall,
): Answer {
  const where = `${method} ${url.pathname}`;
  if (match === undefined || match === "method-not-allowed") {
    host.violations.push(`${where}: no operation of GitHub's REST description matches this ${match === undefined ? "path" : "method and path"}`);
    return errorAnswer(404, "Not Found");
  }
  const { operation } = match;
  const named = `${where} (${operation.operationId})`;
  const authorization = req.headers.authorization ?? "";
  let installationId: number | undefined;
  if (APP_JWT_OPERATIONS.has(operation.operationId)) {
    const jwt = /^bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const issuer = jwt === undefined ? undefined : appJwtIssuer(jwt);
    if (issuer === undefined) return errorAnswer(401, "A JSON web token could not be decoded");
    host.state.appId = issuer;
  } else {
    installationId = tokenInstallation(host, authorization);
    if (installationId === undefined) return errorAnswer(401, "Bad credentials");
    call.installationId = installationId;
  }
  let body: unknown;
  if (raw.length > 0) {
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      host.violations.push(`${named}: the body is not JSON`);
      return errorAnswer(400, "Problems parsing JSON");
    }
  }
  const params: Record<string, unknown> = { ...match.params };
  const query = queryObject(url);
  const problems = host.validator.validate(operation, { params, query, body });
  if (problems.length > 0) {
    host.violations.push(`${named}: request not allowed by the REST description: ${problems.join("; ")}`);
    return problems.some((p) => p.startsWith("path"))
      ? errorAnswer(404, "Not Found")
      : errorAnswer(422, `Invalid request.\n\n${problems.join("\n")}`);
  }
  const handler = HANDLERS[operation.operationId];
  if (!handler) {
    host.violations.push(`${named}: the simulator does not implement this operation yet (add it to test/simulator/handlers)`);
    return errorAnswer(404, "Not Found");
  }
  const ctx: RouteContext = {
    state: host.state,
    operationId: operation.operationId,
    params,
    query,
    body,
    accept: (req.headers.accept ?? "").toLowerCase(),
    url,
    ...(installationId === undefined ? {} : { installationId }),
  };
  let answer: Answer;
  try {
    const result = handler(ctx);
    const status = result.status ?? 200;
    if (result.raw) {
      return { status, headers: { "content-type": result.raw.contentType, ...result.headers }, body: result.raw.text };
    }
    answer = jsonAnswer(status, result.body, result.headers);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    answer = errorAnswer(error.status, error.message, error.errors, error.headers);
  }
  // What the simulator answers must be what GitHub could answer, or the app is tested against a GitHub that
  // does not exist: the body must match the operation's described response for its status.
  const mismatches = host.validator.validateResponse(operation, answer.status, answer.body === undefined ? undefined : JSON.parse(answer.body));
  if (mismatches.length > 0) host.violations.push(`${named}: response not allowed by the REST description: ${mismatches.join("; ")}`);
  return answer;
}
