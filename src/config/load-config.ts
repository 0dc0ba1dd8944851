import { parseDocument } from "yaml";
import { statusOf, type Octokit } from "../github/octokit.js";
import { fullName, parseFullName, sameRepo, type RepoRef } from "../github/repo-ref.js";
import { parseConfig, type ConfigProblem, type ParseConfigResult } from "./parse-config.js";

/** Where the configuration lives in a support repository. */
export const CONFIG_PATH = ".github/onboarding-bot.yml";

/** Most `_extends` hops followed from one support repository's file. */
export const MAX_EXTENDS_DEPTH = 3;

/** The trust roots the operator pinned in the environment (see `src/app/settings.ts`). */
export interface TrustRoots {
  /** Repositories that accept requests; the only ones whose configuration is read, directly or through `_extends`. */
  supportRepositories: readonly RepoRef[];
  /** The one GitOps repository; a configuration naming another one is refused. */
  gitopsRepository: RepoRef | undefined;
}

function problem(key: string, message: string): ParseConfigResult {
  const p: ConfigProblem = { key, message };
  return { ok: false, problems: [p] };
}

/** Where an `_extends` value points: `repo` (same owner), `owner/repo`, either with `:path`. */
function extendsTarget(value: string, from: RepoRef): { repo: RepoRef; path: string } | undefined {
  const m = /^(?:([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/)?([A-Za-z0-9._-]{1,100}))(?::([^\s:]{1,512}))?$/.exec(value.trim());
  if (!m?.[2]) return undefined;
  const repo = m[1] ? parseFullName(`${m[1]}${m[2]}`) : { owner: from.owner, repo: m[2] };
  return { repo, path: m[3] ?? CONFIG_PATH };
}

/** One configuration file as read from a repository's default branch (`oid`: its blob id, when the read gave it). */
export type RawFile = { kind: "missing" } | { kind: "text"; text: string; oid?: string };

/** Reads one file of a repository's default branch (see {@link readConfigFile}). */
export type ConfigFileReader = (repo: RepoRef, path: string) => Promise<RawFile>;

/** One file of a repository's default branch, as text; `missing` on 404 or when the path is not a file. */
export async function readConfigFile(octokit: Octokit, repo: RepoRef, path: string): Promise<RawFile> {
  try {
    const { data } = await octokit.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return { kind: "missing" };
    return { kind: "text", text: Buffer.from(data.content, "base64").toString("utf8"), oid: data.sha };
  } catch (error) {
    if (statusOf(error) === 404) return { kind: "missing" };
    throw error;
  }
}

type ParsedFile = { ok: true; value: Record<string, unknown> } | { ok: false; result: ParseConfigResult };

/**
 * Parses one file's YAML into a mapping. `own` says whether the file belongs to the support repository the request
 * is in: only then may the error quote the parser's position; a file reached through `_extends` is named, never
 * quoted, so nothing of another repository's content reaches a public comment.
 */
function parseFile(text: string, where: string, own: boolean): ParsedFile {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const error = doc.errors[0];
  if (error !== undefined) {
    const offset = error.pos[0];
    const before = text.slice(0, offset);
    const where_ = ` at line ${before.split("\n").length}, column ${offset - before.lastIndexOf("\n")}`;
    const detail = own ? ` (${(error.message.split("\n")[0] ?? "parse error").replace(/ at line \d+, column \d+:?$/, "").slice(0, 200)}${where_})` : "";
    return { ok: false, result: problem(where, `is not valid YAML${detail}; check indentation and quoting`) };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch {
    return { ok: false, result: problem(where, "could not be read as YAML (too many aliases?)") };
  }
  if (value === null || value === undefined) return { ok: true, value: {} };
  if (typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, result: problem(where, `must be a YAML mapping of keys to values (gitops, clusters, quota, ...), not ${Array.isArray(value) ? "a list" : typeof value}`) };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * Reads and validates the configuration of a support repository: its `.github/onboarding-bot.yml` on the default
 * branch, with `_extends` allowed only to other support repositories (never the organisation's `.github` unless the
 * operator listed it). Keys of the extending file replace the extended file's keys (a shallow merge, as Probot's
 * config plugin does). `gitops.repository` must be the pinned GitOps repository.
 *
 * Nothing of a repository outside the trust roots is ever read, so an error can neither echo its content nor reveal
 * whether it exists; problems found in an extended file name the file and key, never the value.
 * Only GitHub errors (5xx, auth, network) are thrown, so the delivery is retried.
 */
export function loadConfig(octokit: Octokit, repo: RepoRef, trust: TrustRoots): Promise<ParseConfigResult> {
  return loadConfigWith((r, path) => readConfigFile(octokit, r, path), repo, trust);
}

/**
 * {@link loadConfig} with the reads made by `read`; `own`, when given, is the support repository's own file as
 * already read (the observe step reads it as a blob in its one query), so only an `_extends` chain costs reads.
 * The trust rules are exactly those of {@link loadConfig}.
 */
export async function loadConfigWith(read: ConfigFileReader, repo: RepoRef, trust: TrustRoots, ownFile?: RawFile): Promise<ParseConfigResult> {
  const where = `${fullName(repo)}:${CONFIG_PATH}`;
  const layers: Array<{ value: Record<string, unknown>; own: boolean }> = [];
  let current = { repo, path: CONFIG_PATH };
  const seen = new Set<string>();
  for (let depth = 0; ; depth++) {
    const own = depth === 0;
    const name = `${fullName(current.repo)}:${current.path}`;
    seen.add(name.toLowerCase());
    const file = ownFile !== undefined && depth === 0 ? ownFile : await read(current.repo, current.path);
    if (file.kind === "missing") {
      return own
        ? problem(where, `no configuration found; add ${CONFIG_PATH} to ${fullName(repo)}`)
        : problem(where, `'_extends' names ${name}, which has no configuration file`);
    }
    const parsed = parseFile(file.text, own ? where : name, own);
    if (!parsed.ok) return parsed.result;
    layers.push({ value: parsed.value, own });
    const ext = parsed.value._extends;
    if (ext === undefined) break;
    const target = typeof ext === "string" ? extendsTarget(ext, current.repo) : undefined;
    if (!target) {
      return problem(`${own ? "" : `${name} `}_extends`, "must name a support repository: 'repo', 'owner/repo' or 'owner/repo:path.yml'");
    }
    if (!trust.supportRepositories.some((r) => sameRepo(r, target.repo))) {
      return problem(
        `${own ? "" : `${name} `}_extends`,
        "may only name one of the support repositories this app is pinned to (SUPPORT_REPOSITORIES); it was not read",
      );
    }
    if (seen.has(`${fullName(target.repo)}:${target.path}`.toLowerCase())) {
      return problem("_extends", "forms a loop; a configuration may not extend itself");
    }
    if (depth + 1 >= MAX_EXTENDS_DEPTH) return problem("_extends", `is followed at most ${MAX_EXTENDS_DEPTH - 1} times; flatten the chain`);
    current = target;
  }

  // Merge from the most extended file up: the support repository's own keys win.
  const merged: Record<string, unknown> = {};
  const ownKeys = new Set(Object.keys(layers[0]?.value ?? {}));
  for (const layer of [...layers].reverse()) Object.assign(merged, layer.value);
  delete merged._extends;
  const result = parseConfig(merged);
  if (!result.ok) {
    // A problem under a key that came from an extended file must not quote its value.
    const problems = result.problems.map((p) => {
      const top = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(p.key)?.[0];
      return top !== undefined && layers.length > 1 && !ownKeys.has(top)
        ? { key: p.key, message: "is invalid in the extended configuration (its values are not shown here); fix it in that file" }
        : p;
    });
    return { ok: false, problems };
  }
  const pinned = trust.gitopsRepository;
  const named = parseFullName(result.config.gitops.repository);
  if (pinned === undefined) {
    return problem("gitops.repository", "this installation of onboarding-bot has no GitOps repository pinned (GITOPS_REPOSITORY); maintainers must set it");
  }
  if (!sameRepo(named, pinned)) {
    return problem(
      "gitops.repository",
      `names ${result.config.gitops.repository}, but this installation of onboarding-bot is pinned to ${fullName(pinned)} (GITOPS_REPOSITORY); maintainers must make them agree`,
    );
  }
  return result;
}
