import path from "node:path";

/** Result of checking a repository path: the normalised path, or why it was refused. */
export type SafePathResult = { ok: true; path: string } | { ok: false; error: string };

/**
 * The static directory a path template writes under: every whole segment before the first `{`.
 * `cluster-scope/base/core/namespaces/{namespace}` → `cluster-scope/base/core/namespaces`;
 * a template without placeholders is its own prefix.
 */
export function staticPrefixDir(template: string): string {
  const brace = template.indexOf("{");
  if (brace === -1) return template;
  const slash = template.lastIndexOf("/", brace);
  return slash === -1 ? "" : template.slice(0, slash);
}

// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\\\u0000-\u001f\u007f]/;

/**
 * Checks that `candidate` (a template with its placeholders filled) is a safe repository-relative path that stays
 * inside the template's static prefix directory. The path is normalised with `path.posix`; absolute paths, `..` or `.`
 * segments (before or after normalisation), backslashes and control characters are refused.
 */
export function checkRepoPath(template: string, candidate: string): SafePathResult {
  const where = `path '${candidate}' (from template '${template}')`;
  if (candidate === "" || FORBIDDEN_CHARS.test(candidate)) {
    return { ok: false, error: `${where} is empty or contains a backslash or control character; expected a plain relative path` };
  }
  if (candidate.startsWith("/") || path.posix.isAbsolute(candidate)) {
    return { ok: false, error: `${where} is absolute; expected a path relative to the repository root` };
  }
  if (candidate.split("/").some((s) => s === ".." || s === "." || s === "")) {
    return { ok: false, error: `${where} contains '.', '..' or empty segments; expected plain directory names` };
  }
  const normalised = path.posix.normalize(candidate);
  if (normalised !== candidate || normalised.startsWith("../") || normalised === "..") {
    return { ok: false, error: `${where} does not normalise to itself; expected a canonical relative path` };
  }
  const prefix = staticPrefixDir(template);
  if (prefix !== "" && normalised !== prefix && !normalised.startsWith(`${prefix}/`)) {
    return { ok: false, error: `${where} leaves its directory '${prefix}'; expected a path under it` };
  }
  if (prefix !== "" && normalised === prefix && template !== prefix) {
    return { ok: false, error: `${where} is the directory '${prefix}' itself; expected a path below it` };
  }
  return { ok: true, path: normalised };
}

/**
 * Joins a directory and a relative entry (a kustomization `resources` entry) and normalises the result.
 * Returns `undefined` when the entry is remote (URL, `git@`, `?ref=`), absolute, or leaves the repository root; whether
 * the result exists is the caller's question (kustomize, too, resolves an entry locally first).
 */
export function resolveRepoEntry(dir: string, entry: string): string | undefined {
  if (entry === "" || entry.includes("://") || entry.startsWith("git@") || entry.includes("?ref=") || entry.startsWith("/")) {
    return undefined;
  }
  if (FORBIDDEN_CHARS.test(entry)) return undefined;
  const joined = path.posix.normalize(path.posix.join(dir, entry));
  if (joined === ".." || joined.startsWith("../") || path.posix.isAbsolute(joined)) return undefined;
  return joined === "." ? "" : joined.replace(/\/$/, "");
}
