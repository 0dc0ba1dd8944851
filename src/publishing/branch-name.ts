import type { Config } from "../config/schema.js";
import type { IssueRef } from "../github/repo-ref.js";

/**
 * The deterministic branch of a request: the same request always maps to the same branch, which is how every
 * replica and every retry finds the work already done instead of duplicating it.
 * The repository name is reduced to `[A-Za-z0-9_-]` (dots dropped, so no `..` or `.lock` can reach git).
 */
export function branchFor(config: Config, request: IssueRef): string {
  return config.gitops.branchTemplate
    .replaceAll("{number}", String(request.number))
    .replaceAll("{repo}", request.repo.replace(/[^A-Za-z0-9_-]/g, "-"));
}
