import type { Config } from "../../config/schema.js";
import type { FileChange, GitopsSnapshot, Notice, Problem, Provenance } from "../../types.js";
import type { ChangeRequest } from "./change-request.js";

/** Everything a change renderer needs; it reads nothing else. */
export interface ChangeInput<R = ChangeRequest> {
  change: R;
  config: Config;
  snapshot: GitopsSnapshot;
  /** Where the request came from (namespace annotations of a new namespace). */
  provenance: Provenance;
}

/** An object a built cluster overlay must hold (`present`) or no longer hold after the change; for the proof. */
export interface ExpectedObject {
  cluster: string;
  kind: string;
  name: string;
  namespace?: string;
  present: boolean;
}

/** What a change does, for the pull request body and the proof. */
export interface ChangeSummary {
  /** One line per effect, for people ("adds 'bob' to group 'aurora'", "deletes cluster-scope/.../aurora-dev/"). */
  lines: string[];
  /** Existing files edited, sorted. */
  editedPaths: string[];
  /** Files created, sorted. */
  createdPaths: string[];
  /** Files deleted, sorted. */
  deletedPaths: string[];
  /** Objects the clusters' overlays must (or must no longer) build after the change. */
  expect: ExpectedObject[];
}

/**
 * Outcome of a change renderer: files to read first (the caller reads them and calls again), problems that stop the
 * request, or the minimal edits (`files` to write, `deletions` to remove) with notices and a summary. A change that
 * is already in place renders no file and says so in `notices`.
 */
export type ChangeOutput =
  | { kind: "needs-files"; paths: string[] }
  | { kind: "problems"; problems: Problem[] }
  | { kind: "changed"; files: FileChange[]; deletions: string[]; notices: Notice[]; summary: ChangeSummary };

/** A partial result of a step: a value, files to read, or problems. */
export type Step<T> = { ok: T } | { kind: "needs-files"; paths: string[] } | { kind: "problems"; problems: Problem[] };

/** Whether a step stopped (needs files or has problems). */
export function stopped<T>(step: Step<T>): step is Exclude<Step<T>, { ok: T }> {
  return !("ok" in step);
}

/** A snapshot whose file contents are overridden by `edits` (path → new content): what the tree looks like after them. */
export function afterEdits(snapshot: GitopsSnapshot, edits: ReadonlyMap<string, string>, deleted: ReadonlySet<string> = new Set()): GitopsSnapshot {
  const files = new Map(snapshot.files);
  for (const [p, c] of edits) files.set(p, c);
  for (const p of deleted) files.delete(p);
  const paths = new Set([...snapshot.paths].filter((p) => !deleted.has(p)));
  for (const p of edits.keys()) paths.add(p);
  return { ...snapshot, paths, files };
}

/** An empty summary to fill. */
export function emptySummary(): ChangeSummary {
  return { lines: [], editedPaths: [], createdPaths: [], deletedPaths: [], expect: [] };
}
