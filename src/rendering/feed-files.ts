import type { GitopsSnapshot, Problem } from "../types.js";
import { repositoryProblem } from "./render-problem.js";

/** Reads files of the GitOps repository at the snapshot's commit; `undefined` for a path that is not a file. */
export type FileReader = (paths: string[]) => Promise<Map<string, string | undefined>>;

/**
 * Runs a pure renderer over a snapshot and feeds it the files it asks for (`{ kind: "needs-files", paths }`): each
 * round reads every requested path at once (the reader may fetch them in parallel), adds them to a copy of the
 * snapshot and renders again, for at most `maxRounds` reads. A requested file the reader cannot return is a problem
 * (the snapshot lists it, so the repository changed or the read failed); a renderer that asks again for files it was
 * given is a bug, reported, never a loop. When the rounds run out the last `needs-files` is returned.
 */
export async function feedFiles<O extends { kind: string }>(
  initial: GitopsSnapshot,
  render: (snapshot: GitopsSnapshot) => O,
  read: FileReader,
  maxRounds: number,
): Promise<O | { kind: "problems"; problems: Problem[] }> {
  const files = new Map(initial.files);
  const snapshot = { ...initial, files };
  let output = render(snapshot);
  for (let round = 0; round < maxRounds && output.kind === "needs-files"; round++) {
    const asked = (output as unknown as { paths: string[] }).paths;
    const wanted = asked.filter((p) => !files.has(p));
    if (wanted.length === 0) {
      return { kind: "problems", problems: [repositoryProblem("body", `rendering asked again for files it was given: ${asked.join(", ")}`, "a renderer that terminates (this is a bug)")] };
    }
    const got = await read(wanted);
    const unreadable = wanted.filter((p) => typeof got.get(p) !== "string");
    if (unreadable.length > 0) {
      return {
        kind: "problems",
        problems: [repositoryProblem("body", `could not read ${unreadable.join(", ")} from the GitOps repository`, "the files the repository tree lists to be readable")],
      };
    }
    for (const p of wanted) files.set(p, got.get(p) as string);
    output = render(snapshot);
  }
  return output;
}
