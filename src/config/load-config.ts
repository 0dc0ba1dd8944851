import type { Octokit } from "../github/octokit.js";
import type { RepoRef } from "../github/repo-ref.js";
import { parseConfig, type ParseConfigResult } from "./parse-config.js";

/** Where the configuration lives in the repository requests are filed in (or the organisation's `.github`). */
export const CONFIG_PATH = ".github/onboarding-bot.yml";

/**
 * Reads and validates the configuration of the repository where requests are filed, with the organisation
 * `.github` repository fallback and `_extends` that Probot's config plugin gives. The plugin is called directly
 * (not through `context.config`) because pull request events come from the GitOps repository, while the
 * configuration belongs to the request's repository.
 * A missing file, YAML that does not parse and a schema violation all come back as problems, never as a throw;
 * only GitHub errors (5xx, auth) are thrown.
 */
export async function loadConfig(octokit: Octokit, repo: RepoRef): Promise<ParseConfigResult> {
  let raw: unknown;
  try {
    const result = await octokit.config.get({ owner: repo.owner, repo: repo.repo, path: CONFIG_PATH });
    if (result.files.every((f) => f.config === null)) {
      return {
        ok: false,
        problems: [{ key: CONFIG_PATH, message: `no configuration found in ${repo.owner}/${repo.repo} or ${repo.owner}/.github` }],
      };
    }
    raw = result.config;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/could not be parsed|YAML|invalid JSON|unsupported/i.test(message)) {
      return { ok: false, problems: [{ key: CONFIG_PATH, message: "is not valid YAML; check indentation and quoting" }] };
    }
    throw error;
  }
  return parseConfig(raw);
}
