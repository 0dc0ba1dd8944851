import { createTwoFilesPatch } from "diff";
import type { FileChange } from "../types.js";

/** A unified diff of what writing `files` would change, given the current contents of the files it edits. */
export function diffFiles(originals: ReadonlyMap<string, string>, files: readonly FileChange[]): string {
  return files
    .map((f) => {
      const before = originals.get(f.path);
      return createTwoFilesPatch(
        before === undefined ? "/dev/null" : `a/${f.path}`,
        `b/${f.path}`,
        before ?? "",
        f.content,
        undefined,
        undefined,
        { context: 3 },
      )
        .split("\n")
        .slice(1)
        .join("\n");
    })
    .join("");
}
