import { repositoryProblem } from "../render-problem.js";
import type { FileReader } from "../render-with-reader.js";
import type { ChangeInput, ChangeOutput } from "./change-types.js";
import { renderCluster } from "./render-cluster.js";
import { renderMembers } from "./render-members.js";
import { renderNamespace } from "./render-namespace.js";
import { renderOffboard } from "./render-offboard.js";
import { renderQuota } from "./render-quota.js";

/** Renders a change request of any kind, purely: the kind's renderer on the snapshot as it is. */
export function renderChange(input: ChangeInput): ChangeOutput {
  const { change } = input;
  switch (change.kind) {
    case "members":
      return renderMembers({ ...input, change: change.request });
    case "quota":
      return renderQuota({ ...input, change: change.request });
    case "namespace":
      return renderNamespace({ ...input, change: change.request });
    case "cluster":
      return renderCluster({ ...input, change: change.request });
    case "offboard":
      return renderOffboard({ ...input, change: change.request });
  }
}

/**
 * Runs {@link renderChange} and feeds it the files it asks for (every requested path at once per round, at most
 * `maxRounds` rounds), like `renderWithReader` does for onboarding. A requested file the reader cannot return is a
 * problem for maintainers; a renderer that asks again for files it was given is a bug, reported, never a loop.
 */
export async function renderChangeWithReader(input: ChangeInput, read: FileReader, maxRounds = 12): Promise<ChangeOutput> {
  const files = new Map(input.snapshot.files);
  const snapshot = { ...input.snapshot, files };
  let output = renderChange({ ...input, snapshot });
  for (let round = 0; round < maxRounds && output.kind === "needs-files"; round++) {
    const wanted = output.paths.filter((p) => !files.has(p));
    if (wanted.length === 0) {
      return { kind: "problems", problems: [repositoryProblem("body", `rendering asked again for files it was given: ${output.paths.join(", ")}`, "a renderer that terminates (this is a bug)")] };
    }
    const got = await read(wanted);
    const unreadable = wanted.filter((p) => typeof got.get(p) !== "string");
    if (unreadable.length > 0) {
      return { kind: "problems", problems: [repositoryProblem("body", `could not read ${unreadable.join(", ")} from the GitOps repository`, "the files the repository tree lists to be readable")] };
    }
    for (const p of wanted) files.set(p, got.get(p) as string);
    output = renderChange({ ...input, snapshot });
  }
  return output;
}
