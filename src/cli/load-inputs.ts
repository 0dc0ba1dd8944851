import { readFile, readdir, stat } from "node:fs/promises";
import { basename, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { parseConfig, type ConfigProblem, type ParseConfigResult } from "../config/parse-config.js";
import type { Config } from "../config/schema.js";
import { resolveIntakeForm } from "../intake/intake-form.js";
import type { FileReader } from "../rendering/render-with-reader.js";
import { checkRepoPath } from "../rendering/safe-path.js";
import type { GitopsSnapshot } from "../types.js";
import { formatConfigProblems } from "../validation/format-problems.js";
import type { CliIO } from "./io.js";
import { withLocalNamespaceManifests } from "./read-namespace-manifests.js";

/**
 * The commented example configuration shipped in `templates/`, found relative to this module (two levels below
 * the package root in both `src/cli` and `lib/cli`), never relative to the working directory.
 */
export const EXAMPLE_CONFIG_PATH = fileURLToPath(new URL("../../templates/onboarding-bot.yml", import.meta.url));

/** Largest file the CLI reads as a configuration or a request. */
const MAX_INPUT_BYTES = 4 * 1024 * 1024;

/** A file the CLI cannot use; `message` says which and why, for a usage error (exit 2). */
export class CliInputError extends Error {
  override readonly name = "CliInputError";
}

/** `path` resolved against the command's working directory. */
export function resolveFrom(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** Reads a UTF-8 text file of at most 4 MiB; throws {@link CliInputError} naming the file when it cannot. */
export async function readTextFile(cwd: string, path: string): Promise<string> {
  const full = resolveFrom(cwd, path);
  try {
    const info = await stat(full);
    if (!info.isFile()) throw new CliInputError(`${path} is not a file`);
    if (info.size > MAX_INPUT_BYTES) throw new CliInputError(`${path} is ${info.size} bytes; the most the CLI reads is ${MAX_INPUT_BYTES}`);
    return await readFile(full, "utf8");
  } catch (error) {
    if (error instanceof CliInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliInputError(`cannot read ${path}${code ? ` (${code})` : ""}`);
  }
}

/**
 * Reads and validates a configuration file (YAML). An unreadable file, YAML that does not parse and schema
 * violations all come back as problems keyed like `parseConfig`'s, never as a throw.
 */
export async function loadConfigFile(cwd: string, path: string): Promise<ParseConfigResult> {
  let text: string;
  try {
    text = await readTextFile(cwd, path);
  } catch (error) {
    return { ok: false, problems: [{ key: "(file)", message: (error as Error).message }] };
  }
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 50, uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0] ?? "";
    return { ok: false, problems: [{ key: "(file)", message: `${path} is not valid YAML: ${reason}` }] };
  }
  return parseConfig(raw);
}

/**
 * The issue form requests are read with, for the `parse` and `validate` commands: the file `--form` names (a cloud's
 * own form, mapped by `intake.fields`), or none for the generated form. A configuration that names `intake.form`
 * needs `--form` (the command line cannot read the support repository); a form that does not fit the mapping is a
 * configuration problem. Throws {@link CliInputError} for an unreadable file or a missing `--form`.
 */
export async function loadIssueFormFile(
  cwd: string,
  config: Config,
  path: string | undefined,
): Promise<{ ok: true; text?: string } | { ok: false; problems: ConfigProblem[] }> {
  const cloud = config.intake.form !== undefined || Object.keys(config.intake.fields).length > 0;
  if (path === undefined) {
    if (!cloud) return { ok: true };
    throw new CliInputError(
      `the configuration reads requests with the cloud's own issue form${config.intake.form ? ` (intake.form: ${config.intake.form})` : ""}; pass that file with --form FILE`,
    );
  }
  if (!cloud) {
    return { ok: false, problems: [{ key: "intake.fields", message: `--form ${path} needs intake.fields to map the form's field ids to the bot's fields` }] };
  }
  const text = await readTextFile(cwd, path);
  const resolved = resolveIntakeForm(config, text);
  return resolved.ok ? { ok: true, text } : { ok: false, problems: resolved.problems };
}

/** Options of {@link loadGitopsSnapshot}. */
export interface SnapshotOptions {
  /** Most files walked before giving up (a wrong directory, such as a home directory, fails fast). */
  maxFiles?: number;
  /** Deepest directory level walked. */
  maxDepth?: number;
  /** Which files' contents to read into `files` (by repository-relative path); default: kustomizations and OWNERS. */
  readContents?: (path: string) => boolean;
  /** Largest file whose contents are read. */
  maxFileBytes?: number;
}

const KUSTOMIZATION_NAMES = new Set(["kustomization.yaml", "kustomization.yml", "Kustomization", "OWNERS"]);

/** The default of {@link SnapshotOptions.readContents}: kustomization files and OWNERS files. */
export function isKustomizationOrOwners(path: string): boolean {
  return KUSTOMIZATION_NAMES.has(basename(path));
}

/**
 * A {@link GitopsSnapshot} of a local checkout: every file's path (relative, `/`-separated, sorted), skipping
 * `.git` and symbolic links (never followed, so the walk stays inside the directory), and the contents of the
 * files `readContents` selects. Bounded by `maxFiles` and `maxDepth`; throws {@link CliInputError} past them or
 * when `dir` is not a readable directory.
 */
export async function loadGitopsSnapshot(cwd: string, dir: string, options: SnapshotOptions = {}): Promise<GitopsSnapshot> {
  const root = resolveFrom(cwd, dir);
  const maxFiles = options.maxFiles ?? 100_000;
  const maxDepth = options.maxDepth ?? 32;
  const maxFileBytes = options.maxFileBytes ?? 1024 * 1024;
  const wanted = options.readContents ?? isKustomizationOrOwners;
  try {
    if (!(await stat(root)).isDirectory()) throw new CliInputError(`${dir} is not a directory`);
  } catch (error) {
    if (error instanceof CliInputError) throw error;
    throw new CliInputError(`cannot read the GitOps directory ${dir} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }

  const paths: string[] = [];
  const pending: Array<{ abs: string; rel: string; depth: number }> = [{ abs: root, rel: "", depth: 0 }];
  while (pending.length > 0) {
    const current = pending.pop();
    if (!current) break;
    const entries = await readdir(current.abs, { withFileTypes: true });
    for (const entry of entries) {
      const rel = current.rel === "" ? entry.name : `${current.rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name === ".git") continue;
        if (current.depth + 1 > maxDepth) throw new CliInputError(`${dir} is nested deeper than ${maxDepth} levels (at ${rel})`);
        pending.push({ abs: join(current.abs, entry.name), rel, depth: current.depth + 1 });
      } else if (entry.isFile()) {
        paths.push(rel);
        if (paths.length > maxFiles) throw new CliInputError(`${dir} has more than ${maxFiles} files; is it the GitOps repository?`);
      }
    }
  }
  paths.sort();

  const files = new Map<string, string>();
  for (const path of paths) {
    if (!wanted(path)) continue;
    const abs = join(root, ...path.split("/"));
    if ((await stat(abs)).size > maxFileBytes) continue;
    files.set(path, await readFile(abs, "utf8"));
  }
  return { paths: new Set(paths), files };
}

