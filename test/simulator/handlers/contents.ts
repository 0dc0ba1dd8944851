import { GitStoreError } from "../git-store.js";
import { ApiError, BOT_LOGIN, type RepoRecord } from "../model.js";
import { gitCommitJson } from "../payloads.js";
import { moveRef, personOf, UNVERIFIED, verified } from "../repo-ops.js";
import { actorOf, repoOf, type RouteContext, type RouteHandler } from "../route-context.js";

interface PersonInput {
  name: string;
  email: string;
  date?: string;
}

interface PutContentBody {
  message: string;
  content: string;
  sha?: string;
  branch?: string;
  committer?: PersonInput;
  author?: PersonInput;
}

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

function contentJson(ctx: RouteContext, repo: RepoRecord, path: string, branch: string, sha: string, size: number): Record<string, unknown> {
  const api = `${ctx.state.apiUrl}/repos/${repo.fullName}`;
  const url = `${api}/contents/${path}?ref=${encodeURIComponent(branch)}`;
  const gitUrl = `${api}/git/blobs/${sha}`;
  const htmlUrl = `https://github.com/${repo.fullName}/blob/${branch}/${path}`;
  return {
    name: path.split("/").pop() ?? path,
    path,
    sha,
    size,
    url,
    html_url: htmlUrl,
    git_url: gitUrl,
    download_url: `https://raw.githubusercontent.com/${repo.fullName}/${branch}/${path}`,
    type: "file",
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

/**
 * `PUT /repos/{owner}/{repo}/contents/{path}`: one commit per call on `branch` (default branch when omitted),
 * creating or replacing one file. As on GitHub: replacing a file needs its current blob `sha` (422 `"sha" wasn't
 * supplied` when missing), a `sha` that is not the file's current one is a 409 conflict, the branch must exist
 * (404), and a commit made with the installation token and no explicit committer is signed by GitHub (verified).
 * Moves the branch like any push (`push`, and `pull_request.synchronize` for open pull requests from it).
 */
function putContent(ctx: RouteContext): { status: number; body: unknown } {
  const repo = repoOf(ctx);
  const body = ctx.body as PutContentBody;
  const path = String(ctx.params.path).replace(/^\/+|\/+$/g, "");
  if (path === "") throw new ApiError(422, "Invalid request.\n\npath cannot be empty.");
  if (!BASE64.test(body.content)) throw new ApiError(422, "Invalid request.\n\ncontent is not valid Base64.");
  const branch = body.branch ?? repo.defaultBranch;
  const ref = `refs/heads/${branch}`;
  const parent = repo.refs.get(ref);
  if (parent === undefined) throw new ApiError(404, `Branch ${branch} not found`);
  const parentCommit = repo.git.commit(parent);
  if (!parentCommit) throw new Error(`contents: ${ref} of ${repo.fullName} points at ${parent}, which is not a commit`);

  const existing = repo.git.lookup(parentCommit.tree, path);
  if (existing?.type === "tree") throw new ApiError(422, `Invalid request.\n\n${path} is a directory.`);
  if (existing !== undefined && body.sha === undefined) throw new ApiError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
  if (body.sha !== undefined && body.sha !== existing?.sha) throw new ApiError(409, `${path} does not match ${body.sha}`);

  const data = Buffer.from(body.content, "base64");
  const blob = repo.git.writeBlob(data);
  let commit: string;
  try {
    const tree = repo.git.applyChanges(parentCommit.tree, [{ path, mode: "100644", type: "blob", sha: blob }]);
    const now = ctx.state.now();
    const bot = personOf(ctx.state, BOT_LOGIN, now);
    const committer = body.committer ? { ...body.committer, date: body.committer.date ?? now } : bot;
    const author = body.author ? { ...body.author, date: body.author.date ?? now } : committer;
    commit = repo.git.writeCommit({
      tree,
      parents: [parent],
      author,
      committer,
      message: body.message,
      verification: body.committer === undefined ? verified(ctx.state) : UNVERIFIED,
    });
  } catch (error) {
    if (error instanceof GitStoreError) throw new ApiError(422, error.message);
    throw error;
  }
  moveRef(ctx.state, repo, ref, commit, actorOf(ctx));
  return {
    status: existing === undefined ? 201 : 200,
    body: { content: contentJson(ctx, repo, path, branch, blob, data.length), commit: gitCommitJson(ctx.state, repo, commit) },
  };
}

/** Handlers of the contents API's writes. */
export const contentHandlers: Record<string, RouteHandler> = {
  "repos/create-or-update-file-contents": putContent,
};
