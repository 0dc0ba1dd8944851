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
