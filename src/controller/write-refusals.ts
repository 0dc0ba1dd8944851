import type { IssueRef } from "../github/repo-ref.js";
import type { Writer } from "../github/writer.js";
import type { RefusalReply, RefusalWrite } from "../plan/refusal-replies.js";

/**
 * Carries out coalesced refusal writes on one issue or pull request; returns the refusal replies as they are
 * afterwards, by key (one per key), for the role cache to edit next time without reading the comments again.
 */
export async function writeRefusals(
  writer: Writer,
  ref: IssueRef,
  before: ReadonlyMap<string, readonly RefusalReply[]>,
  writes: readonly RefusalWrite[],
): Promise<Map<string, RefusalReply>> {
  const after = new Map<string, RefusalReply>();
  for (const [key, list] of before) if (list[0]) after.set(key, list[0]);
  await Promise.all(
    writes.map(async (w) => {
      if (w.kind === "create") after.set(w.key, { id: await writer.createComment(ref, w.body), ids: w.ids });
      else if (w.kind === "update") {
        await writer.updateComment(ref, w.id, w.body);
        after.set(w.key, { id: w.id, ids: w.ids });
      } else await writer.deleteComment(ref, w.id);
    }),
  );
  return after;
}
