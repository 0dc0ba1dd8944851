import type { FileChange } from "../types.js";
import { digestFiles } from "../util/digest.js";

/**
 * The lines of `after` that `before` does not have (a multiset difference, order kept): what an edit added to an
 * existing file, independent of the lines other tenants have around it.
 */
export function addedLines(before: string, after: string): string[] {
  const counts = new Map<string, number>();
  for (const line of before.split("\n")) counts.set(line, (counts.get(line) ?? 0) + 1);
  const added: string[] = [];
  for (const line of after.split("\n")) {
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    else added.push(line);
  }
  return added;
}

/**
 * The digest of the tenant's own content: every file the request creates, whole, and for every existing file it edits
 * (overlay kustomizations) only the lines it adds. An approval is given for this: merging a moved base branch into the
 * pull request changes the edited files' other lines but not this digest, so approvals survive it; any change to
 * what the tenant gets (a member, a namespace, a quota, a cluster) changes it, and every approval is reset.
 */
export function tenantDigest(files: readonly FileChange[], originals: ReadonlyMap<string, string>): string {
  return digestFiles(
    files.map((f) => {
      const before = originals.get(f.path);
      return before === undefined ? f : { path: f.path, content: `edit\n${addedLines(before, f.content).join("\n")}` };
    }),
  );
}

/**
 * `digest` extended with the paths a change deletes (offboarding): what gets deleted is part of what an approval is
 * given for, so a different set of deletions is different content and resets approvals. Without deletions the digest
 * is returned unchanged, so pull requests published before deletions existed keep their approvals.
 */
export function withDeletions(digest: string, deletions: readonly string[]): string {
  if (deletions.length === 0) return digest;
  return digestFiles([{ path: "", content: `${digest}\n` }, ...[...new Set(deletions)].map((path) => ({ path, content: "\0deleted" }))]);
}
