import { ApiError, BOT_LOGIN, type Actor, type RepoRecord, type SimState } from "./model.js";

/** Everything a REST handler gets: validated (and coerced) parameters, the body and the authenticated actor. */
export interface RouteContext {
  state: SimState;
  operationId: string;
  /** Path parameters, decoded and coerced to the described types. */
  params: Record<string, unknown>;
  /** Query parameters, coerced to the described types. */
  query: Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are validated against the description
  body: any;
  /** The request's `Accept` header (lower case). */
  accept: string;
  /** The installation whose token authenticated the request (unset for app-JWT requests). */
  installationId?: number;
  /** The request URL (for pagination links). */
  url: URL;
}

/** What a handler answers. `raw` sends a non-JSON body. */
export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: { text: string; contentType: string };
}

/** A REST handler for one operation. */
export type RouteHandler = (ctx: RouteContext) => RouteResult;

/** The actor of a request: the app's bot user for installation tokens. */
export function actorOf(_ctx: RouteContext): Actor {
  return BOT_LOGIN;
}

/**
 * The repository named by the `owner`/`repo` path parameters, if the authenticated installation can see it;
 * 404 otherwise (GitHub does not reveal repositories an installation cannot access).
 */
export function repoOf(ctx: RouteContext): RepoRecord {
  const repo = ctx.state.repo(`${String(ctx.params.owner)}/${String(ctx.params.repo)}`);
  if (!repo || repo.installationId === undefined || repo.installationId !== ctx.installationId) {
    throw new ApiError(404, "Not Found");
  }
  return repo;
}

/** A numeric path parameter. */
export function numberParam(ctx: RouteContext, name: string): number {
  return Number(ctx.params[name]);
}

/** A string parameter (path or query), or `undefined`. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

/**
 * One page of `items` per `per_page` (default 30, max 100) and `page`, with GitHub's `link` header
 * (`next`/`last`/`first`/`prev`) so Octokit's paginate follows it.
 */
export function paginate(ctx: RouteContext, items: unknown[]): RouteResult {
  const perPage = Math.min(Math.max(Number(ctx.query.per_page ?? 30) || 30, 1), 100);
  const page = Math.max(Number(ctx.query.page ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string): string => {
    const url = new URL(ctx.url.href);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(p));
    return `<${ctx.state.apiUrl}${url.pathname}${url.search}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"), link(1, "first"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  return { body: slice, ...(links.length > 0 ? { headers: { link: links.join(", ") } } : {}) };
}
