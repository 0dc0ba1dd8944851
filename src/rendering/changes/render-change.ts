import { feedFiles, type FileReader } from "../feed-files.js";
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
 * Runs {@link renderChange} and feeds it the files it asks for ({@link feedFiles}: every requested path at once per
 * round, at most `maxRounds` rounds), like `renderWithReader` does for onboarding. Offboarding reads every
 * kustomization of the repository (to leave no dangling reference), in one round.
 */
export async function renderChangeWithReader(input: ChangeInput, read: FileReader, maxRounds = 12): Promise<ChangeOutput> {
  return feedFiles(input.snapshot, (snapshot) => renderChange({ ...input, snapshot }), read, maxRounds);
}
