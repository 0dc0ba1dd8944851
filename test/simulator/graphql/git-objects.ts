import type { GitPerson, TreeEntry } from "../git-store.js";
import type { IssueRecord, RepoRecord } from "../model.js";
import { loginOfEmail } from "../payloads.js";
import { resolveCommitish } from "../repo-ops.js";
import { actorNode } from "./actors.js";
import { connection, type PageArgs } from "./connection.js";
import type { GqlContext, GqlObject } from "./context.js";
import { issueNode, labelNode } from "./content.js";
import { notFound } from "./errors.js";
import { globalId } from "./node-id.js";

const HTML = "https://github.com";

/** A `GitActor` (a commit's author or committer line), with the GitHub user behind its email when known. */
function gitActor(ctx: GqlContext, person: GitPerson): GqlObject {
  const login = loginOfEmail(ctx.state, person.email);
  return {
    __typename: "GitActor",
    name: person.name,
    email: person.email,
    date: person.date,
    user: () => {
      const user = login === undefined ? undefined : ctx.state.user(login);
      return user?.type === "User" ? actorNode(ctx, user.login) : null;
    },
  };
}

/** A `Commit`; `null` when `sha` is not a commit of the repository. */
export function commitNode(ctx: GqlContext, repo: RepoRecord, sha: string): GqlObject | null {
  const commit = repo.git.commit(sha);
  if (!commit) return null;
  const [headline = "", ...rest] = commit.message.split("\n");
  const url = `${HTML}/${repo.fullName}/commit/${sha}`;
  const parentTree = commit.parents[0] === undefined ? undefined : repo.git.commit(commit.parents[0])?.tree;
  return {
    __typename: "Commit",
    id: globalId("Commit", repo.id, sha),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    message: commit.message,
    messageHeadline: headline,
    messageBody: rest.join("\n").replace(/^\n+/, ""),
    author: () => gitActor(ctx, commit.author),
    committer: () => gitActor(ctx, commit.committer),
    authoredDate: commit.author.date,
    committedDate: commit.committer.date,
    authoredByCommitter: commit.author.email === commit.committer.email,
    committedViaWeb: commit.verification.verified,
    url,
    commitUrl: url,
    resourcePath: new URL(url).pathname,
    repository: () => repositoryNode(ctx, repo),
    tree: () => treeNode(ctx, repo, commit.tree, ""),
    treeUrl: `${HTML}/${repo.fullName}/tree/${sha}`,
    parents: (args: PageArgs) => connection(commit.parents.map((p) => commitNode(ctx, repo, p)), args, "parents"),
    changedFilesIfAvailable: () => {
      const before = parentTree === undefined ? new Map() : repo.git.flatten(parentTree);
      const after = repo.git.flatten(commit.tree);
      let changed = 0;
      for (const [path, entry] of after) if (before.get(path)?.sha !== entry.sha) changed += 1;
      for (const path of before.keys()) if (!after.has(path)) changed += 1;
      return changed;
    },
    signature: () =>
      commit.verification.verified
        ? {
            __typename: "GpgSignature",
            isValid: true,
            state: "VALID",
            wasSignedByGitHub: true,
            email: commit.committer.email,
            payload: commit.verification.payload ?? "",
            signature: commit.verification.signature ?? "",
            signer: null,
            keyId: "B5690EEEBB952194",
          }
        : null,
    file: ({ path }: { path: string }) => {
      const clean = path.replace(/^\/+|\/+$/g, "");
      if (clean === "") return null;
      const entry = repo.git.lookup(commit.tree, clean);
      return entry ? treeEntryNode(ctx, repo, entry, clean) : null;
    },
  };
}

/** A `TreeEntry`. GraphQL's `mode` is the git mode as a number (`100644` octal → 33188, `040000` → 16384). */
function treeEntryNode(ctx: GqlContext, repo: RepoRecord, entry: TreeEntry, path: string): GqlObject {
  const dot = entry.name.lastIndexOf(".");
  return {
    __typename: "TreeEntry",
    name: entry.name,
    path,
    type: entry.type,
    mode: parseInt(entry.mode, 8),
    oid: entry.sha,
    extension: dot > 0 ? entry.name.slice(dot) : null,
    isGenerated: false,
    size: entry.type === "blob" ? (repo.git.blob(entry.sha)?.length ?? 0) : 0,
    lineCount: () => {
      const data = entry.type === "blob" ? repo.git.blob(entry.sha) : undefined;
      return data === undefined || data.includes(0) ? null : data.toString("utf8").split("\n").length - (data.toString("utf8").endsWith("\n") ? 1 : 0);
    },
    nameRaw: Buffer.from(entry.name, "utf8").toString("base64"),
    pathRaw: Buffer.from(path, "utf8").toString("base64"),
    object: () => gitObjectNode(ctx, repo, entry.sha, path),
    repository: () => repositoryNode(ctx, repo),
    submodule: null,
  };
}

