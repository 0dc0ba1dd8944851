import { globalId } from "../graphql/node-id.js";
import { GitStore, GitStoreError, type GitPerson, type TreeChange } from "../git-store.js";
import { ApiError, BOT_LOGIN, type RepoRecord } from "../model.js";
import { gitCommitJson } from "../payloads.js";
import { moveRef, personOf, resolveCommitish, UNVERIFIED, verified } from "../repo-ops.js";
import { actorOf, repoOf, type RouteContext, type RouteHandler } from "../route-context.js";
import { wrappedBase64 } from "./repos.js";

function refJson(ctx: RouteContext, repo: RepoRecord, ref: string, sha: string): Record<string, unknown> {
  const api = `${ctx.state.apiUrl}/repos/${repo.fullName}`;
  return {
    ref,
    node_id: globalId("Ref", repo.id, ref),
    url: `${api}/git/${ref}`,
    object: { type: "commit", sha, url: `${api}/git/commits/${sha}` },
  };
}

function treeJson(ctx: RouteContext, repo: RepoRecord, sha: string, recursive: boolean): Record<string, unknown> {
  const api = `${ctx.state.apiUrl}/repos/${repo.fullName}/git`;
  const all = recursive ? repo.git.listRecursive(sha) : (repo.git.tree(sha) ?? []).map((e) => ({ ...e, path: e.name }));
  // GitHub answers at most 100,000 entries (or 7 MB) of a tree, and says `truncated: true` past that.
  const truncated = all.length > MAX_TREE_ENTRIES;
  const entries = truncated ? all.slice(0, MAX_TREE_ENTRIES) : all;
  return {
    sha,
    url: `${api}/trees/${sha}`,
    tree: entries.map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === "blob" ? { size: repo.git.blob(e.sha)?.length ?? 0 } : {}),
      url: `${api}/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
    })),
    truncated,
  };
}

/** The most entries GitHub returns for one tree read (documented for `GET /repos/{owner}/{repo}/git/trees`). */
export const MAX_TREE_ENTRIES = 100_000;

function gitFailure(error: unknown): never {
  if (error instanceof GitStoreError) throw new ApiError(422, error.message);
  throw error;
}

function requireCommitObject(repo: RepoRecord, sha: string): void {
  if (!GitStore.isSha(sha) || !repo.git.commit(sha)) throw new ApiError(422, "Object does not exist");
}

function personOrDefault(value: unknown, fallback: GitPerson, now: string): GitPerson {
  if (value === null || typeof value !== "object") return fallback;
  const v = value as { name?: string; email?: string; date?: string };
  return { name: v.name ?? fallback.name, email: v.email ?? fallback.email, date: v.date ?? now };
}

/** Handlers of the git data API (`git/*`). */
export const gitHandlers: Record<string, RouteHandler> = {
  "git/create-blob": (ctx) => {
    const repo = repoOf(ctx);
    const { content, encoding } = ctx.body as { content: string; encoding?: string };
    if (encoding !== undefined && encoding !== "utf-8" && encoding !== "base64") {
      throw new ApiError(422, `encoding must be utf-8 or base64, not ${encoding}`);
    }
    const sha = repo.git.writeBlob(encoding === "base64" ? Buffer.from(content, "base64") : content);
    return { status: 201, body: { sha, url: `${ctx.state.apiUrl}/repos/${repo.fullName}/git/blobs/${sha}` } };
  },

  "git/get-blob": (ctx) => {
    const repo = repoOf(ctx);
    const sha = String(ctx.params.file_sha);
    const data = repo.git.blob(sha);
    if (data === undefined) throw new ApiError(404, "Not Found");
    return {
      body: {
        sha,
        node_id: globalId("Blob", repo.id, sha),
        size: data.length,
        url: `${ctx.state.apiUrl}/repos/${repo.fullName}/git/blobs/${sha}`,
        content: wrappedBase64(data),
        encoding: "base64",
      },
    };
  },

  "git/get-tree": (ctx) => {
    const repo = repoOf(ctx);
    const requested = String(ctx.params.tree_sha);
    let sha: string | undefined = repo.git.tree(requested) ? requested : undefined;
    if (sha === undefined) {
      const commit = resolveCommitish(repo, requested);
      sha = commit === undefined ? undefined : repo.git.commit(commit)?.tree;
    }
    if (sha === undefined) throw new ApiError(404, "Not Found");
    return { body: treeJson(ctx, repo, sha, ctx.query.recursive !== undefined) };
  },

  "git/create-tree": (ctx) => {
    const repo = repoOf(ctx);
    const { tree, base_tree: baseTree } = ctx.body as { tree: TreeChange[]; base_tree?: string };
    if (baseTree !== undefined && !repo.git.tree(baseTree)) throw new ApiError(422, "Invalid tree info: base_tree is not a tree");
    let sha: string;
    try {
      sha = repo.git.applyChanges(baseTree, tree);
    } catch (error) {
      gitFailure(error);
    }
    return { status: 201, body: treeJson(ctx, repo, sha, false) };
  },

  "git/get-commit": (ctx) => {
    const repo = repoOf(ctx);
    const sha = String(ctx.params.commit_sha);
    if (!repo.git.commit(sha)) throw new ApiError(404, "Not Found");
    return { body: gitCommitJson(ctx.state, repo, sha) };
  },

  "git/create-commit": (ctx) => {
    const repo = repoOf(ctx);
    const body = ctx.body as { message: string; tree: string; parents?: string[]; author?: unknown; committer?: unknown; signature?: string };
    const now = ctx.state.now();
    const bot = personOf(ctx.state, BOT_LOGIN, now);
    const author = personOrDefault(body.author, bot, now);
    const committer = personOrDefault(body.committer, body.author === undefined ? bot : author, now);
    const signedByGitHub = body.committer === undefined && body.signature === undefined;
    let sha: string;
    try {
      sha = repo.git.writeCommit({
        tree: body.tree,
        parents: body.parents ?? [],
        author,
        committer,
        message: body.message,
        verification: signedByGitHub ? verified(ctx.state) : UNVERIFIED,
      });
    } catch (error) {
      gitFailure(error);
    }
    return { status: 201, body: gitCommitJson(ctx.state, repo, sha) };
  },

  "git/get-ref": (ctx) => {
    const repo = repoOf(ctx);
    const ref = `refs/${String(ctx.params.ref)}`;
    const sha = repo.refs.get(ref);
    if (sha === undefined) throw new ApiError(404, "Not Found");
    return { body: refJson(ctx, repo, ref, sha) };
  },

  "git/list-matching-refs": (ctx) => {
    const repo = repoOf(ctx);
    const prefix = `refs/${String(ctx.params.ref)}`;
    const matches = [...repo.refs].filter(([ref]) => ref.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { body: matches.map(([ref, sha]) => refJson(ctx, repo, ref, sha)) };
  },

  "git/create-ref": (ctx) => {
    const repo = repoOf(ctx);
    const { ref, sha } = ctx.body as { ref: string; sha: string };
    if (!ref.startsWith("refs/") || ref.split("/").length < 3 || ref.split("/").some((p) => p === "")) {
      throw new ApiError(422, "Reference name must start with 'refs/' and have at least two slashes.");
    }
    if (repo.refs.has(ref)) throw new ApiError(422, "Reference already exists");
    requireCommitObject(repo, sha);
    moveRef(ctx.state, repo, ref, sha, actorOf(ctx));
    return { status: 201, body: refJson(ctx, repo, ref, sha) };
  },

  "git/update-ref": (ctx) => {
    const repo = repoOf(ctx);
    const ref = `refs/${String(ctx.params.ref)}`;
    const { sha, force } = ctx.body as { sha: string; force?: boolean };
    const current = repo.refs.get(ref);
    if (current === undefined) throw new ApiError(422, "Reference does not exist");
    requireCommitObject(repo, sha);
    const fastForward = repo.git.isAncestor(current, sha);
    if (!fastForward && force !== true) throw new ApiError(422, "Update is not a fast forward");
    moveRef(ctx.state, repo, ref, sha, actorOf(ctx), !fastForward);
    return { body: refJson(ctx, repo, ref, sha) };
  },

  "git/delete-ref": (ctx) => {
    const repo = repoOf(ctx);
    const ref = `refs/${String(ctx.params.ref)}`;
    if (!repo.refs.has(ref)) throw new ApiError(422, "Reference does not exist");
    moveRef(ctx.state, repo, ref, null, actorOf(ctx));
    return { status: 204 };
  },
};
