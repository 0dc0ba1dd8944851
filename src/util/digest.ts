import { createHash } from "node:crypto";
import type { FileChange } from "../types.js";

/** Code-unit order, independent of the locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A short, stable digest of a rendered file set: same paths and contents, same digest, whatever the order.
 * Stored in the bot's commit message and PR body so an unchanged rendering is recognised without reading files.
 * Every path and content is length-prefixed, so no content (not even one holding NUL bytes) can shift the
 * boundary between files and collide with a different file set.
 */
export function digestFiles(files: readonly FileChange[]): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort((a, b) => compare(a.path, b.path) || compare(a.content, b.content))) {
    hash.update(`${Buffer.byteLength(file.path)}:`).update(file.path);
    hash.update(`${Buffer.byteLength(file.content)}:`).update(file.content);
  }
  return hash.digest("hex").slice(0, 20);
}