/**
 * A reader of files in a local checkout, for the renderers: a path outside the checkout (or that is not a repository
 * path) and a file that cannot be read read as `undefined`.
 */
export function directoryReader(root: string): FileReader {
  return async (paths) =>
    new Map(
      await Promise.all(
        paths.map(async (p): Promise<[string, string | undefined]> => {
          if (!checkRepoPath(p, p).ok) return [p, undefined];
          return [p, await readFile(join(root, ...p.split("/")), "utf8").catch(() => undefined)];
        }),
      ),
    );
}

/** What the rendering commands (`render`, `render-change`) work on. */
export interface RenderInputs {
  config: Config;
  /** The request file's text. */
  text: string;
  /** The checkout as the renderers see it, with the Namespace manifests found outside the layout's directories. */
  snapshot: GitopsSnapshot;
}

/**
 * Loads the configuration, the request file and the GitOps checkout for a rendering command. On a problem it writes
 * it to stderr, prefixed with the command (`onboarding-bot render: ...`), and returns undefined: the caller exits
 * with the usage code.
 */
export async function loadRenderInputs(
  io: CliIO,
  command: string,
  paths: { config: string; gitops: string; file: string },
): Promise<RenderInputs | undefined> {
  const loaded = await loadConfigFile(io.cwd, paths.config);
  if (!loaded.ok) {
    io.stderr.write(formatConfigProblems(loaded.problems));
    return undefined;
  }
  try {
    const text = await readTextFile(io.cwd, paths.file);
    const snapshot = await withLocalNamespaceManifests(resolveFrom(io.cwd, paths.gitops), await loadGitopsSnapshot(io.cwd, paths.gitops), loaded.config);
    return { config: loaded.config, text, snapshot };
  } catch (error) {
    if (!(error instanceof CliInputError)) throw error;
    io.stderr.write(`onboarding-bot ${command}: ${error.message}\n`);
    return undefined;
  }
}
