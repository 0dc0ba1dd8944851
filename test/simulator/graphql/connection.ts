import { GraphqlApiError } from "./errors.js";

/** Relay pagination arguments, as every GitHub connection takes them. */
export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** GitHub's most records one connection page may hold. */
export const MAX_PAGE = 100;

function cursorOf(index: number): string {
  return Buffer.from(`cursor:v2:${index}`, "utf8").toString("base64");
}

function indexOf(cursor: string | null | undefined, name: string): number | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!match) throw new GraphqlApiError("UNPROCESSABLE", `\`${cursor}\` does not appear to be a valid cursor for the \`${name}\` connection.`);
  return Number(match[1]);
}

/**
 * One page of `items` as a GitHub connection (`nodes`, `edges { cursor node }`, `pageInfo`, `totalCount`), with
 * GitHub's rules: `first` or `last` is required (MISSING_PAGINATION_BOUNDARIES), at most 100 (EXCESSIVE_PAGINATION),
 * not both.
 */
export function connection<T>(items: readonly T[], args: PageArgs, name: string): Record<string, unknown> {
  const { first, last } = args;
  if ((first === undefined || first === null) && (last === undefined || last === null)) {
    throw new GraphqlApiError("MISSING_PAGINATION_BOUNDARIES", `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`);
  }
  if (typeof first === "number" && typeof last === "number") {
    throw new GraphqlApiError("UNPROCESSABLE", `Passing both \`first\` and \`last\` to paginate the \`${name}\` connection is not supported.`);
  }
  for (const [argument, value] of [["first", first], ["last", last]] as const) {
    if (typeof value !== "number") continue;
    if (value > MAX_PAGE) {
      throw new GraphqlApiError("EXCESSIVE_PAGINATION", `Requesting ${value} records on the \`${name}\` connection exceeds the \`${argument}\` limit of ${MAX_PAGE} records.`);
    }
    if (value < 0) throw new GraphqlApiError("UNPROCESSABLE", `\`${argument}\` on the \`${name}\` connection cannot be less than zero.`);
  }
  let start = 0;
  let end = items.length;
  const after = indexOf(args.after, name);
  const before = indexOf(args.before, name);
  if (after !== undefined) start = Math.min(after + 1, end);
  if (before !== undefined) end = Math.max(Math.min(before, end), start);
  if (typeof first === "number") end = Math.min(end, start + first);
  if (typeof last === "number") start = Math.max(start, end - last);
  const edges = items.slice(start, end).map((node, offset) => ({ cursor: cursorOf(start + offset), node }));
  return {
    totalCount: items.length,
    nodes: edges.map((e) => e.node),
    edges,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
