import { renderIssueForm } from "../../intake/build-issue-form.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { EXIT_OK, EXIT_USAGE, type CliCommand } from "../io.js";
import { loadConfigFile } from "../load-inputs.js";
import { formatConfigProblems } from "../../validation/format-problems.js";

const USAGE = "Usage: onboarding-bot form --config CFG\n";

/**
 * `form --config CFG`: prints the issue form YAML for a configuration (to save as
 * `.github/ISSUE_TEMPLATE/onboarding.yml`). Exit 2 on usage errors or a broken configuration.
 */
export const run: CliCommand = async (argv, io) => {
  const args = parseCommandArgs("form", argv, io, { config: { type: "string" } }, USAGE);
  if (typeof args === "number") return args;
  const values = args.values as { config?: string };
  const positionals = args.positionals;
  if (values.config === undefined || positionals.length > 0) {
    io.stderr.write(`onboarding-bot form: ${values.config === undefined ? "--config is required" : "unexpected arguments"}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const loaded = await loadConfigFile(io.cwd, values.config);
  if (!loaded.ok) {
    io.stderr.write(formatConfigProblems(loaded.problems));
    return EXIT_USAGE;
  }
  io.stdout.write(renderIssueForm(loaded.config));
  return EXIT_OK;
};
