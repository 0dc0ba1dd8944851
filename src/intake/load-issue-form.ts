import type { ConfigProblem } from "../config/parse-config.js";
import type { Config } from "../config/schema.js";
import type { Octokit } from "../github/octokit.js";
import type { RepoRef } from "../github/repo-ref.js";
import { resolveIntakeForm } from "./intake-form.js";

/** The cloud's issue form as read from the support repository: its YAML text, or configuration problems. */
export type LoadedIssueForm = { ok: true; text: string } | { ok: false; problems: ConfigProblem[] };

/** Largest issue form read; real forms are a few KiB. */
const MAX_FORM_BYTES = 256 * 1024;

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * Reads the cloud's own issue form (`intake.form`) from the repository where requests are filed, at its default
 * branch, where GitHub offers it to people. A missing file (404), a directory or a file over 256 KiB is a
 * configuration problem naming `intake.form`; other errors are thrown (retried like every other read). With
 * `config`, the form is also checked against `intake.fields` (parsed once per content, see `resolveIntakeForm`),
 * so a mapping that does not fit the form is reported here, as a configuration problem, before any request is read.
 */
export async function loadIssueForm(octokit: Octokit, repo: RepoRef, path: string, config?: Config): Promise<LoadedIssueForm> {
  const where = `${repo.owner}/${repo.repo}`;
  let text: string;
  try {
    const { data } = await octokit.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) {
      return { ok: false, problems: [{ key: "intake.form", message: `${path} in ${where} is not a file; name the issue form's YAML file` }] };
    }
    if (data.size > MAX_FORM_BYTES) {
      return { ok: false, problems: [{ key: "intake.form", message: `${path} in ${where} is ${data.size} bytes, more than an issue form (${MAX_FORM_BYTES} bytes at most)` }] };
    }
    text = Buffer.from(data.content, "base64").toString("utf8");
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
    return {
      ok: false,
      problems: [{ key: "intake.form", message: `${path} does not exist in ${where} (default branch); name the issue form people file requests with, e.g. .github/ISSUE_TEMPLATE/onboarding.yml` }],
    };
  }
  if (config) {
    const resolved = resolveIntakeForm(config, text);
    if (!resolved.ok) return { ok: false, problems: resolved.problems };
  }
  return { ok: true, text };
}
