import type { Config } from "../config/schema.js";
import type { FileChange, GitopsSnapshot, OnboardingRequest, Problem, Provenance } from "../types.js";

/** Everything {@link renderTenant} needs; it reads nothing else. */
export interface RenderInput {
  /** The request, already validated and normalised (canonical logins, owner among members). */
  request: OnboardingRequest;
  config: Config;
  snapshot: GitopsSnapshot;
  provenance: Provenance;
}

/** What a rendering did, for the pull request body and the status comment. */
export interface RenderSummary {
  /** The namespaces created, in request order. */
  namespaces: string[];
  team: string;
  /** True when the team's Group already existed and was reused untouched. */
  teamReused: boolean;
  /** The clusters the namespaces were added to, in request order. */
  clusters: string[];
  /** Files written that did not exist, sorted. */
  createdPaths: string[];
  /** Existing files edited (overlay kustomizations only), sorted. */
  editedPaths: string[];
  /** Overlay directories whose kustomization was edited, sorted. */
  overlays: string[];
}

/**
 * Outcome of one rendering: files to read first (the caller reads them all and calls again), problems that stop
 * the request, or the files to write.
 */
export type RenderOutput =
  | { kind: "needs-files"; paths: string[] }
  | { kind: "problems"; problems: Problem[] }
  | { kind: "rendered"; files: FileChange[]; summary: RenderSummary };
