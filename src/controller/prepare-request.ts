import type { Config } from "../config/schema.js";
import type { BaseSnapshot } from "../github/base-snapshot.js";
import type { IssueRef } from "../github/repo-ref.js";
import { relabel } from "../intake/intake-form.js";
import type { ParsedIssueBody } from "../intake/parse-issue-body.js";
import type { PreparedRequest } from "../plan/request/plan-request.js";
import { repositoryProblem } from "../rendering/render-problem.js";
import { renderWithReader } from "../rendering/render-with-reader.js";
import { prepare } from "../requests/prepare.js";
import type { ReadRequest } from "../requests/read-request.js";
import { CHANGE_KIND_INFO } from "../requests/request-kinds.js";
import type { GitopsSnapshot, Provenance } from "../types.js";
import { validateParsedRequest } from "../validation/validate-request.js";

/** A request issue read as its kind's form, without configuration problems. */
export type ReadableRequest = Exclude<ReadRequest, { configProblems: unknown }>;

/** What preparing a request needs: the request as read, the GitOps base as far as it is known, and the people it names. */
export interface PrepareInput {
  intake: ReadableRequest;
  config: Config;
  /** The base branch as a partial view: paths validation or rendering stop at are looked up by `settle`. */
  base: Pick<BaseSnapshot, "snapshot" | "settle" | "readFiles"> & { base: { commitSha: string; treeSha: string } };
  /** Canonical login by lower-cased login, null for unknown logins. */
  users: ReadonlyMap<string, string | null>;
  provenance: Provenance;
  ref: IssueRef;
  requestUrl: string;
  requester: string;
  /**
   * Every path of the base tree, for the change kinds that walk every cluster's overlay closure (offboarding and
   * cluster changes); undefined when GitHub cannot list the tree in one call.
   */
  treePaths(): Promise<ReadonlySet<string> | undefined>;
  /** The members of the approver teams (`approvers.teams`): read only when nothing else lets the requester ask for a change. */
  teamApprovers(): Promise<readonly string[]>;
}

/**
 * Parse → validate → render, as ONE call: the request's problems, or the request with the files that carry it out.
 * This is the seam where the kinds of requests plug in their own preparation: onboarding's here, a change kind's in
 * src/requests/ ({@link prepare}); the planner and the act step do not care which kind produced the files.
 */
export async function prepareRequest(input: PrepareInput): Promise<PreparedRequest> {
  if (input.intake.kind === "onboarding") return prepareOnboarding(input, input.intake.parsed);
  return prepareChangeRequest(input, input.intake.read);
}

/** Reads files for the renderer from the base commit, remembering what it read (for the dry-run diff and the tenant digest). */
function readerFor(base: PrepareInput["base"]) {
  const originals = new Map<string, string>(base.snapshot.files);
  return {
    originals,
    async read(paths: string[]): Promise<Map<string, string | undefined>> {
      const read = await base.readFiles(paths);
      for (const [path, content] of read) if (content !== undefined) originals.set(path, content);
      return read;
    },
  };
}

/** Onboarding's parse → validate → render: the request validated against the base branch, then rendered. */
async function prepareOnboarding(input: PrepareInput, parsed: ParsedIssueBody): Promise<PreparedRequest> {
  const { config, base } = input;
  const { snapshot } = base;
  const validation = await base.settle(() => validateParsedRequest(parsed, config, { snapshot, users: input.users }));
  if (!validation.ok) return { ok: false, problems: validation.problems, notices: validation.notices };
  const reader = readerFor(base);
  const rendered = await base.settle(() =>
    renderWithReader({ request: validation.request, config, snapshot, provenance: input.provenance }, (paths) => reader.read(paths)),
  );
  if (rendered.kind !== "rendered") {
    const problems =
      rendered.kind === "problems"
        ? rendered.problems
        : [repositoryProblem("body", "the GitOps repository could not be read completely", "overlays nested no deeper than the renderer follows")];
    // Problems name the fields by the labels of the form the request was filed with (a cloud's own form included).
    return { ok: false, problems: relabel(problems, parsed.form), notices: validation.notices };
  }
  return { ok: true, request: validation.request, notices: validation.notices, files: rendered.files, summary: rendered.summary, originals: reader.originals };
}

/**
 * A change request's parse → validate → render: {@link prepare} of src/requests/, on the base branch's partial view
 * (paths it asks about are looked up). Offboarding and cluster changes walk every cluster's overlay closure (and
 * offboarding every kustomization of the repository, to leave no dangling reference), deeper than a few look-up rounds
 * reach, so they get the whole tree's paths (walked a directory at a time and cached by tree id; refused above
 * `limits.maxTreeEntries`).
 */
async function prepareChangeRequest(input: PrepareInput, read: Extract<ReadableRequest, { read: unknown }>["read"]): Promise<PreparedRequest> {
  const { base } = input;
  let snapshot: GitopsSnapshot = base.snapshot;
  if (read.kind === "offboard" || read.kind === "cluster") {
    const paths = await input.treePaths();
    if (paths === undefined) {
      const problem = repositoryProblem(
        "body",
        "the GitOps repository has more files and directories than limits.maxTreeEntries allows onboarding-bot to walk, so this change cannot check what still refers to the namespace",
        "a maintainer raises limits.maxTreeEntries in the configuration (up to 1,000,000), or makes this change by hand",
      );
      return { ok: false, problems: [problem], notices: [] };
    }
    snapshot = { ...base.snapshot, paths };
  }
  const reader = readerFor(base);
  const prepared = await base.settle(() =>
    prepare(read.kind, {
      read,
      config: input.config,
      snapshot,
      reader: (paths) => reader.read(paths),
      users: input.users,
      requester: input.requester,
      provenance: input.provenance,
      ref: input.ref,
      requestUrl: input.requestUrl,
      baseSha: base.base.commitSha,
      teamApprovers: input.teamApprovers,
    }),
  );
  if ("problems" in prepared) return { ok: false, problems: prepared.problems, notices: prepared.notices };
  const change = { name: CHANGE_KIND_INFO[prepared.change.kind].name, rows: prepared.rows, lines: prepared.summary.lines };
  const { files, deletions, notices, summary, digest, title, body, commitMessage, fields, beneficiaries } = prepared;
  return { ok: true, change, notices, files, deletions, summary, originals: reader.originals, digest, title, body, commitMessage, fields, beneficiaries };
}
