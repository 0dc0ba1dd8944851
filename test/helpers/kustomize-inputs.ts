import { createHash, type Hash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isScalar, parseAllDocuments, visit } from "yaml";

/** The file names kustomize looks for in a directory. */
const KUSTOMIZATION_NAMES = new Set(["kustomization.yaml", "kustomization.yml", "Kustomization"]);

/** Every string scalar of a kustomization file (parsed once per content). */
const stringsByContent = new Map<string, string[]>();

function stringsOf(text: string): string[] {
  const cached = stringsByContent.get(text);
  if (cached) return cached;
  const strings: string[] = [];
  for (const doc of parseAllDocuments(text)) {
    visit(doc, {
      Scalar(_key, node) {
        if (isScalar(node) && typeof node.value === "string") strings.push(node.value);
      },
    });
  }
  stringsByContent.set(text, strings);
  return strings;
}

/**
 * A digest of everything `kubectl kustomize <root>/<dir>` can read, so that two trees with the same digest build
 * byte-identically. It over-approximates what kustomize reads: every file of every directory reached (names and
 * bytes), the names of its subdirectories, and, for each string anywhere in a kustomization file, what that string
 * names relative to the kustomization's directory: a file (its bytes), a directory (reached in turn), or nothing
 * (recorded as missing, so creating it later changes the digest). Resources, components, bases, patches,
 * generators' files: all of them are such strings, whatever field holds them.
 */
export function kustomizeInputDigest(root: string, dir: string): string {
  const hash = createHash("sha256");
  hash.update(`kustomize ${dir}\n`);
  const seen = new Set<string>();
  reach(root, path.posix.normalize(dir), hash, seen);
  return hash.digest("hex");
}

/** Adds what `rel` (relative to `root`) names to `hash`: missing, a file's bytes, or a directory reached. */
function reach(root: string, rel: string, hash: Hash, seen: Set<string>): void {
  if (seen.has(rel)) return;
  seen.add(rel);
  const full = path.join(root, rel);
  let stats;
  try {
    stats = statSync(full);
  } catch {
    hash.update(`missing ${rel}\n`);
    return;
  }
  if (stats.isFile()) {
    const bytes = readFileSync(full);
    hash.update(`file ${rel} ${bytes.length}\n`);
    hash.update(bytes);
    return;
  }
  if (!stats.isDirectory()) {
    hash.update(`other ${rel}\n`);
    return;
  }
  hash.update(`dir ${rel}\n`);
  const entries = readdirSync(full, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) hash.update(`subdir ${child}\n`);
    else reach(root, child, hash, seen);
  }
  for (const entry of entries) {
    if (!KUSTOMIZATION_NAMES.has(entry.name) || entry.isDirectory()) continue;
    for (const value of stringsOf(readFileSync(path.join(full, entry.name), "utf8"))) {
      // Inline patches are in the file's bytes already; remote bases cannot build offline.
      if (value === "" || value.includes("\n") || value.includes("://")) continue;
      const target = path.isAbsolute(value) ? path.relative(root, value).split(path.sep).join("/") : path.posix.join(rel, value);
      reach(root, path.posix.normalize(target), hash, seen);
    }
  }
}
