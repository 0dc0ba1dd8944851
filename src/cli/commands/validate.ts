import { loadRequestText } from "../../intake/load-request-file.js";
import type { GitopsSnapshot } from "../../types.js";
import { validateParsedRequest } from "../../validation/validate-request.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type CliCommand } from "../io.js";
import { CliInputError, loadConfigFile, loadGitopsSnapshot, loadIssueFormFile, readTextFile, resolveFrom } from "../load-inputs.js";
import { withLocalNamespaceManifests } from "../read-namespace-manifests.js";
import { formatConfigProblems, formatNotice, formatProblem } from "../../validation/format-problems.js";

const USAGE = "Usage: onboarding-bot validate FILE --config CFG [--form FILE] [--gitops DIR] [--json]\n";

/**
 * `validate FILE --config CFG [--form FILE] [--gitops DIR] [--json]`: checks a request (issue body Markdown, JSON or
 * YAML); `--form` reads an issue body with a cloud's own issue form (mapped by `intake.fields`).
 * With `--gitops DIR` the namespace, team and tier checks run against that checkout; GitHub logins are not
 * checked offline. Prints `valid` and the notices (exit 0) or one `<field>: <message> (<expected>)` line per
 * problem (exit 1); `--json` prints `{ ok, problems, notices, request }` instead. Exit 2 on usage errors,
 * unreadable files and configuration problems (`config <key>: <message>`).
 */
export const run: CliCommand = async (argv, io) => {
  const args = parseCommandArgs("validate", argv, io, { config: { type: "string" }, form: { type: "string" }, gitops: { type: "string" }, json: { type: "boolean" } }, USAGE);
  if (typeof args === "number") return args;
  const values = args.values as { config?: string; form?: string; gitops?: string; json?: boolean };
  const positionals = args.positionals;
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0 || values.config === undefined) {
    const why = values.config === undefined ? "--config is required" : "expected exactly one request file";
    io.stderr.write(`onboarding-bot validate: ${why}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const loaded = await loadConfigFile(io.cwd, values.config);
  if (!loaded.ok) {
    io.stderr.write(formatConfigProblems(loaded.problems));
    return EXIT_USAGE;
  }
  let text: string;
  let form: Awaited<ReturnType<typeof loadIssueFormFile>>;
  let snapshot: GitopsSnapshot = { paths: new Set(), files: new Map() };
  try {
    text = await readTextFile(io.cwd, file);
    form = await loadIssueFormFile(io.cwd, loaded.config, values.form);
    if (values.gitops !== undefined) {
      const bare = await loadGitopsSnapshot(io.cwd, values.gitops, { readContents: () => false });
      snapshot = await withLocalNamespaceManifests(resolveFrom(io.cwd, values.gitops), bare, loaded.config);
    }
  } catch (error) {
    if (!(error instanceof CliInputError)) throw error;
    io.stderr.write(`onboarding-bot validate: ${error.message}\n`);
    return EXIT_USAGE;
  }

  if (!form.ok) {
    io.stderr.write(formatConfigProblems(form.problems));
    return EXIT_USAGE;
  }
  const parsed = loadRequestText(text, loaded.config, form.text);
  const result = validateParsedRequest(parsed, loaded.config, { snapshot, users: null });
  if (values.json) {
    const { ok, problems, notices, request } = result;
    io.stdout.write(`${JSON.stringify({ ok, problems, notices, request }, null, 2)}\n`);
  } else {
    const lines = result.ok ? ["valid", ...result.notices.map(formatNotice)] : result.problems.map(formatProblem);
    io.stdout.write(`${lines.join("\n")}\n`);
  }
  return result.ok ? EXIT_OK : EXIT_INVALID;
};
