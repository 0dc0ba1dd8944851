import { renderIssueForm } from "../../intake/build-issue-form.js";
import { isTierQuotaFile, tierDescriptionsFrom } from "../../intake/tier-descriptions.js";
import { parseCommandArgs } from "../parse-command-args.js";
import { EXIT_OK, EXIT_USAGE, type CliCommand } from "../io.js";
import { CliInputError, loadConfigFile, loadGitopsSnapshot } from "../load-inputs.js";
import { formatConfigProblems } from "../../validation/format-problems.js";
import { CHANGE_KINDS, isChangeKind } from "../../rendering/changes/change-request.js";
import { renderChangeForm } from "../../requests/change-forms.js";

const USAGE = `Usage: onboarding-bot form --config CFG [--gitops DIR] [--kind KIND]\n  KIND: onboarding (the default), ${CHANGE_KINDS.join(", ")}\n`;

/**
 * `form --config CFG [--gitops DIR] [--kind KIND]`: prints the issue form YAML for a configuration (to save as
 * `.github/ISSUE_TEMPLATE/onboarding.yml`), or with `--kind` the form of a change request (members, quota,
 * namespace, cluster, offboard; to save as `.github/ISSUE_TEMPLATE/<kind>.yml`). With `--gitops DIR` (a checkout of the GitOps repository) each tier
 * without a configured `description` is described by what its ResourceQuota component really grants. Exit 2 on
 * usage errors, an unreadable directory or a broken configuration.
 */
export const run: CliCommand = async (argv, io) => {
  const args = parseCommandArgs("form", argv, io, { config: { type: "string" }, gitops: { type: "string" }, kind: { type: "string" } }, USAGE);
  if (typeof args === "number") return args;
  const values = args.values as { config?: string; gitops?: string; kind?: string };
  const kind = values.kind ?? "onboarding";
  if (kind !== "onboarding" && !isChangeKind(kind)) {
    io.stderr.write(`onboarding-bot form: unknown kind '${kind}'\n${USAGE}`);
    return EXIT_USAGE;
  }
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
  if (kind !== "onboarding") {
    io.stdout.write(renderChangeForm(loaded.config, kind));
    return EXIT_OK;
  }
  let descriptions: Map<string, string> | undefined;
  if (values.gitops !== undefined) {
    try {
      const snapshot = await loadGitopsSnapshot(io.cwd, values.gitops, { readContents: isTierQuotaFile(loaded.config) });
      descriptions = tierDescriptionsFrom(loaded.config, snapshot);
    } catch (error) {
      if (!(error instanceof CliInputError)) throw error;
      io.stderr.write(`onboarding-bot form: ${error.message}\n`);
      return EXIT_USAGE;
    }
  }
  io.stdout.write(renderIssueForm(loaded.config, descriptions));
  return EXIT_OK;
};
