/**
 * The core data model shared by every pipeline step: intake produces an {@link OnboardingRequest}, validation
 * produces {@link Problem}s, rendering turns a valid request into {@link FileChange}s.
 */

/** Quota of a request: a configured tier, or explicit values when the tier is `custom`. */
export interface CustomQuota {
  /** Kubernetes quantity, e.g. `4` or `500m`. */
  cpu: string;
  /** Kubernetes quantity, e.g. `16Gi`. */
  memory: string;
  /** Kubernetes quantity, e.g. `100Gi`. */
  storage: string;
}

/**
 * An onboarding request after parsing and normalisation (logins without `@`, trimmed values), before validation.
 * This is the shape `schemas/onboarding-request.schema.json` describes.
 */
export interface OnboardingRequest {
  /** Team name; becomes the Group and the RoleBinding subject. */
  team: string;
  /** Namespaces to create; defaults to `[team]` when the field is left empty. */
  namespaces: string[];
  /** Target clusters by configured name. */
  clusters: string[];
  /** GitHub login of the project owner; always also a member. */
  owner: string;
  /** GitHub logins of the team's members, without `@`. */
  members: string[];
  /** Free text: what the project is. */
  description: string;
  /** Human-friendly display name for the namespaces; optional. */
  displayName?: string;
  /** Link to the project's documentation; optional. */
  docsUrl?: string;
  /** A configured tier name, or `custom`. */
  quotaTier: string;
  /**
   * Tiers of namespaces that do not use `quotaTier` (`name: tier` in the namespaces field), by namespace. A
   * namespace not listed uses `quotaTier`; see `namespaceTier`.
   */
  namespaceTiers?: Record<string, string>;
  /** Present exactly when `quotaTier` is `custom`. */
  customQuota?: CustomQuota;
  /** The requester ticked the acknowledgement checkbox. */
  acknowledged: boolean;
}

/** Field ids of the issue form; every {@link Problem} names one of these (or `body` for the whole issue). */
export type FieldId =
  | "clusters"
  | "team"
  | "namespaces"
  | "owner"
  | "members"
  | "description"
  | "display_name"
  | "docs_url"
  | "quota_tier"
  | "custom_cpu"
  | "custom_memory"
  | "custom_storage"
  | "custom_quota"
  | "acknowledgement"
  | "body";

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
