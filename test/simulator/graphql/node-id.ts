/**
 * Global node ids shaped like GitHub's current ones: a type prefix, `_`, and an opaque base64url payload
 * (`IC_kwDO…` on github.com, where the payload is MessagePack). Here the payload is `0:<key>:<key>…` in base64url,
 * where the keys are the repository's database id for repository-scoped objects and then the object's own key
 * (database id, or object id for git objects). Clients must treat them as opaque, as GitHub asks; REST `node_id`
 * fields carry the same ids so they can be passed to `node(id:)` and to mutations.
 */

/** The GraphQL type behind each id prefix (GitHub's prefixes where known). */
const PREFIXES = {
  Repository: "R",
  Issue: "I",
  PullRequest: "PR",
  IssueComment: "IC",
  PullRequestReview: "PRR",
  User: "U",
  Bot: "BOT",
  Organization: "O",
  Label: "LA",
  Reaction: "REA",
  UserContentEdit: "UCE",
  Ref: "REF",
  Commit: "C",
  Tree: "TR",
  Blob: "B",
  Team: "T",
  App: "A",
  Installation: "IN",
  ReviewRequest: "RR",
  PullRequestCommit: "PURC",
} as const;

/** A type that has global ids. */
export type NodeType = keyof typeof PREFIXES;

const TYPE_OF_PREFIX = new Map<string, NodeType>(Object.entries(PREFIXES).map(([type, prefix]) => [prefix, type as NodeType]));

/** The global id of an object of `type` identified by `keys` (repository id first for repository-scoped objects). */
export function globalId(type: NodeType, ...keys: Array<string | number>): string {
  return `${PREFIXES[type]}_${Buffer.from(["0", ...keys].join(":"), "utf8").toString("base64url")}`;
}

/** The type and keys of a global id made by {@link globalId}, or `undefined` for anything else. */
export function parseGlobalId(id: string): { type: NodeType; keys: string[] } | undefined {
  const underscore = id.indexOf("_");
  if (underscore < 1) return undefined;
  const type = TYPE_OF_PREFIX.get(id.slice(0, underscore));
  const payload = id.slice(underscore + 1);
  if (type === undefined || !/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;
  const [version, ...keys] = Buffer.from(payload, "base64url").toString("utf8").split(":");
  if (version !== "0" || keys.length === 0 || globalId(type, ...keys) !== id) return undefined;
  return { type, keys };
}
