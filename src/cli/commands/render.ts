import { loadRequestText } from "../../intake/load-request-file.js";
import { proveWithKustomize } from "../../rendering/prove-with-kustomize.js";
import { applyToDirectory } from "../../rendering/apply-to-directory.js";
import { isExactlyRendered, priorRenderingCandidates, withoutDirs } from "../../rendering/prior-rendering.js";
import { renderWithReader, type FileReader } from "../../rendering/render-with-reader.js";
import type { Config } from "../../config/schema.js";
import type { LoadedRequest } from "../../intake/load-request-file.js";
import type { GitopsSnapshot, OnboardingRequest, Problem, Provenance } from "../../types.js";
import { formatNotice, formatProblem } from "../../validation/format-problems.js";
import { validateParsedRequest } from "../../validation/validate-request.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type CliCommand } from "../io.js";
import { directoryReader, loadRenderInputs, resolveFrom } from "../load-inputs.js";

const USAGE = "Usage: onboarding-bot render FILE --config CFG --gitops DIR [--issue-url URL] [--dry-run]\n";

/** An issue URL: `https://<host>/<owner>/<repo>/issues/<number>`. */
const ISSUE_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?\/([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})\/issues\/([1-9]\d{0,9})$/;

/**
 * Where the request came from. With `--issue-url` the repository and number come from the URL; without it the run is
 * local: no issue URL (the namespace gets no `onboarding-issue` annotation) and the owner stands in as requester.
 */
function provenanceFor(issueUrl: string | undefined, request: OnboardingRequest): Provenance {
  const m = issueUrl === undefined ? null : ISSUE_URL.exec(issueUrl);
  if (issueUrl === undefined || !m) return { requestRepo: "local/request", issueNumber: 0, issueUrl: "", requester: request.owner };
  return { requestRepo: `${m[1]}/${m[2]}`, issueNumber: Number(m[3]), issueUrl, requester: request.owner };
}


/**
 * Whether the checkout already holds exactly this request's rendering (it was rendered into it before): validated and
 * rendered against the tree without the directories that rendering created ({@link priorRenderingCandidates}), the
 * result equals the files present, byte for byte, and those directories hold nothing else.
 */
async function alreadyRendered(loaded: LoadedRequest, config: Config, snapshot: GitopsSnapshot, issueUrl: string | undefined, read: FileReader, request: OnboardingRequest): Promise<boolean> {
  for (const dirs of priorRenderingCandidates(request, config, snapshot)) {
    const before = withoutDirs(snapshot, dirs);
    const validation = validateParsedRequest(loaded, config, { snapshot: before, users: null });
    if (!validation.ok) continue;
    const output = await renderWithReader({ request: validation.request, config, snapshot: before, provenance: provenanceFor(issueUrl, validation.request) }, read);
    if (output.kind === "rendered" && isExactlyRendered(output.files, await read(output.files.map((f) => f.path)), snapshot, dirs)) return true;
  }
  return false;
}

const NOTHING_TO_DO = "onboarding-bot render: the checkout already holds exactly this rendering of the request; nothing to do\n";

/**
 * `render FILE --config CFG --gitops DIR [--issue-url URL] [--dry-run]`: validates a request like `validate` (logins
 * are not checked offline) and renders it into the GitOps checkout at DIR. Prints the written paths, or with
 * `--dry-run` the unified diff, writing nothing. A checkout that already holds exactly this rendering is left as it
 * is (exit 0, nothing printed on stdout). Exit 1 with one `<field>: <message> (<expected>)` line per problem of the
 * request or `<field>: repository problem, for maintainers: ...` per problem of the repository (an overlay that does
 * not build even before the change), and nothing written; exit 2 on usage errors, unreadable files, configuration
 * problems or a file the bot refuses to write (outside DIR, through a symbolic link). Notices go to stderr.
 */
export const run: CliCommand = async (argv, io) => {
  const args = parseCommandArgs("render", argv, io, { config: { type: "string" }, gitops: { type: "string" }, "issue-url": { type: "string" }, "dry-run": { type: "boolean" } }, USAGE);
  if (typeof args === "number") return args;
  const values = args.values as { config?: string; gitops?: string; "issue-url"?: string; "dry-run"?: boolean };
  const positionals = args.positionals;
  const [file, ...extra] = positionals;
  const missing = values.config === undefined ? "--config is required" : values.gitops === undefined ? "--gitops is required" : undefined;
  if (missing !== undefined || file === undefined || extra.length > 0 || values.gitops === undefined || values.config === undefined) {
    io.stderr.write(`onboarding-bot render: ${missing ?? "expected exactly one request file"}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const issueUrl = values["issue-url"];
  if (issueUrl !== undefined && !ISSUE_URL.test(issueUrl)) {
    io.stderr.write(`onboarding-bot render: --issue-url '${issueUrl}' is not an issue URL; expected https://github.com/OWNER/REPO/issues/NUMBER\n`);
    return EXIT_USAGE;
  }
  const inputs = await loadRenderInputs(io, "render", { config: values.config, gitops: values.gitops, file });
  if (!inputs) return EXIT_USAGE;
  const { config, text, snapshot } = inputs;

  const parsed = loadRequestText(text, config);
  const validation = validateParsedRequest(parsed, config, { snapshot, users: null });
  const root = resolveFrom(io.cwd, values.gitops);
  const read = directoryReader(root);
  const refuse = async (problems: readonly Problem[]): Promise<number> => {
    if (await alreadyRendered(parsed, config, snapshot, issueUrl, read, validation.request)) {
      io.stderr.write(NOTHING_TO_DO);
      return EXIT_OK;
    }
    io.stdout.write(`${problems.map(formatProblem).join("\n")}\n`);
    return EXIT_INVALID;
  };
  if (!validation.ok) return refuse(validation.problems);
  if (validation.notices.length > 0) io.stderr.write(`${validation.notices.map(formatNotice).join("\n")}\n`);

  const provenance = provenanceFor(issueUrl, validation.request);
  const output = await renderWithReader({ request: validation.request, config, snapshot, provenance }, read);
  if (output.kind === "problems") return refuse(output.problems);
  if (output.kind === "needs-files") {
    io.stderr.write(`onboarding-bot render: the overlays nest deeper than the renderer follows; still unread: ${output.paths.join(", ")}\n`);
    return EXIT_INVALID;
  }
  const dryRun = values["dry-run"] === true;
  // Prove the tree builds before writing a byte (on a scratch copy); without kubectl, say so and go on.
  const proof = await proveWithKustomize(root, output.files, output.summary);
  if (proof.kind === "failed") {
    io.stdout.write(`${proof.problems.map(formatProblem).join("\n")}\n`);
    return EXIT_INVALID;
  }
  io.stderr.write(proof.kind === "skipped" ? `notice: kustomize proof skipped: ${proof.reason}\n` : `kustomize: built ${proof.built.join(", ")}\n`);
  let applied: Awaited<ReturnType<typeof applyToDirectory>>;
  try {
    applied = await applyToDirectory(root, output.files, { dryRun });
  } catch (error) {
    io.stderr.write(`onboarding-bot render: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  io.stdout.write(dryRun ? applied.diff : applied.written.map((p) => `${p}\n`).join(""));
  return EXIT_OK;
};