/** A `Tree`; `entries` carry their full paths from the repository root (`path` = where the tree sits). */
function treeNode(ctx: GqlContext, repo: RepoRecord, sha: string, path: string): GqlObject {
  return {
    __typename: "Tree",
    id: globalId("Tree", repo.id, sha),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    entries: (repo.git.tree(sha) ?? []).map((e) => treeEntryNode(ctx, repo, e, path === "" ? e.name : `${path}/${e.name}`)),
    repository: () => repositoryNode(ctx, repo),
  };
}

/** A `Blob`. Like GitHub, `text` is null for binary content (a NUL byte), and `isTruncated` past 512,000 bytes. */
function blobNode(ctx: GqlContext, repo: RepoRecord, sha: string, data: Buffer): GqlObject {
  const isBinary = data.includes(0);
  const limit = 512_000; // GitHub cuts `Blob.text` at exactly 512,000 bytes (reported by users; undocumented)
  return {
    __typename: "Blob",
    id: globalId("Blob", repo.id, sha),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    byteSize: data.length,
    isBinary,
    isTruncated: data.length > limit,
    text: isBinary ? null : data.subarray(0, limit).toString("utf8"),
    repository: () => repositoryNode(ctx, repo),
  };
}

/** The `GitObject` (Commit, Tree or Blob) with this oid, or `null`. */
export function gitObjectNode(ctx: GqlContext, repo: RepoRecord, sha: string, path = ""): GqlObject | null {
  const object = repo.git.get(sha);
  if (!object) return null;
  if (object.type === "commit") return commitNode(ctx, repo, sha);
  if (object.type === "tree") return treeNode(ctx, repo, sha, path);
  return blobNode(ctx, repo, sha, object.data);
}

/**
 * A `Ref` (`refs/heads/main`): `name` is the short name, `prefix` the rest, `target` the commit. `null` when the
 * ref does not exist.
 */
export function refNode(ctx: GqlContext, repo: RepoRecord, fullName: string, refPrefix?: string): GqlObject | null {
  const sha = repo.refs.get(fullName);
  if (sha === undefined) return null;
  const prefix = refPrefix ?? /^refs\/(heads|tags)\//.exec(fullName)?.[0] ?? "refs/";
  return {
    __typename: "Ref",
    id: globalId("Ref", repo.id, fullName),
    name: fullName.slice(prefix.length),
    prefix,
    target: () => gitObjectNode(ctx, repo, sha),
    repository: () => repositoryNode(ctx, repo),
    associatedPullRequests: (args: PageArgs & { states?: string[] | null }) =>
      connection(
        pullsOf(repo, (i) => i.pull?.headRef === fullName.slice("refs/heads/".length), args.states).map((i) => issueNode(ctx, repo, i)),
        args,
        "associatedPullRequests",
      ),
  };
}

function pullState(issue: IssueRecord): string {
  return issue.pull?.merged ? "MERGED" : issue.state === "open" ? "OPEN" : "CLOSED";
}

function pullsOf(repo: RepoRecord, keep: (issue: IssueRecord) => boolean, states: string[] | null | undefined): IssueRecord[] {
  return [...repo.issues.values()]
    .filter((i) => i.pull !== undefined && keep(i) && (!states || states.includes(pullState(i))))
    .sort((a, b) => a.number - b.number);
}

/**
 * `Repository.ref(qualifiedName:)`: "Fully qualified matches are checked in order (`refs/heads/master`) before
 * falling back onto checks for short name matches (`master`)."
 */
function findRef(repo: RepoRecord, name: string): string | undefined {
  if (repo.refs.has(name)) return name;
  return [`refs/heads/${name}`, `refs/tags/${name}`].find((full) => repo.refs.has(full));
}

/** `Repository.object(expression:)`: `rev` or `rev:path` (rev: `HEAD`, a branch, a tag or a sha). */
function resolveExpression(ctx: GqlContext, repo: RepoRecord, expression: string): GqlObject | null {
  const colon = expression.indexOf(":");
  const rev = colon < 0 ? expression : expression.slice(0, colon);
  const sha = rev === "HEAD" || rev === "" ? repo.refs.get(`refs/heads/${repo.defaultBranch}`) : resolveCommitish(repo, rev);
  if (sha === undefined) return null;
  if (colon < 0) return gitObjectNode(ctx, repo, sha);
  const commit = repo.git.commit(sha);
  const path = expression.slice(colon + 1).replace(/^\/+|\/+$/g, "");
  if (!commit) return null;
  if (path === "") return treeNode(ctx, repo, commit.tree, "");
  const entry = repo.git.lookup(commit.tree, path);
  return entry ? gitObjectNode(ctx, repo, entry.sha, path) : null;
}

