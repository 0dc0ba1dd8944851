import type { Config } from "../config/schema.js";
import { relabel } from "../intake/intake-form.js";
import { parseIssueBody } from "../intake/parse-issue-body.js";
import type { PreparedRequest } from "../plan/request/plan-request.js";
import { repositoryProblem } from "../rendering/render-problem.js";
import { renderWithReader } from "../rendering/render-with-reader.js";
import type { GitopsSnapshot, Provenance } from "../types.js";
import { validateParsedRequest } from "../validation/validate-request.js";

/** What preparing a request needs: the body, the GitOps base as far as it is known, and a reader for more files. */
export interface PrepareInput {
  body: string;
  config: Config;
  /** The cloud's issue form text (`intake.form`), when configured. */
  formText: string | undefined;
  /** The base branch: every path, and the files already read (by path). */
  snapshot: GitopsSnapshot;
  /** Canonical login by lower-cased login, null for unknown logins. */
  users: ReadonlyMap<string, string | null>;
  provenance: Provenance;
  /** Reads more files of the base commit when the renderer asks (undefined: missing). */
  read(paths: string[]): Promise<Map<string, string | undefined>>;
}

/**
 * Parse → validate → render, as ONE call: the request's problems, or the request with the files that carry it out.
 * This is the seam where other kinds of requests (change requests, offboarding) plug in their own preparation; the
 * planner and the act step do not care which kind produced the files.
 */
export async function prepareRequest(input: PrepareInput): Promise<PreparedRequest> {
  const { config, snapshot } = input;
  const parsed = parseIssueBody(input.body, config, input.formText);
  const validation = validateParsedRequest(parsed, config, { snapshot, users: input.users });
  if (!validation.ok) return { ok: false, problems: validation.problems, notices: validation.notices };
  const originals = new Map(snapshot.files);
  const rendered = await renderWithReader(
    { request: validation.request, config, snapshot, provenance: input.provenance },
    async (paths) => {
      const read = await input.read(paths);
      for (const [path, content] of read) if (content !== undefined) originals.set(path, content);
      return read;
    },
  );
  if (rendered.kind !== "rendered") {
    const problems =
      rendered.kind === "problems"
        ? rendered.problems
        : [repositoryProblem("body", "the GitOps repository could not be read completely", "overlays nested no deeper than the renderer follows")];
    // Problems name the fields by the labels of the form the request was filed with (a cloud's own form included).
    return { ok: false, problems: relabel(problems, parsed.form), notices: validation.notices };
  }
  return { ok: true, request: validation.request, notices: validation.notices, files: rendered.files, summary: rendered.summary, originals };
}
