/** Plain, typed snapshot of what GitHub said about one request: the observe step's output (no Octokit types). */

/** Who wrote something: a login and GitHub's actor type (`User`, `Bot`, …), or null for a deleted account. */
export interface ObservedActor {
  login: string;
  type: string;
}

/** A list read up to a page size: `complete` is false when GitHub has more than it returned. */
export interface ObservedList<T> {
  items: T[];
  /** How many GitHub has in total. */
  totalCount: number;
  /** True when `items` holds all of them. */
  complete: boolean;
  /** Cursor to continue after `items` when not complete (null when complete). */
  endCursor: string | null;
}

/** A comment on an issue or pull request. */
export interface ObservedComment {
  databaseId: number;
  id: string;
  body: string;
  author: ObservedActor | null;
  createdAt: string;
  /** When GitHub last changed the comment (equal to `createdAt` for a comment never edited). */
  updatedAt: string;
  lastEditedAt: string | null;
  /** True once the comment has been edited (the edit history then includes the revision as created). */
  includesCreatedEdit: boolean;
  /** The comment's page address. */
  url: string;
}

/** The support repository's issue that is the request. */
export interface ObservedIssue {
  /** Global node id (the subject of comment, label and close mutations). */
  id: string;
  number: number;
  title: string;
  body: string;
  state: "OPEN" | "CLOSED";
  stateReason: string | null;
  author: ObservedActor | null;
  labels: ObservedList<string>;
  createdAt: string;
  closedAt: string | null;
  /** The issue's page address. */
  url: string;
  comments: ObservedList<ObservedComment>;
}

/** The configuration file on the support repository's default branch, by its blob id, or absent. */
export type ObservedConfig =
  | { kind: "absent" }
  /** `text` is null for a binary file; `truncated` when GitHub cut it (past 512 KiB). */
  | { kind: "blob"; oid: string; text: string | null; truncated: boolean };

/** One path at the GitOps base commit. */
export type ObservedPath =
  | { kind: "absent" }
  | { kind: "blob"; oid: string; text: string | null; truncated: boolean; binary: boolean }
  | { kind: "tree"; oid: string; entries: Array<{ name: string; type: "blob" | "tree" | "commit"; oid?: string }> }
  /** A submodule (a commit recorded in the tree). */
  | { kind: "commit"; oid: string };

/** The GitOps base branch head and the requested paths at that one commit. */
export interface ObservedBase {
  commitOid: string;
  treeOid: string;
  /** Every requested path, in input order. */
  paths: ReadonlyMap<string, ObservedPath>;
  /** The root directory's entries with their oids (a repository's top level is small, and the scan starts there). */
  rootEntries?: ReadonlyArray<{ name: string; type: "blob" | "tree" | "commit"; oid: string }>;
}

/** A review of the request's pull request. */
export interface ObservedReview {
  databaseId: number;
  state: "PENDING" | "COMMENTED" | "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED";
  author: ObservedActor | null;
  submittedAt: string | null;
  /** The head commit the review was given on (null when GitHub no longer has it). */
  commitOid: string | null;
}

/** A pull request whose head branch is the request's branch. */
export interface ObservedPullRequest {
  id: string;
  number: number;
  title: string;
  /** The pull request's page address. */
  url: string;
  closedAt: string | null;
  state: "OPEN" | "CLOSED" | "MERGED";
  merged: boolean;
  mergeable: "MERGEABLE" | "CONFLICTING" | "UNKNOWN";
  /** True when the head branch is in another repository (a fork): such a pull request is not the bot's. */
  isCrossRepository: boolean;
  headRefName: string;
  headRefOid: string;
  baseRefName: string;
  body: string;
  author: ObservedActor | null;
  labels: ObservedList<string>;
  reviews: ObservedList<ObservedReview>;
  comments: ObservedList<ObservedComment>;
}

/** A looked-up login: its canonical spelling and type, or null when GitHub has no user by that login. */
export type ObservedUser = { login: string; type: string } | null;

/** GitHub's GraphQL points for the query(s) that made an observation. */
export interface ObservedCost {
  /** Points charged, summed over the documents sent. */
  cost: number;
  /** Points left in the lowest of the buckets used. */
  remaining: number;
}

/** Everything one request's decision needs, read from GitHub in one round trip. */
export interface Observation {
  /** Global node ids of the support and GitOps repositories, for the act step's mutations (createRef, createPullRequest). */
  repositoryIds: { support: string; gitops: string };
  /** The request. */
  issue: ObservedIssue;
  /** The configuration file on the support repository's default branch. */
  config: ObservedConfig;
  /** The requester's open requests (when asked for): their numbers, oldest first, one page, and how many there are. */
  openRequests: { numbers: number[]; totalCount: number } | null;
  /** The GitOps base branch head and paths, or null when the base branch does not exist. */
  base: ObservedBase | null;
  /** The request branch's head commit, or null when there is no such branch. */
  branchHead: string | null;
  /** Pull requests from the request's branch (at most 5; see `pullRequestCount`). */
  pullRequests: ObservedPullRequest[];
  /** How many pull requests GitHub has from that branch. */
  pullRequestCount: number;
  /** Each requested login, keyed as given. */
  users: ReadonlyMap<string, ObservedUser>;
  /**
   * Each requested team's members (lower-cased logins), keyed by lower-cased `org/slug`: empty for a team the
   * organization does not have, null when the organization could not be read or the team has more than one page.
   */
  teams: ReadonlyMap<string, readonly string[] | null>;
  cost: ObservedCost;
}
