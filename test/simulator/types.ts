/** Public, plain-data types the simulator hands to tests. */

/** A webhook delivery the simulator queued: what GitHub would POST to the app. */
export interface SimEvent {
  /** The `X-GitHub-Delivery` uuid. */
  id: string;
  /** The `X-GitHub-Event` name, e.g. `issues`. */
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- webhook payloads are GitHub's loose JSON
  payload: any;
}

/** One HTTP request the simulator answered. */
export interface RecordedCall {
  method: string;
  /** The request's pathname as sent (still percent-encoded). */
  path: string;
  /** The raw query string without `?` (empty when none). */
  query: string;
  /** The matched operation of GitHub's REST description, if any. */
  operationId?: string;
  status: number;
  /** `performance.now()` when the request arrived / when the response was finished. */
  startedAt: number;
  endedAt: number;
  /** The installation whose token authenticated the request. */
  installationId?: number;
  /** For `POST /graphql` (operationId `graphql`): what the document asked. */
  graphql?: GraphqlCallInfo;
}

/** What one GraphQL request was. */
export interface GraphqlCallInfo {
  operationName?: string;
  operation?: "query" | "mutation" | "subscription";
  /** The root fields selected (`repository`, `createCommitOnBranch`, …). */
  rootFields: string[];
  /** The root fields answered with a value (for a mutation: carried out), by name, in order; failed ones are left out. */
  answeredFields?: string[];
  /** Rate-limit points charged (GitHub's formula: connection requests / 100, at least 1). */
  cost: number;
}

/** A fault to inject; every given criterion must match. */
export interface FaultSpec {
  method?: string;
  /** A REST operation of the description, or `graphql` for `POST /graphql`. */
  operationId?: string;
  /** Tested against the raw pathname and its percent-decoded form. */
  path?: RegExp;
  /** A GraphQL request selecting this root field (`createCommitOnBranch`, `repository`, …). */
  graphqlField?: string;
  /** Only GraphQL requests whose operation has this name (`query MarkedThreads { … }` → `MarkedThreads`). */
  graphqlOperation?: string;
  /** Answer with this status (and `body`, `headers`) instead of handling the request. */
  status?: number;
  /** How many matching requests the fault applies to (default 1). */
  times?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Delay added before answering (alone: the request is then handled normally). */
  latencyMs?: number;
  /** `reset`: destroy the socket without answering. */
  network?: "reset";
}

/** A user as the inspection API returns it. */
export interface SimUser {
  login: string;
  type: "User" | "Bot" | "Organization";
}

/** A reaction on a comment or issue. */
export interface SimReaction {
  id: number;
  content: string;
  user: SimUser;
  created_at: string;
}

/** An issue or pull request as the inspection API returns it. */
export interface SimIssue {
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  state_reason: string | null;
  labels: string[];
  user: SimUser;
  assignees: string[];
  locked: boolean;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** Present for pull requests, as in GitHub's issue JSON. */
  pull_request?: { merged_at: string | null };
}

/** An issue comment as the inspection API returns it. */
export interface SimComment {
  id: number;
  body: string;
  user: SimUser;
  created_at: string;
  updated_at: string;
  reactions: SimReaction[];
}

/** A pull request review. */
export interface SimReview {
  id: number;
  user: SimUser;
  body: string;
  state: string;
  commit_id: string;
  submitted_at: string | null;
}

/** A pull request as the inspection API returns it. */
export interface SimPull {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  merged_at: string | null;
  merge_commit_sha: string | null;
  draft: boolean;
  title: string;
  body: string | null;
  user: SimUser;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  labels: string[];
  requested_reviewers: string[];
  requested_teams: string[];
  reviews: SimReview[];
  mergeable: boolean | null;
}

/** A commit as the inspection API returns it. */
export interface SimCommit {
  sha: string;
  message: string;
  parents: string[];
  tree: string;
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  verification: { verified: boolean; reason: string };
}
