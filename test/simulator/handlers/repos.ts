import { ApiError, type RepoRecord } from "../model.js";
import { repoCommitJson, repoJson } from "../payloads.js";
import { resolveCommitish } from "../repo-ops.js";
import { repoOf, stringOf, type RouteContext, type RouteHandler } from "../route-context.js";

/** Base64 the way GitHub's contents API returns it: wrapped at 60 characters, trailing newline. */
export function wrappedBase64(data: Buffer): string {
  const b64 = data.toString("base64");
  return b64 === "" ? "" : `${b64.match(/.{1,60}/g)?.join("\n") ?? ""}\n`;
}

function commitOfRef(repo: RepoRecord, ref: string): string {
  const sha = resolveCommitish(repo, ref);
  if (sha === undefined) throw new ApiError(404, `No commit found for the ref ${ref}`);
  return sha;
}

function contentEntry(ctx: RouteContext, repo: RepoRecord, path: string, ref: string, e: { type: string; sha: string; mode: string }): Record<string, unknown> {
  const api = `${ctx.state.apiUrl}/repos/${repo.fullName}`;
  const type = e.type === "tree" ? "dir" : e.type === "commit" ? "submodule" : e.mode === "120000" ? "symlink" : "file";
  const url = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const gitUrl = `${api}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`;
  const htmlUrl = `https://github.com/${repo.fullName}/${e.type === "tree" ? "tree" : "blob"}/${ref}/${path}`;
  return {
    type,
    size: e.type === "blob" ? (repo.git.blob(e.sha)?.length ?? 0) : 0,
    name: path.split("/").pop() ?? path,
    path,
    sha: e.sha,
    url,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url: type === "file" ? `https://raw.githubusercontent.com/${repo.fullName}/${ref}/${path}` : null,
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

/** Handlers of repository-level reads: the repository, contents, commits and branches. */
export const repoHandlers: Record<string, RouteHandler> = {
  "repos/get": (ctx) => ({ body: repoJson(ctx.state, repoOf(ctx)) }),

  "repos/get-content": (ctx) => {
    const repo = repoOf(ctx);
    const ref = stringOf(ctx.query.ref) ?? repo.defaultBranch;
    const commit = repo.git.commit(commitOfRef(repo, ref));
    const path = String(ctx.params.path).replace(/^\/+|\/+$/g, "");
    const entry = commit ? repo.git.lookup(commit.tree, path) : undefined;
    if (!entry) throw new ApiError(404, "Not Found");
    if (entry.type === "tree") {
      const entries = (repo.git.tree(entry.sha) ?? []).map((e) =>
        contentEntry(ctx, repo, path === "" ? e.name : `${path}/${e.name}`, ref, e),
      );
      return { body: entries };
    }
    const data = repo.git.blob(entry.sha);
    if (data === undefined) return { body: contentEntry(ctx, repo, path, ref, entry) };
    if (ctx.accept.includes(".raw")) return { raw: { text: data.toString("utf8"), contentType: "text/plain; charset=utf-8" } };
    return { body: { ...contentEntry(ctx, repo, path, ref, entry), encoding: "base64", content: wrappedBase64(data) } };
  },

  "repos/get-commit": (ctx) => {
    const repo = repoOf(ctx);
    const ref = String(ctx.params.ref);
    const sha = resolveCommitish(repo, ref);
    if (sha === undefined) throw new ApiError(422, `No commit found for SHA: ${ref}`);
    return { body: repoCommitJson(ctx.state, repo, sha, true) };
  },

  // GitHub's three-dot comparison: the changes from the merge base to the head, with exact renames (same blob) as
  // `renamed`, at most 300 files (GitHub's limit; larger comparisons are cut there) and 250 commits.
  "repos/compare-commits-with-basehead": (ctx) => {
    const repo = repoOf(ctx);
    const basehead = String(ctx.params.basehead);
    const [baseRef, headRef, extra] = basehead.split("...");
    if (baseRef === undefined || headRef === undefined || extra !== undefined || baseRef === "" || headRef === "") throw new ApiError(404, "Not Found");
    const base = resolveCommitish(repo, baseRef);
    const head = resolveCommitish(repo, headRef);
    if (base === undefined || head === undefined) throw new ApiError(404, "Not Found");
    const mergeBase = repo.git.mergeBase(base, head);
    if (mergeBase === undefined) throw new ApiError(404, `No common ancestor between ${baseRef} and ${headRef}.`);
    const ahead = repo.git.commitsBetween(mergeBase, head);
    const behind = repo.git.commitsBetween(mergeBase, base);
    const status = ahead.length === 0 && behind.length === 0 ? "identical" : behind.length === 0 ? "ahead" : ahead.length === 0 ? "behind" : "diverged";
    const html = `https://github.com/${repo.fullName}/compare/${basehead}`;
    return {
      body: {
        url: `${ctx.state.apiUrl}/repos/${repo.fullName}/compare/${basehead}`,
        html_url: html,
        permalink_url: `https://github.com/${repo.fullName}/compare/${repo.owner}:${base.slice(0, 7)}...${repo.owner}:${head.slice(0, 7)}`,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        base_commit: repoCommitJson(ctx.state, repo, base),
        merge_base_commit: repoCommitJson(ctx.state, repo, mergeBase),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: ahead.slice(0, 250).map((sha) => repoCommitJson(ctx.state, repo, sha)),
        files: comparedFiles(ctx, repo, mergeBase, head).slice(0, 300),
      },
    };
  },

  "repos/get-branch": (ctx) => {
    const repo = repoOf(ctx);
    const branch = String(ctx.params.branch);
    const sha = repo.refs.get(`refs/heads/${branch}`);
    if (sha === undefined) throw new ApiError(404, "Branch not found");
    const api = `${ctx.state.apiUrl}/repos/${repo.fullName}/branches/${encodeURIComponent(branch)}`;
    return {
      body: {
        name: branch,
        commit: repoCommitJson(ctx.state, repo, sha),
        _links: { self: api, html: `https://github.com/${repo.fullName}/tree/${branch}` },
        protected: false,
        protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
        protection_url: `${api}/protection`,
      },
    };
  },
};

/** The files changed from `from` to `to` as the compare API lists them: an exact rename (same blob) is one `renamed` entry. */
function comparedFiles(ctx: RouteContext, repo: RepoRecord, from: string, to: string): Array<Record<string, unknown>> {
  const git = repo.git;
  const before = git.commit(from)?.tree;
  const changes = git.diff(before, git.commit(to)?.tree);
  const removedBySha = new Map<string, string>();
  for (const [path, entry] of changes) {
    const old = git.fileAt(before, path);
    if (entry === null && old && !removedBySha.has(old.sha)) removedBySha.set(old.sha, path);
  }
  const renamedFrom = new Set<string>();
  const out: Array<Record<string, unknown>> = [];
  for (const [filename, entry] of changes) {
    if (entry === null) continue;
    const old = git.fileAt(before, filename);
    const source = old ? undefined : removedBySha.get(entry.sha);
    const previous = source !== undefined && !renamedFrom.has(source) ? source : undefined;
    if (previous !== undefined) renamedFrom.add(previous);
    const status = old ? "modified" : previous !== undefined ? "renamed" : "added";
    out.push(diffEntry(ctx, repo, to, filename, entry.sha, status, previous));
  }
  for (const [filename, entry] of changes) {
    if (entry !== null || renamedFrom.has(filename)) continue;
    out.push(diffEntry(ctx, repo, to, filename, git.fileAt(before, filename)?.sha ?? null, "removed"));
  }
  return out.sort((a, b) => (String(a.filename) < String(b.filename) ? -1 : 1));
}

function diffEntry(ctx: RouteContext, repo: RepoRecord, ref: string, filename: string, sha: string | null, status: string, previous?: string): Record<string, unknown> {
  return {
    sha,
    filename,
    status,
    additions: 0,
    deletions: 0,
    changes: 0,
    blob_url: `https://github.com/${repo.fullName}/blob/${ref}/${filename}`,
    raw_url: `https://github.com/${repo.fullName}/raw/${ref}/${filename}`,
    contents_url: `${ctx.state.apiUrl}/repos/${repo.fullName}/contents/${filename}?ref=${ref}`,
    ...(previous === undefined ? {} : { previous_filename: previous }),
  };
}
