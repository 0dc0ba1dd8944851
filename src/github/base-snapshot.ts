import type { Config } from "../config/schema.js";
import { mapLimit } from "../util/map-limit.js";
import { namespaceManifestNames } from "../controller/read-namespace-manifests.js";
import type { FileReader } from "../rendering/feed-files.js";
import type { GitopsSnapshot } from "../types.js";
import { namespaceRoot, pathsToObserve } from "../validation/paths-to-observe.js";
import { TreeView, settleObserved, type PathLookup, type PathObservation } from "../validation/tree-view.js";
import { readBlobTexts, readBlobsWhole, readPathsAtBranch, readPathsAtCommit, type PathsAtCommit } from "./base-tree.js";
import type { BaseState } from "./reader.js";
import type { Octokit } from "./octokit.js";
import type { RepoRef } from "./repo-ref.js";
import { FAN_OUT_LIMIT } from "./fan-out-limit.js";
import { scanOutsideRoot } from "./scan-outside-root.js";

/**
 * The GitOps base branch as one request needs it, read without ever reading the whole tree: the head commit, the
 * paths {@link pathsToObserve} lists (one round trip), and the Namespace manifests outside the layout's namespace
 * root (a walk of the rest of the tree cached by tree oid, and the candidate blobs cached by blob oid, so a steady
 * state reads nothing more). Every call's cost is independent of the number of namespaces in the repository.
 */
export interface BaseSnapshot {
  /** The head commit and its tree; `blobs` holds the files looked up (not every file of the tree). */
  base: BaseState;
  /** What validation and rendering consume: `paths` is the partial {@link TreeView}, `files` the texts looked up. */
  snapshot: GitopsSnapshot;
  /** Runs validation or rendering, looking up the paths they stop at (see {@link settleObserved}). */
  settle<T>(work: () => T | Promise<T>): Promise<T>;
  /** Reads file contents at the base commit for the renderer (whole, however large). */
  readFiles: FileReader;
}

/**
 * Reads the base branch for a request ({@link BaseSnapshot}): {@link pathsToObserve} at the branch head in one round
 * trip, then {@link baseFromObservation}.
 * @throws Error when the base branch does not exist or GitHub cannot answer.
 */
export async function readBaseSnapshot(
  octokit: Octokit,
  repo: RepoRef,
  branch: string,
  config: Config,
  request: Parameters<typeof pathsToObserve>[1],
): Promise<BaseSnapshot> {
  const head = await readPathsAtBranch(octokit, repo, branch, pathsToObserve(config, request));
  if (!head) throw new Error(`base-snapshot: the base branch ${branch} of ${repo.owner}/${repo.repo} does not exist`);
  return baseFromObservation(octokit, repo, config, head);
}

/**
 * The {@link BaseSnapshot} from what looking up {@link pathsToObserve} returned at one commit (this module's
 * `readPathsAtBranch`, or the observe step's `ObservedBase`: `{ commitOid, treeOid, found: observed.paths }`; tree
 * entries without oids are fine, the scan then reads the directories above the namespace root by their own oid).
 * Scans the tree around the namespace root and reads the Namespace manifests there (cached; nothing in a steady state).
 */
export async function baseFromObservation(octokit: Octokit, repo: RepoRef, config: Config, head: PathsAtCommit): Promise<BaseSnapshot> {
  const view = new TreeView({ commitOid: head.commitOid, treeOid: head.treeOid, ...(head.rootEntries ? { rootEntries: head.rootEntries } : {}) });
  const files = new Map<string, string>();
  const blobs = new Map<string, string>();
  /** Blobs GraphQL gave only in part (past its size limit): read whole over REST, without asking GraphQL again. */
  const large = new Set<string>();
  const record = (path: string, found: PathObservation): void => {
    view.observe(path, found);
    if (found.kind !== "blob") return;
    blobs.set(path, found.oid);
    if (typeof found.text === "string" && !found.truncated) files.set(path, found.text);
    else if (found.truncated) large.add(found.oid);
  };
  for (const [path, found] of head.found) record(path, found);

  const readTexts = (oids: readonly string[]) => (oids.length <= REST_BLOB_READS ? readTextsOverRest(octokit, repo, oids) : readBlobTexts(octokit, repo, oids));
  const candidates = await scanOutsideRoot(octokit, repo, view, namespaceRoot(config));
  view.manifestCandidates = [...candidates.keys()];
  const namespaceManifests = await namespaceManifestNames(candidates, config.limits.maxNamespaceManifests, readTexts);

  const lookup: PathLookup = async (paths) => {
    const found = await readPathsAtCommit(octokit, repo, head.commitOid, paths);
    for (const [path, observation] of found) if (observation.kind === "blob") record(path, observation);
    return found;
  };
  const readFiles: FileReader = async (paths) => {
    const unknown = paths.filter((p) => view.kindOf(p) === undefined);
    if (unknown.length > 0) for (const [path, found] of await lookup(unknown)) view.observe(path, found);
    const wanted = paths.filter((p) => !files.has(p) && view.kindOf(p) === "blob");
    const oids = [...new Set(wanted.map((p) => view.oidOf(p)).filter((o): o is string => o !== undefined))];
    const small = oids.filter((o) => !large.has(o));
    const [texts, whole] = await Promise.all([
      small.length === 0 ? new Map<string, string | undefined>() : readBlobTexts(octokit, repo, small, true),
      readBlobsWhole(octokit, repo, oids.filter((o) => large.has(o))),
    ]);
    for (const [oid, text] of whole) texts.set(oid, text);
    for (const path of wanted) {
      const text = texts.get(view.oidOf(path) ?? "");
      if (text !== undefined) files.set(path, text);
    }
    return new Map(paths.map((p) => [p, files.get(p)]));
  };
  return {
    base: { commitSha: head.commitOid, treeSha: head.treeOid, blobs },
    snapshot: { paths: view, files, namespaceManifests },
    settle: (work) => settleObserved(view, lookup, work),
    readFiles,
  };
}

/**
 * Most candidate texts read over REST ({@link FAN_OUT_LIMIT} at a time, so 4 round trips at most), more in one
 * GraphQL document: under Probot's throttle the run's next GraphQL document waits a second after the observation
 * anyway, and REST reads done within that second cost the request nothing, while a GraphQL document costs a second.
 */
export const REST_BLOB_READS = 4 * FAN_OUT_LIMIT;

/**
 * The texts of a few blobs by oid, one REST read each (`GET git/blobs/{oid}`) in parallel: the manifests a new base
 * added outside the root are read without a GraphQL document (Probot's throttle spaces those a second apart, not REST
 * reads). Undefined, as GraphQL's `Blob.text` would be, for a binary blob (one with a NUL byte) and for an oid GitHub
 * does not give as a blob (404, 422).
 * @throws the request's error for any other failure.
 */
async function readTextsOverRest(octokit: Octokit, repo: RepoRef, oids: readonly string[]): Promise<Map<string, string | undefined>> {
  const texts = await mapLimit(oids, FAN_OUT_LIMIT, async (oid) => {
    try {
      const { data } = await octokit.rest.git.getBlob({ owner: repo.owner, repo: repo.repo, file_sha: oid });
      const bytes = Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8");
      return bytes.includes(0) ? undefined : bytes.toString("utf8");
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (status === 404 || status === 422) return undefined;
      throw error;
    }
  });
  return new Map(oids.map((oid, i) => [oid, texts[i]]));
}
