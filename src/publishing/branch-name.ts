import type { Config } from "../config/schema.js";
import type { IssueRef } from "../github/repo-ref.js";

/**
 * One owner or repository name as a branch segment: lower case (GitHub names are case-insensitive, so the same
 * repository always gets the same branch however its name was spelled), every character other than `[a-z0-9_-]`
 * replaced by `-` (so no `.`, `..` or `.lock` can reach git).
 */
function branchSegment(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, "-");
}

/**
 * The deterministic branch of a request: the same request always maps to the same branch, which is how every
 * replica and every retry finds the work already done instead of duplicating it. `{owner}` and `{repo}` are the
 * request repository's owner and name (see {@link branchSegment}), `{number}` the issue number; the default template
 * has all three, so requests from different support repositories never share a branch.
 */
export function branchFor(config: Config, request: IssueRef): string {
  return config.gitops.branchTemplate
    .replaceAll("{number}", String(request.number))
    .replaceAll("{owner}", branchSegment(request.owner))
    .replaceAll("{repo}", branchSegment(request.repo));
}
