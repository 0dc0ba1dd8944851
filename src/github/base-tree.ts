import { mapLimit } from "../util/map-limit.js";
import type { PathObservation, ViewEntry } from "../validation/tree-view.js";
import { FAN_OUT_LIMIT } from "./fan-out-limit.js";
import type { Octokit } from "./octokit.js";
import type { RepoRef } from "./repo-ref.js";

/**
 * Targeted reads of the GitOps repository's base tree over GraphQL, each independent of the repository's size:
 * paths at a branch head or a commit (`Commit.file(path:)`: a file with its text, a directory with its entries and
 * their oids, or nothing), trees by oid (for the scan outside the namespace root, see `scan-outside-root.ts`) and
 * blob texts by oid. Every read of one call comes from one commit.
 */

/** Paths per GraphQL document: each is one aliased `file(path:)`. More are sent as several documents in parallel. */
export const PATHS_PER_QUERY = 100;
/** Trees per document when walking by oid, each with its entries this many levels deep. */
export const TREES_PER_QUERY = 50;
export const TREE_LEVELS_PER_QUERY = 3;

const ENTRIES = "entries { name type oid }";
const FILE = `type oid object { __typename ... on Blob { text isTruncated isBinary } ... on Tree { ${ENTRIES} } }`;

interface RawFile {
  type: "blob" | "tree" | "commit";
  oid: string;
  object: { __typename: string; text?: string | null; isTruncated?: boolean; isBinary?: boolean | null; entries?: RawEntry[] | null } | null;
}
interface RawEntry {
  name: string;
  type: "blob" | "tree" | "commit";
  oid: string;
  object?: { entries?: RawEntry[] | null } | null;
}
interface RawCommit {
  __typename: string;
  oid: string;
  tree?: { oid: string; entries?: RawEntry[] | null };
  [alias: string]: unknown;
}

/** The base commit and what each path looked up is there. */
export interface PathsAtCommit {
  commitOid: string;
  treeOid: string;
  /** The root directory's entries (asked for at a branch head). */
  rootEntries?: readonly ViewEntry[];
  found: ReadonlyMap<string, PathObservation>;
}

function toObservation(file: RawFile | null | undefined): PathObservation {
  if (!file) return { kind: "absent" };
  if (file.type === "commit") return { kind: "commit", oid: file.oid };
  if (file.type === "tree") return { kind: "tree", oid: file.oid, entries: (file.object?.entries ?? []).map(toEntry) };
  return { kind: "blob", oid: file.oid, text: file.object?.text ?? null, truncated: file.object?.isTruncated ?? false, binary: file.object?.isBinary ?? false };
}

function toEntry(e: RawEntry): ViewEntry {
  return { name: e.name, type: e.type, oid: e.oid };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length > 0 ? out : [[]];
}

function fileFields(paths: readonly string[], declare: (type: string, value: string) => string): string {
  return paths.map((path, i) => `f${i}: file(path: ${declare("String!", path)}) { ${FILE} }`).join(" ");
}

/** A document's variable declarations, values and a `declare` that adds one (`$v0`, `$v1`, ...: never user text). */
function variables(repo: RepoRef) {
  const declarations = ["$owner: String!", "$name: String!"];
  const values: Record<string, string> = { owner: repo.owner, name: repo.repo };
  const declare = (type: string, value: string): string => {
    const name = `v${declarations.length - 2}`;
    declarations.push(`$${name}: ${type}`);
    values[name] = value;
    return `$${name}`;
  };
  return { declarations, values, declare };
}

/**
 * Looks `paths` up at the head of `branch`, with the root directory's entries, in one round trip: one document per
 * {@link PATHS_PER_QUERY} paths, sent in parallel, each naming the branch. Should the branch move between them, the
 * paths of the documents that saw another commit are read again at the first one's commit. Undefined when the
 * branch does not exist.
 */
export async function readPathsAtBranch(octokit: Octokit, repo: RepoRef, branch: string, paths: readonly string[]): Promise<PathsAtCommit | undefined> {
  const batches = chunks(paths, PATHS_PER_QUERY);
  const answers = await Promise.all(
    batches.map(async (batch, index) => {
      const v = variables(repo);
      const ref = v.declare("String!", `refs/heads/${branch}`);
      const root = index === 0 ? `tree { oid ${ENTRIES} }` : "tree { oid }";
      const files = fileFields(batch, v.declare);
      const query = `query ReadBase(${v.declarations.join(", ")}) { repository(owner: $owner, name: $name) { ref(qualifiedName: ${ref}) { target { __typename oid ... on Commit { ${root} ${files} } } } } }`;
      const data = await octokit.graphql<{ repository: { ref: { target: RawCommit } | null } | null }>(query, v.values);
      return data.repository?.ref?.target;
    }),
  );
  const first = answers[0];
  if (!first) return undefined;
  if (first.__typename !== "Commit" || !first.tree) throw new Error(`base-tree: ${repo.owner}/${repo.repo}@${branch} does not point to a commit`);
  const found = new Map<string, PathObservation>();
  const moved: string[] = [];
  batches.forEach((batch, i) => {
    const answer = answers[i];
    if (answer?.oid !== first.oid) moved.push(...batch);
    else batch.forEach((path, j) => found.set(path, toObservation(answer[`f${j}`] as RawFile | null)));
  });
  if (moved.length > 0) for (const [path, observation] of await readPathsAtCommit(octokit, repo, first.oid, moved)) found.set(path, observation);
  return { commitOid: first.oid, treeOid: first.tree.oid, rootEntries: (first.tree.entries ?? []).map(toEntry), found };
}