/** A `Repository` the installation can see. */
export function repositoryNode(ctx: GqlContext, repo: RepoRecord): GqlObject {
  const issueNumbered = (number: number, kind: "Issue" | "PullRequest"): IssueRecord => {
    const issue = repo.issues.get(number);
    if (!issue || (kind === "Issue") !== (issue.pull === undefined)) {
      throw notFound(`Could not resolve to ${kind === "Issue" ? "an Issue" : "a PullRequest"} with the number of ${number}.`);
    }
    return issue;
  };
  return {
    __typename: "Repository",
    id: globalId("Repository", repo.id),
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: repo.fullName,
    owner: () => actorNode(ctx, repo.owner),
    isPrivate: false,
    visibility: "PUBLIC",
    isArchived: false,
    isFork: false,
    isEmpty: false,
    description: null,
    url: `${HTML}/${repo.fullName}`,
    resourcePath: `/${repo.fullName}`,
    createdAt: repo.created_at,
    updatedAt: repo.pushed_at,
    pushedAt: repo.pushed_at,
    viewerPermission: "WRITE",
    defaultBranchRef: () => refNode(ctx, repo, `refs/heads/${repo.defaultBranch}`),
    ref: ({ qualifiedName }: { qualifiedName: string }) => {
      const full = findRef(repo, qualifiedName);
      return full === undefined ? null : refNode(ctx, repo, full);
    },
    // Names come back relative to `refPrefix` (`refs/heads/` → `main`), sorted alphabetically.
    refs: (args: PageArgs & { refPrefix: string; query?: string | null; direction?: string | null }) => {
      const names = [...repo.refs.keys()]
        .filter((name) => name.startsWith(args.refPrefix) && name.length > args.refPrefix.length)
        .filter((name) => !args.query || name.slice(args.refPrefix.length).includes(args.query))
        .sort();
      if (args.direction === "DESC") names.reverse();
      return connection(names.map((name) => refNode(ctx, repo, name, args.refPrefix)), args, "refs");
    },
    object: ({ oid, expression }: { oid?: string | null; expression?: string | null }) => {
      if (oid) return gitObjectNode(ctx, repo, oid);
      return expression ? resolveExpression(ctx, repo, expression) : null;
    },
    issue: ({ number }: { number: number }) => issueNode(ctx, repo, issueNumbered(number, "Issue")),
    pullRequest: ({ number }: { number: number }) => issueNode(ctx, repo, issueNumbered(number, "PullRequest")),
    issueOrPullRequest: ({ number }: { number: number }) => {
      const issue = repo.issues.get(number);
      if (!issue) throw notFound(`Could not resolve to an issue or pull request with the number of ${number}.`);
      return issueNode(ctx, repo, issue);
    },
    pullRequests: (args: PageArgs & { states?: string[] | null; headRefName?: string | null; baseRefName?: string | null; labels?: string[] | null }) =>
      connection(
        pullsOf(
          repo,
          (i) =>
            (!args.headRefName || i.pull?.headRef === args.headRefName) &&
            (!args.baseRefName || i.pull?.baseRef === args.baseRefName) &&
            (!args.labels || args.labels.some((l) => i.labels.some((x) => x.toLowerCase() === l.toLowerCase()))),
          args.states,
        ).map((i) => issueNode(ctx, repo, i)),
        args,
        "pullRequests",
      ),
    // `filterBy` (IssueFilters: createdBy, labels, states) narrows like the top-level arguments; the order is by
    // creation (number), ascending unless `orderBy.direction` is DESC.
    issues: (
      args: PageArgs & {
        states?: string[] | null;
        labels?: string[] | null;
        filterBy?: { createdBy?: string | null; labels?: string[] | null; states?: string[] | null } | null;
        orderBy?: { field?: string; direction?: string } | null;
      },
    ) =>
      connection(
        [...repo.issues.values()]
          .filter((i) => i.pull === undefined)
          .filter((i) => !args.states || args.states.includes(i.state === "open" ? "OPEN" : "CLOSED"))
          .filter((i) => !args.filterBy?.states || args.filterBy.states.includes(i.state === "open" ? "OPEN" : "CLOSED"))
          .filter((i) => !args.labels || args.labels.some((l) => i.labels.some((x) => x.toLowerCase() === l.toLowerCase())))
          .filter((i) => !args.filterBy?.labels || args.filterBy.labels.every((l) => i.labels.some((x) => x.toLowerCase() === l.toLowerCase())))
          .filter((i) => !args.filterBy?.createdBy || i.user.toLowerCase() === args.filterBy.createdBy.toLowerCase())
          .sort((a, b) => (args.orderBy?.direction === "DESC" ? b.number - a.number : a.number - b.number))
          .map((i) => issueNode(ctx, repo, i)),
        args,
        "issues",
      ),
    label: ({ name }: { name: string }) => {
      const label = repo.labels.get(name.toLowerCase());
      return label ? labelNode(ctx, repo, label) : null;
    },
    labels: (args: PageArgs & { query?: string | null }) =>
      connection(
        [...repo.labels.values()]
          .filter((l) => !args.query || l.name.toLowerCase().includes(args.query.toLowerCase()))
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((l) => labelNode(ctx, repo, l)),
        args,
        "labels",
      ),
  };
}
