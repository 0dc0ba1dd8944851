import { statusOf, type Octokit } from "../github/octokit.js";
import type { RepoRef } from "../github/repo-ref.js";
import { parseConfig, type ConfigProblem, type ParseConfigResult } from "./parse-config.js";

/** Where the configuration lives in the repository requests are filed in (or the organisation's `.github`). */
export const CONFIG_PATH = ".github/onboarding-bot.yml";

/** Prefix of the errors @probot/octokit-plugin-config throws for the file's content (not for HTTP failures). */
const PLUGIN_PREFIX = "[@probot/octokit-plugin-config]";

function problem(message: string): ParseConfigResult {
  const p: ConfigProblem = { key: CONFIG_PATH, message };
  return { ok: false, problems: [p] };
}

/** `owner/repo` of a contents URL in a plugin error message, or `fallback`. */
function repoOfUrl(message: string, fallback: string): string {
  const m = /\/repos\/([^/\s]+)\/([^/\s]+)\/contents\//.exec(message);
  return m?.[1] !== undefined && m[2] !== undefined ? `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}` : fallback;
}

/** The first line of the YAML parser's message (`... at line 3, column 5`), without the quoted source excerpt. */
function yamlReason(error: Error): string {
  const cause = error.cause instanceof Error ? error.cause.message : "";
  const line = cause.split("\n")[0]?.replace(/:$/, "").trim() ?? "";
  return line === "" ? "" : ` (${line.slice(0, 200)})`;
}

/** Turns an error of the config plugin about the file's content into a problem a person can fix. */
function pluginProblem(error: Error, where: string): ParseConfigResult {
  const file = `${repoOfUrl(error.message, where)}:${CONFIG_PATH}`;
  if (error.message.includes("(invalid YAML)")) {
    return problem(`${file} is not valid YAML${yamlReason(error)}; check indentation and quoting`);
  }
  if (error.message.includes("YAML is not an object")) {
    return problem(`${file} must be a YAML mapping of keys to values (gitops, clusters, quota, ...)`);
  }
  if (error.message.includes("is either a directory or a submodule")) {
    return problem(`${file} is a directory or a submodule; expected a YAML file`);
  }
  if (error.message.includes("_extends")) {
    return problem(`${file}: '_extends' must name a repository ('repo', 'owner/repo' or 'owner/repo:path.yml') and must not loop`);
  }
  return problem(`${file} could not be read: ${error.message.slice(PLUGIN_PREFIX.length).trim().slice(0, 300)}`);
}

/**
 * Reads and validates the configuration of the repository where requests are filed, with the organisation
 * `.github` repository fallback and `_extends` that Probot's config plugin gives. The plugin is called directly
 * (not through `context.config`) because pull request events come from the GitOps repository, while the
 * configuration belongs to the request's repository.
 * A missing file, YAML that does not parse, a file that is not a mapping, a bad `_extends` and a schema violation
 * all come back as problems, never as a throw; only GitHub errors (5xx, auth, network) are thrown, so the delivery
 * is retried.
 */
export async function loadConfig(octokit: Octokit, repo: RepoRef): Promise<ParseConfigResult> {
  const where = `${repo.owner}/${repo.repo}`;
  let result: Awaited<ReturnType<Octokit["config"]["get"]>>;
  try {
    result = await octokit.config.get({ owner: repo.owner, repo: repo.repo, path: CONFIG_PATH });
  } catch (error) {
    if (statusOf(error) === undefined && error instanceof Error && error.message.startsWith(PLUGIN_PREFIX)) {
      return pluginProblem(error, where);
    }
    throw error;
  }
  if (result.files.every((f) => f.config === null)) {
    return problem(`no configuration found in ${where} or ${repo.owner}/.github; add ${CONFIG_PATH} to one of them`);
  }
  // The plugin merges files with Object.assign, which would turn a list into {"0": ...} and drop a number.
  const notMapping = result.files.find((f) => f.config !== null && (typeof f.config !== "object" || Array.isArray(f.config)));
  if (notMapping !== undefined) {
    return problem(
      `${notMapping.owner}/${notMapping.repo}:${notMapping.path} must be a YAML mapping of keys to values (gitops, clusters, quota, ...), not ${Array.isArray(notMapping.config) ? "a list" : typeof notMapping.config}`,
    );
  }
  return parseConfig(result.config);
}
