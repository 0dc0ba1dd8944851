import { feedFiles, type FileReader } from "./feed-files.js";
import { renderTenant } from "./render-tenant.js";
import type { RenderInput, RenderOutput } from "./render-types.js";

export type { FileReader } from "./feed-files.js";

/**
 * Runs {@link renderTenant} and feeds it the files it asks for ({@link feedFiles}): each round reads every requested
 * path at once (the reader may fetch them in parallel), adds them to a copy of the snapshot and renders again, for at
 * most `maxRounds` reads. A requested file the reader cannot return is a problem (the snapshot lists it, so the
 * repository changed or the read failed). When the rounds run out the last `needs-files` is returned for the caller to report.
 */
export async function renderWithReader(input: RenderInput, read: FileReader, maxRounds = 5): Promise<RenderOutput> {
  return feedFiles(input.snapshot, (snapshot) => renderTenant({ ...input, snapshot }), read, maxRounds);
}
