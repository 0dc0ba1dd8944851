import { applyChange, type AppliedChange } from "../../rendering/changes/apply-change.js";
import { CHANGE_KINDS, isChangeKind, readChangeRequest } from "../../rendering/changes/change-request.js";
import { proveChange } from "../../rendering/changes/prove-change.js";
import { renderChangeWithReader } from "../../rendering/changes/render-change.js";
import { formatNotice, formatProblem } from "../../validation/format-problems.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type CliCommand } from "../io.js";
import { directoryReader, loadRenderInputs, resolveFrom } from "../load-inputs.js";

const USAGE = `Usage: onboarding-bot render-change KIND FILE --config CFG --gitops DIR [--dry-run]\n  KIND: ${CHANGE_KINDS.join(", ")}; FILE: the change request, JSON or YAML\n`;


/**
 * `render-change KIND FILE --config CFG --gitops DIR [--dry-run]`: renders a tenant's change request (members, quota,
 * namespace, cluster, offboard; shapes in `src/rendering/changes/change-request.ts`) into the GitOps checkout at DIR
 * with minimal edits, first proving it with `kubectl kustomize` on a scratch copy when kubectl is on the PATH. Prints
 * what the change does and the written and deleted paths, or with `--dry-run` the unified diff, writing nothing.
 * Exit 1 with one `<field>: <message> (<expected>)` line per problem and nothing written; exit 2 on usage errors,
 * unreadable files, a request that does not fit its shape, configuration problems or a path the bot refuses to write.
 * A change already in place writes nothing and exits 0 with a notice.
 */
export const run: CliCommand = async (argv, io) => {
  const args = parseCommandArgs("render-change", argv, io, { config: { type: "string" }, gitops: { type: "string" }, "dry-run": { type: "boolean" } }, USAGE);
  if (typeof args === "number") return args;
  const values = args.values as { config?: string; gitops?: string; "dry-run"?: boolean };
  const [kind, file, ...extra] = args.positionals;
  const missing = values.config === undefined ? "--config is required" : values.gitops === undefined ? "--gitops is required" : kind === undefined || file === undefined || extra.length > 0 ? "expected KIND and exactly one request file" : undefined;
  if (missing !== undefined || kind === undefined || file === undefined || values.config === undefined || values.gitops === undefined) {
    io.stderr.write(`onboarding-bot render-change: ${missing ?? "invalid arguments"}\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (!isChangeKind(kind)) {
    io.stderr.write(`onboarding-bot render-change: unknown kind '${kind}'; expected one of ${CHANGE_KINDS.join(", ")}\n`);
    return EXIT_USAGE;
  }
  const inputs = await loadRenderInputs(io, "render-change", { config: values.config, gitops: values.gitops, file });
  if (!inputs) return EXIT_USAGE;
  const { config, text, snapshot } = inputs;
  const change = readChangeRequest(kind, text);
  if ("errors" in change) {
    io.stderr.write(`onboarding-bot render-change: ${file} is not a ${kind} request:\n${change.errors.map((e) => `  ${e}\n`).join("")}`);
    return EXIT_USAGE;
  }
  const root = resolveFrom(io.cwd, values.gitops);
  const provenance = { requestRepo: "local/request", issueNumber: 0, issueUrl: "", requester: "owner" in change.request ? change.request.owner : "local" };
  const output = await renderChangeWithReader({ change, config, snapshot, provenance }, directoryReader(root));
  if (output.kind === "problems") {
    io.stdout.write(`${output.problems.map(formatProblem).join("\n")}\n`);
    return EXIT_INVALID;
  }
  if (output.kind === "needs-files") {
    io.stderr.write(`onboarding-bot render-change: the overlays nest deeper than the renderer follows; still unread: ${output.paths.join(", ")}\n`);
    return EXIT_INVALID;
  }
  if (output.notices.length > 0) io.stderr.write(`${output.notices.map(formatNotice).join("\n")}\n`);
  if (output.files.length === 0 && output.deletions.length === 0) {
    io.stderr.write("onboarding-bot render-change: the checkout already holds this change; nothing to do\n");
    return EXIT_OK;
  }
  const proof = await proveChange(root, config, output.files, output.deletions, output.summary);
  if (proof.kind === "failed") {
    io.stdout.write(`${proof.problems.map(formatProblem).join("\n")}\n`);
    return EXIT_INVALID;
  }
  if (proof.kind === "skipped") io.stderr.write(`notice: kustomize proof skipped: ${proof.reason}\n`);
  else {
    const skipped = proof.skipped.length > 0 ? `; not built (they do not build even before the change, and it does not touch them): ${proof.skipped.join(", ")}` : "";
    io.stderr.write(`kustomize: built ${proof.built.join(", ")}; changed: ${proof.changed.join(", ") || "none"}${skipped}\n`);
  }
  io.stderr.write(output.summary.lines.map((l) => `${l}\n`).join(""));
  const dryRun = values["dry-run"] === true;
  let applied: AppliedChange;
  try {
    applied = await applyChange(root, output.files, output.deletions, { dryRun });
  } catch (error) {
    io.stderr.write(`onboarding-bot render-change: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  io.stdout.write(dryRun ? applied.diff : [...applied.written.map((p) => `${p}\n`), ...applied.deleted.map((p) => `deleted ${p}\n`)].join(""));
  return EXIT_OK;
};
