import type { FileChange } from "../types.js";

/**
 * What a publication writes, as the request planner decides it (`plan/request/plan-request.ts`) and
 * `publishRequest` takes it: a pure type of its own, so the planner names these fields without reaching GitHub I/O.
 */
export interface Publication {
  files: readonly FileChange[];
  /**
   * Paths the change deletes from the base (offboarding). Each must exist at the base; none may be in `files`. They
   * are folded into `digest` and `tenantDigest` by `publishRequest` (so what gets deleted is part of what an approval
   * is for): do not fold them in yourself.
   */
  deletions?: readonly string[];
  /** Digest of every rendered file: an unchanged rendering makes no commit. */
  digest: string;
  /** Digest of the tenant's own content (what approvals are for). */
  tenantDigest: string;
  /** Short hashes of the request's fields, recorded with each commit to say later what changed. */
  fields: Record<string, string>;
  commitMessage: string;
  title: string;
  body: string;
  /** Reopen a pull request that was closed without merge (the requester asked with `/retry`). */
  reopen: boolean;
}
