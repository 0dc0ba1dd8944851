/**
 * The core data model shared by every pipeline step: intake produces an {@link OnboardingRequest}, validation
 * produces {@link Problem}s, rendering turns a valid request into {@link FileChange}s.
 */

import type { FieldId } from "./validation/request-schema.js";

// The request's shape is defined once, in zod, in src/validation/request-schema.ts; these are its inferred types.
export type { CustomQuota, FieldId, OnboardingRequest } from "./validation/request-schema.js";

/**
 * One thing wrong with a request, named by the form field it belongs to so the requester knows what to fix.
 * `message` says what is wrong; `expected` says what would be right.
 */
export interface Problem {
  field: FieldId;
  /**
   * Who must act. Absent (the usual case): the requester, by fixing `field`. `"maintainers"`: the GitOps repository
   * or the bot's configuration is at fault (an overlay that does not build even before the change, a missing
   * component); the request itself may be fine, and the problem must be addressed to maintainers, never blamed on
   * the requester. `field` then names the part of the request it concerns (e.g. `clusters` for a broken overlay).
   */
  audience?: "maintainers";
  /** The label the person sees in the issue form, e.g. "Namespace names". */
  label: string;
  message: string;
  expected?: string;
  /** The offending value, raw (callers must escape it before echoing it anywhere). */
  value?: string;
}

/** Something validation noticed that is not a problem but the requester should know (owner added to members). */
export interface Notice {
  field: FieldId;
  label: string;
  message: string;
}

/** A file to write into the GitOps repository, path relative to its root. */
export interface FileChange {
  path: string;
  content: string;
}

/**
 * What the core knows of the GitOps repository at the base commit: its blob paths and the contents of the few files
 * it has read. Validation and rendering are pure functions of this snapshot.
 */
export interface GitopsSnapshot {
  /**
   * The blob paths at the base commit, relative to the repository root: every one (a checkout, the CLI), or, in the
   * app, a partial view of the paths looked up that throws for any other (`src/validation/tree-view.ts`).
   */
  paths: ReadonlySet<string>;
  /** Contents of the files read so far, by path. */
  files: ReadonlyMap<string, string>;
  /**
   * Names of the Namespace objects each file that may define one outside the layout defines, by path, as the caller
   * read them (see `src/validation/namespace-index.ts`); absent when nobody read them.
   */
  namespaceManifests?: ReadonlyMap<string, readonly string[]>;
}

/** Where a request came from; written into namespace annotations and the pull request. */
export interface Provenance {
  /** `owner/repo` of the repository where the request issue lives. */
  requestRepo: string;
  issueNumber: number;
  issueUrl: string;
  /** Login of the person who opened the request issue. */
  requester: string;
}
