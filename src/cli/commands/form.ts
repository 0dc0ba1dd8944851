import { parseArgs } from "node:util";
import { renderIssueForm } from "../../intake/build-issue-form.js";
import { EXIT_OK, EXIT_USAGE, type CliCommand } from "../io.js";
import { loadConfigFile } from "../load-inputs.js";
import { formatConfigProblems } from "../../validation/format-problems.js";

const USAGE = "Usage: onboarding-bot form --config CFG\n";

/**
 * `form --config CFG`: prints the issue form YAML for a configuration (to save as
 * `.github/ISSUE_TEMPLATE/onboarding.yml`). Exit 2 on usage errors or a broken configuration.
 */
export const run: CliCommand = async (argv, io) => {
  let values: { config?: string | undefined; help?: boolean | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { config: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    io.stderr.write(`onboarding-bot form: ${(error as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
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
