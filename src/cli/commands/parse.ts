import { parseIssueBody } from "../../intake/parse-issue-body.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { EXIT_OK, EXIT_USAGE, type CliCommand } from "../io.js";
import { CliInputError, EXAMPLE_CONFIG_PATH, loadConfigFile, loadIssueFormFile, readTextFile } from "../load-inputs.js";
import { formatConfigProblems, formatNotice, formatProblem } from "../../validation/format-problems.js";

const USAGE = "Usage: onboarding-bot parse BODY.md [--config CFG] [--form FILE]\n";

/**
 * `parse BODY.md [--config CFG]`: prints the request in an issue body as pretty JSON. The configuration supplies
 * the form (clusters, tiers); without `--config` the example configuration shipped with the package is used.
 * `--form FILE` reads the body with a cloud's own issue form (mapped by the configuration's `intake.fields`).
 * What made the body unreadable or deceptive goes to stderr as `<field>: <message> (<expected>)`; the exit code
 * is still 0, since nothing was validated. Exit 2 on usage errors, an unreadable file or a broken configuration.
 */
export const run: CliCommand = async (argv, io) => {
  const args = parseCommandArgs("parse", argv, io, { config: { type: "string" }, form: { type: "string" } }, USAGE);
  if (typeof args === "number") return args;
  const values = args.values as { config?: string; form?: string };
  const positionals = args.positionals;
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    io.stderr.write(`onboarding-bot parse: expected exactly one issue body file\n${USAGE}`);
    return EXIT_USAGE;
  }
  const loaded = await loadConfigFile(io.cwd, values.config ?? EXAMPLE_CONFIG_PATH);
  if (!loaded.ok) {
    io.stderr.write(formatConfigProblems(loaded.problems));
    return EXIT_USAGE;
  }
  let body: string;
  let form: Awaited<ReturnType<typeof loadIssueFormFile>>;
  try {
    body = await readTextFile(io.cwd, file);
    form = await loadIssueFormFile(io.cwd, loaded.config, values.form);
  } catch (error) {
    if (!(error instanceof CliInputError)) throw error;
    io.stderr.write(`onboarding-bot parse: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (!form.ok) {
    io.stderr.write(formatConfigProblems(form.problems));
    return EXIT_USAGE;
  }
  const parsed = parseIssueBody(body, loaded.config, form.text);
  io.stdout.write(`${JSON.stringify(parsed.request, null, 2)}\n`);
  for (const p of parsed.problems) io.stderr.write(`${formatProblem(p)}\n`);
  for (const n of parsed.notices) io.stderr.write(`${formatNotice(n)}\n`);
  return EXIT_OK;
};
