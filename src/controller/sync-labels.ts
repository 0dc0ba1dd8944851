import type { IssueRef } from "../github/repo-ref.js";
import type { Writer } from "../github/writer.js";
import { labelChanges } from "../plan/pull/label-changes.js";

/**
 * Makes the bot-managed labels on an issue or pull request equal `desired`: adds what is missing and removes what
 * should not be there, leaving every label the bot does not manage alone. No call when nothing differs.
 * Names compare case-insensitively, as GitHub does: adding `lgtm` to a repository whose label is spelt `LGTM` puts
 * `LGTM` on the issue, which must then count as present (and be removable by its own spelling).
 * Labels are a view of state computed elsewhere; nothing ever reads them back as proof.
 */
export async function syncLabels(
  writer: Writer,
  ref: IssueRef,
  current: readonly string[],
  desired: ReadonlySet<string>,
  managed: readonly string[],
): Promise<void> {
  const { add, remove } = labelChanges(current, desired, managed);
  await Promise.all([writer.addLabels(ref, add), ...remove.map((l) => writer.removeLabel(ref, l))]);
}
