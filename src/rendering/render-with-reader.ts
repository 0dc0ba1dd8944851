import { repositoryProblem } from "./render-problem.js";
import { renderTenant } from "./render-tenant.js";
import type { RenderInput, RenderOutput } from "./render-types.js";

/** Reads files of the GitOps repository at the snapshot's commit; `undefined` for a path that is not a file. */
export type FileReader = (paths: string[]) => Promise<Map<string, string | undefined>>;

/**
 * Runs {@link renderTenant} and feeds it the files it asks for: each round reads every requested path at once (the
 * reader may fetch them in parallel), adds them to a copy of the snapshot and renders again, for at most `maxRounds`
 * reads. A requested file the reader cannot return is a problem (the snapshot lists it, so the repository changed or
 * the read failed). When the rounds run out the last `needs-files` is returned for the caller to report.
 */
export async function renderWithReader(input: RenderInput, read: FileReader, maxRounds = 5): Promise<RenderOutput> {
  const files = new Map(input.snapshot.files);
  const snapshot = { ...input.snapshot, files };
  let output = renderTenant({ ...input, snapshot });
  for (let round = 0; round < maxRounds && output.kind === "needs-files"; round++) {
    const wanted = output.paths.filter((p) => !files.has(p));
    if (wanted.length === 0) {
      return { kind: "problems", problems: [repositoryProblem("body", `rendering asked again for files it was given: ${output.paths.join(", ")}`, "a renderer that terminates (this is a bug)")] };
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
    output = renderTenant({ ...input, snapshot });
  }
  return output;
}
