import type { FileChange } from "../../types.js";
import { pullInfoOfGraphql, restActor, type GraphqlPull } from "../graphql-pull.js";
import type { PullInfo } from "../reader.js";

/**
 * The act step's writes to the GitOps repository as ONE GraphQL mutation document. GitHub runs the mutations of a
 * document one after the other, in order; a failing one is answered as an error next to the others' data, and the
 * ones after it still run, so every step below is safe on its own (each checks the state it expects):
 * - `createRef` fails when the branch exists ("already exists");
 * - `createCommitOnBranch` fails unless the branch is exactly at `expectedHead` (optimistic concurrency);
 * - `updateRefs` is atomic and checks each ref's current value (`before`) first;
 * - `createPullRequest` fails when the branch has no commit over the base or a pull request already exists.
 * Pure: building the document and reading the answer make no call (see `run-act.ts` for the call).
 */

/** The all-zero oid: as `before`, "the ref must not exist"; as `after`, "delete the ref". */
export const ZERO_OID = "0000000000000000000000000000000000000000";

/** One ref change of an atomic `updateRefs`. */
export interface RefChange {
  /** Branch name, without `refs/heads/`. */
  branch: string;
  /** The oid the branch must be at, or {@link ZERO_OID} for "must not exist"; omitted: not checked. */
  before?: string;
  /** The oid to move it to, or {@link ZERO_OID} to delete it. */
  after: string;
  /** Allow a move that is not a fast-forward. */
  force: boolean;
}

export type ActStep =
  | { kind: "createRef"; branch: string; oid: string }
  | { kind: "updateRefs"; changes: readonly RefChange[] }
  | {
      kind: "commit";
      branch: string;
      expectedHead: string;
      message: string;
      additions: readonly FileChange[];
      deletions: readonly string[];
    }
  | { kind: "createPull"; base: string; head: string; title: string; body: string }
  | { kind: "updatePull"; pullId: string; title?: string; body?: string; reopen?: boolean };

/** A commit GitHub created, as its mutation answered it (never as re-read from a branch, which can move). */
export interface CreatedCommit {
  oid: string;
  tree: string;
  parents: string[];
  /** GitHub's commit time (the bot cannot choose it). */
  committedAt: string;
}

/** What one document did, step by step. */
export interface ActResult {
  /** Per step, in order: whether GitHub carried it out, and its error (message, GitHub's type if any) when not. */
  steps: Array<{ kind: ActStep["kind"]; ok: boolean; error?: string; errorType?: string }>;
  /** The commit of the document's `commit` step, when it was made. */
  commit?: CreatedCommit;
  /** The pull request created or updated, when that step succeeded. */
  pull?: { id: string; number: number; url: string };
  /** The pull request a `createPull` step opened, as GitHub answered it (none when the answer lacked a field). */
  opened?: PullInfo;
}


const INPUT_TYPE: Record<ActStep["kind"], string> = {
  createRef: "CreateRefInput",
  updateRefs: "UpdateRefsInput",
  commit: "CreateCommitOnBranchInput",
  createPull: "CreatePullRequestInput",
  updatePull: "UpdatePullRequestInput",
};

const FIELD: Record<ActStep["kind"], string> = {
  createRef: "createRef(input: $INPUT) { ref { name } }",
  updateRefs: "updateRefs(input: $INPUT) { clientMutationId }",
  commit: "createCommitOnBranch(input: $INPUT) { commit { oid committedDate tree { oid } parents(first: 2) { nodes { oid } } } }",
  createPull:
    "createPullRequest(input: $INPUT) { pullRequest { id number url state merged mergeable title body headRefName headRefOid baseRefName closedAt author { login __typename } labels(first: 100) { nodes { name } } } }",
  updatePull: "updatePullRequest(input: $INPUT) { pullRequest { id number url } }",
};

/** The first line of a commit message is its headline, the rest (after one blank line) its body. */
function splitMessage(message: string): { headline: string; body?: string } {
  const cut = message.indexOf("\n");
  if (cut < 0) return { headline: message };
  const body = message.slice(cut + 1).replace(/^\n/, "");
  return body === "" ? { headline: message.slice(0, cut) } : { headline: message.slice(0, cut), body };
}

function inputOf(step: ActStep, repo: { nameWithOwner: string; id: string }): Record<string, unknown> {
  switch (step.kind) {
    case "createRef":
      return { repositoryId: repo.id, name: `refs/heads/${step.branch}`, oid: step.oid };
    case "updateRefs":
      return {
        repositoryId: repo.id,
        refUpdates: step.changes.map((c) => ({
          name: `refs/heads/${c.branch}`,
          afterOid: c.after,
          ...(c.before === undefined ? {} : { beforeOid: c.before }),
          force: c.force,
        })),
      };
    case "commit":
      return {
        branch: { repositoryNameWithOwner: repo.nameWithOwner, branchName: step.branch },
        expectedHeadOid: step.expectedHead,
        message: splitMessage(step.message),
        fileChanges: {
          additions: step.additions.map((f) => ({ path: f.path, contents: Buffer.from(f.content, "utf8").toString("base64") })),
          deletions: step.deletions.map((path) => ({ path })),
        },
      };
    case "createPull":
      return {
        repositoryId: repo.id,
        baseRefName: step.base,
        headRefName: step.head,
        title: step.title,
        body: step.body,
        maintainerCanModify: false,
      };
    case "updatePull":
      return {
        pullRequestId: step.pullId,
        ...(step.title === undefined ? {} : { title: step.title }),
        ...(step.body === undefined ? {} : { body: step.body }),
        ...(step.reopen ? { state: "OPEN" } : {}),
      };
  }
}