/** Looks `paths` up at commit `commitOid`: one round trip (one document per {@link PATHS_PER_QUERY} paths, in parallel). */
export async function readPathsAtCommit(octokit: Octokit, repo: RepoRef, commitOid: string, paths: readonly string[]): Promise<Map<string, PathObservation>> {
  const found = new Map<string, PathObservation>();
  if (paths.length === 0) return found;
  await mapLimit(chunks(paths, PATHS_PER_QUERY), FAN_OUT_LIMIT, async (batch) => {
    const v = variables(repo);
    const commit = v.declare("GitObjectID!", commitOid);
    const files = fileFields(batch, v.declare);
    const query = `query ReadPaths(${v.declarations.join(", ")}) { repository(owner: $owner, name: $name) { object(oid: ${commit}) { __typename ... on Commit { ${files} } } } }`;
    const data = await octokit.graphql<{ repository: { object: RawCommit | null } | null }>(query, v.values);
    const target = data.repository?.object;
    if (target?.__typename !== "Commit") throw new Error(`base-tree: commit ${commitOid} of ${repo.owner}/${repo.repo} cannot be read`);
    batch.forEach((path, j) => found.set(path, toObservation(target[`f${j}`] as RawFile | null)));
  });
  return found;
}

function nestedEntries(levels: number): string {
  return levels <= 1 ? ENTRIES : `entries { name type oid object { ... on Tree { ${nestedEntries(levels - 1)} } } }`;
}

/**
 * The entries of the trees with these oids, and of every tree below them up to `levels` levels deep (by oid; a tree
 * whose entries did not come back is simply absent from the answer). One round trip.
 */
export async function readTrees(octokit: Octokit, repo: RepoRef, oids: readonly string[], levels = TREE_LEVELS_PER_QUERY): Promise<Map<string, ViewEntry[]>> {
  const out = new Map<string, ViewEntry[]>();
  const collect = (oid: string, entries: RawEntry[]): void => {
    out.set(oid, entries.map(toEntry));
    for (const e of entries) if (e.type === "tree" && e.object?.entries) collect(e.oid, e.object.entries);
  };
  await mapLimit(chunks(oids, TREES_PER_QUERY), FAN_OUT_LIMIT, async (batch) => {
    if (batch.length === 0) return;
    const v = variables(repo);
    const fields = batch.map((oid, i) => `t${i}: object(oid: ${v.declare("GitObjectID!", oid)}) { ... on Tree { ${nestedEntries(levels)} } }`);
    const data = await octokit.graphql<{ repository: Record<string, { entries?: RawEntry[] } | null> | null }>(
      `query ReadTrees(${v.declarations.join(", ")}) { repository(owner: $owner, name: $name) { ${fields.join(" ")} } }`,
      v.values,
    );
    batch.forEach((oid, i) => {
      const entries = data.repository?.[`t${i}`]?.entries;
      if (entries) collect(oid, entries);
    });
  });
  return out;
}

/**
 * The texts of the blobs with these oids, one round trip; undefined for a blob GitHub does not give whole over
 * GraphQL (binary, or truncated past its size limit) unless `whole` reads it: then over REST by oid, one call each.
 */
export async function readBlobTexts(
  octokit: Octokit,
  repo: RepoRef,
  oids: readonly string[],
  whole = false,
): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  const big: string[] = [];
  await mapLimit(chunks(oids, PATHS_PER_QUERY), FAN_OUT_LIMIT, async (batch) => {
    if (batch.length === 0) return;
    const v = variables(repo);
    const fields = batch.map((oid, i) => `b${i}: object(oid: ${v.declare("GitObjectID!", oid)}) { ... on Blob { text isTruncated isBinary } }`);
    const data = await octokit.graphql<{ repository: Record<string, { text?: string | null; isTruncated?: boolean; isBinary?: boolean | null } | null> | null }>(
      `query ReadBlobs(${v.declarations.join(", ")}) { repository(owner: $owner, name: $name) { ${fields.join(" ")} } }`,
      v.values,
    );
    batch.forEach((oid, i) => {
      const blob = data.repository?.[`b${i}`];
      if (blob && typeof blob.text === "string" && !blob.isTruncated) out.set(oid, blob.text);
      else if (blob && !blob.isBinary && whole) big.push(oid);
      else out.set(oid, undefined);
    });
  });
  for (const [oid, text] of await readBlobsWhole(octokit, repo, big)) out.set(oid, text);
  return out;
}

/** Blobs read whole over REST by oid (GraphQL truncates large texts), in parallel (bounded). */
export async function readBlobsWhole(octokit: Octokit, repo: RepoRef, oids: readonly string[]): Promise<Map<string, string>> {
  const texts = await mapLimit(oids, FAN_OUT_LIMIT, async (oid) => {
    const { data } = await octokit.rest.git.getBlob({ owner: repo.owner, repo: repo.repo, file_sha: oid });
    return Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8").toString("utf8");
  });
  return new Map(oids.map((oid, i) => [oid, texts[i] as string]));
}