/** The mutation document and its variables for `steps`, run against the repository `repo` (name and node id). */
export function actDocument(steps: readonly ActStep[], repo: { nameWithOwner: string; id: string }): { query: string; variables: Record<string, unknown> } {
  if (steps.length === 0) throw new Error("act: a mutation document needs at least one step");
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const fields: string[] = [];
  steps.forEach((step, i) => {
    declarations.push(`$s${i}: ${INPUT_TYPE[step.kind]}!`);
    fields.push(`  s${i}: ${FIELD[step.kind].replace("$INPUT", `$s${i}`)}`);
    variables[`s${i}`] = inputOf(step, repo);
  });
  return { query: `mutation Act(${declarations.join(", ")}) {\n${fields.join("\n")}\n}`, variables };
}

/** One entry of a GraphQL answer's `errors`. */
export interface GraphqlErrorEntry {
  message: string;
  type?: string;
  path?: ReadonlyArray<string | number>;
}

type Json = Record<string, unknown> | null | undefined;

const objectAt = (value: unknown, key: string): Json =>
  typeof value === "object" && value !== null ? ((value as Record<string, unknown>)[key] as Json) : undefined;

/**
 * Whether a refused step was refused because a ref was not where the document expected it (someone else moved,
 * created or deleted it meanwhile: re-read and converge), rather than because of what the step asked (report that).
 * GitHub answers a stale `expectedHeadOid` with STALE_DATA, a missing branch with NOT_FOUND, and a stale `beforeOid`
 * with an error that has no type at all.
 */
export function lostRace(step: ActResult["steps"][number] | undefined): boolean {
  return step !== undefined && !step.ok && (step.errorType === undefined || step.errorType === "STALE_DATA" || step.errorType === "NOT_FOUND");
}

/** Reads GitHub's answer to {@link actDocument} (`data` may be partial when some steps failed). */
export function readActResult(steps: readonly ActStep[], data: Json, errors: readonly GraphqlErrorEntry[]): ActResult {
  const result: ActResult = { steps: [] };
  steps.forEach((step, i) => {
    const alias = `s${i}`;
    const error = errors.find((e) => e.path?.[0] === alias);
    const payload = objectAt(data, alias);
    const ok = error === undefined && payload !== null && payload !== undefined;
    if (ok) result.steps.push({ kind: step.kind, ok });
    else result.steps.push({ kind: step.kind, ok, error: error?.message ?? "no answer", ...(error?.type ? { errorType: error.type } : {}) });
    if (!ok) return;
    if (step.kind === "commit") {
      const commit = objectAt(payload, "commit");
      const parents = objectAt(objectAt(commit, "parents"), "nodes") as unknown;
      const oid = objectAt(commit, "oid") as unknown;
      const tree = objectAt(objectAt(commit, "tree"), "oid") as unknown;
      const at = objectAt(commit, "committedDate") as unknown;
      if (typeof oid !== "string" || typeof tree !== "string" || typeof at !== "string" || !Array.isArray(parents)) {
        throw new Error(`act: GitHub answered createCommitOnBranch without the new commit's oid, tree, parents and date`);
      }
      result.commit = { oid, tree, parents: parents.map((p: { oid?: unknown }) => String(p?.oid)), committedAt: at };
    }
    if (step.kind === "createPull" || step.kind === "updatePull") {
      const pull = objectAt(payload, "pullRequest");
      const id = objectAt(pull, "id") as unknown;
      const number = objectAt(pull, "number") as unknown;
      const url = objectAt(pull, "url") as unknown;
      if (typeof id === "string" && typeof number === "number" && typeof url === "string") result.pull = { id, number, url };
      if (step.kind === "createPull") {
        const opened = openedPullOf(pull);
        if (opened) result.opened = opened;
      }
    }
  });
  return result;
}

const str = (value: unknown): value is string => typeof value === "string";

/** The opened pull request from `createPullRequest`'s answer; undefined when a field is missing or mistyped. */
function openedPullOf(pull: Json): PullInfo | undefined {
  if (!pull) return undefined;
  const p = pull as Record<string, unknown>;
  const author = objectAt(p, "author");
  const labels = objectAt(objectAt(p, "labels"), "nodes") as unknown;
  const fields = [p.id, p.url, p.title, p.body, p.headRefName, p.headRefOid, p.baseRefName, p.state, p.mergeable];
  if (!fields.every(str) || typeof p.number !== "number" || typeof p.merged !== "boolean" || !Array.isArray(labels)) return undefined;
  const login = objectAt(author, "login") as unknown;
  const type = objectAt(author, "__typename") as unknown;
  if (!str(login) || !str(type)) return undefined;
  const names = labels.flatMap((l: unknown) => {
    const name = objectAt(l, "name") as unknown;
    return str(name) ? [name] : [];
  });
  return pullInfoOfGraphql({ ...(p as unknown as GraphqlPull), closedAt: str(p.closedAt) ? p.closedAt : null }, restActor({ login, type }), names);
}
