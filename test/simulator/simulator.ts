import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { FaultQueue } from "./faults.js";
import { GitStore } from "./git-store.js";
import { handleHttpRequest, type HttpHost } from "./http-handler.js";
import {
  addLabels,
  closeIssue,
  createComment,
  createIssue,
  editComment,
  editIssue,
  reopenIssue,
  requireComment,
  requireIssue,
} from "./issue-ops.js";
import { type IssueRecord, type RepoRecord, type ReviewRecord, SimState, type UserRecord } from "./model.js";
import { loadOpenApiIndex } from "./openapi-index.js";
import { mergeable } from "./payloads.js";
import { mergePull, requirePull, submitReview } from "./pull-ops.js";
import { moveRef, personOf, pushFiles, resolveCommitish, UNVERIFIED } from "./repo-ops.js";
import { RequestValidator } from "./request-validation.js";
import type { FaultSpec, RecordedCall, SimComment, SimCommit, SimEvent, SimIssue, SimPull, SimUser } from "./types.js";

let sharedValidator: RequestValidator | undefined;

/**
 * An in-memory, stateful stand-in for GitHub's REST API and webhooks, served over `node:http` on 127.0.0.1.
 * Point an Octokit's `baseUrl` at {@link GitHubSimulator.url}. Seed it, act as people (each action queues the
 * webhook events GitHub would deliver), inspect the resulting state, and inject faults.
 */
export class GitHubSimulator {
  /** Base URL to use as Octokit's `baseUrl`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly #server: Server;
  readonly #host: HttpHost;

  private constructor(server: Server, url: string, host: HttpHost) {
    this.#server = server;
    this.url = url;
    this.#host = host;
  }

  /**
   * Starts a simulator on a random loopback port. The REST description is loaded once per process.
   * `keepAliveTimeoutMs` (Node's default: 5 s) and `backlog` (Node's default: 511 pending connections) matter
   * only under load: a client whose event loop lags reuses keep-alive sockets the server already closed ("other
   * side closed"), and a connection storm beyond the backlog has its SYNs dropped and retried seconds later.
   * `sleep` waits out latency (default: a real timer); a test that checks latency passes one it ends by hand.
   */
  static async start(
    options: { latencyMs?: number; keepAliveTimeoutMs?: number; backlog?: number; sleep?: (ms: number) => Promise<unknown> } = {},
  ): Promise<GitHubSimulator> {
    const index = loadOpenApiIndex();
    sharedValidator ??= new RequestValidator(index);
    const host: HttpHost = {
      state: new SimState(),
      index,
      validator: sharedValidator,
      faults: new FaultQueue(),
      calls: [],
      violations: [],
      latencyMs: options.latencyMs ?? 0,
      sleep: options.sleep ?? sleep,
      inFlight: 0,
      maxConcurrentCalls: 0,
    };
    const server = createServer((req, res) => {
      void handleHttpRequest(host, req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
      server.listen(0, "127.0.0.1", options.backlog ?? 511, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    host.state.apiUrl = url;
    return new GitHubSimulator(server, url, host);
  }

  /** Stops the server, dropping keep-alive connections. */
  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.#server.close((error) => (error ? reject(error) : resolve())));
  }

  // ---- seeding -------------------------------------------------------------------------------------------------

  /** Installs the app on `account` (an organization unless added as a user before). */
  addInstallation(id: number, account: string): void {
    this.#host.state.ensureUser(account, "Organization");
    this.#host.state.installations.set(id, { id, account, created_at: this.#host.state.now() });
  }

  /**
   * Creates a repository with one initial commit holding `files` on `defaultBranch` (default `main`). It belongs to
   * `installationId`, or by default to the installation on its owner account, if any.
   */
  addRepo(fullName: string, opts: { defaultBranch?: string; files?: Record<string, string>; installationId?: number } = {}): void {
    const state = this.#host.state;
    const [owner, name, ...rest] = fullName.split("/");
    if (!owner || !name || rest.length > 0) throw new Error(`addRepo: '${fullName}' must be 'owner/name'`);
    if (state.repo(fullName)) throw new Error(`addRepo: ${fullName} already exists`);
    state.ensureUser(owner, "Organization");
    const installationId =
      opts.installationId ?? [...state.installations.values()].find((i) => i.account.toLowerCase() === owner.toLowerCase())?.id;
    if (installationId !== undefined && !state.installations.has(installationId)) {
      throw new Error(`addRepo: installation ${installationId} does not exist; call addInstallation() first`);
    }
    const now = state.now();
    const git = new GitStore();
    const tree = git.bulkWrite(Object.entries(opts.files ?? {}));
    const who = personOf(state, owner, now);
    const initial = git.writeCommit({ tree, parents: [], author: who, committer: who, message: "Initial commit", verification: UNVERIFIED });
    const defaultBranch = opts.defaultBranch ?? "main";
    const repo: RepoRecord = {
      id: state.nextId(),
      owner,
      name,
      fullName,
      defaultBranch,
      ...(installationId === undefined ? {} : { installationId }),
      git,
      refs: new Map([[`refs/heads/${defaultBranch}`, initial]]),
      issues: new Map(),
      comments: new Map(),
      labels: new Map(),
      nextNumber: 1,
      created_at: now,
      pushed_at: now,
    };
    state.repos.set(fullName.toLowerCase(), repo);
  }

  /** Adds (or retypes) an account; `login` keeps the case given (lookups are case-insensitive). */
  addUser(login: string, opts: { type?: "User" | "Bot"; id?: number } = {}): void {
    const state = this.#host.state;
    const record: UserRecord = { id: opts.id ?? state.user(login)?.id ?? state.nextId(), login, type: opts.type ?? "User" };
    state.users.set(login.toLowerCase(), record);
  }

  /** Adds a team `org/slug` with these members (unknown members become users). */
  addTeam(org: string, slug: string, members: string[]): void {
    const state = this.#host.state;
    state.ensureUser(org, "Organization");
    const logins = members.map((m) => state.ensureUser(m).login);
    state.teams.set(`${org}/${slug}`.toLowerCase(), { id: state.nextId(), org, slug, members: logins });
  }

  // ---- acting as a person ------------------------------------------------------------------------------------

  /** A person opens an issue (`issues.opened`, then `issues.labeled` per label). Returns its number. */
  openIssue(repo: string, opts: { author: string; title: string; body: string; labels?: string[] }): number {
    const record = this.#repo(repo);
    return createIssue(this.#host.state, record, opts.author, {
      title: opts.title,
      body: opts.body,
      ...(opts.labels ? { labels: opts.labels } : {}),
    }).number;
  }

  /** A person (default: the author) edits an issue or pull request's title/body (`*.edited` with `changes`). */
  editIssue(repo: string, number: number, opts: { body?: string; title?: string; by?: string }): void {
    const record = this.#repo(repo);
    const issue = this.#issue(record, number);
    editIssue(this.#host.state, record, issue, opts.by ?? issue.user, {
      ...(opts.body === undefined ? {} : { body: opts.body }),
      ...(opts.title === undefined ? {} : { title: opts.title }),
    });
  }

  /** A person closes an issue or pull request (unmerged). */
  closeIssue(repo: string, number: number, by: string, reason: "completed" | "not_planned" = "completed"): void {
    const record = this.#repo(repo);
    closeIssue(this.#host.state, record, this.#issue(record, number), by, reason);
  }

  /** A person reopens an issue or pull request. */
  reopenIssue(repo: string, number: number, by: string): void {
    const record = this.#repo(repo);
    reopenIssue(this.#host.state, record, this.#issue(record, number), by);
  }

  /** A person adds labels to an issue or pull request (`*.labeled` per label not there yet). */
  addLabels(repo: string, number: number, labels: string[], by: string): void {
    const record = this.#repo(repo);
    addLabels(this.#host.state, record, this.#issue(record, number), by, labels);
  }

  /** A person comments (`issue_comment.created`). Returns the comment id. */
  comment(repo: string, number: number, author: string, body: string): number {
    const record = this.#repo(repo);
    return createComment(this.#host.state, record, this.#issue(record, number), author, body).id;
  }

  /** A person edits a comment (`issue_comment.edited` with `changes.body.from`). */
  editComment(repo: string, commentId: number, body: string, by: string): void {
    const record = this.#repo(repo);
    editComment(this.#host.state, record, this.#wrap(() => requireComment(record, commentId), `comment ${commentId}`), by, body);
  }

  /**
   * A person deletes one revision from a comment's edit history (GitHub's "Delete revision from history"):
   * `revision` counts from 0, the text as created. The revision keeps its dates but loses its text. The current
   * revision cannot be deleted.
   */
  deleteCommentRevision(repo: string, commentId: number, revision: number, by: string): void {
    const record = this.#repo(repo);
    const comment = this.#wrap(() => requireComment(record, commentId), `comment ${commentId}`);
    const edit = comment.edits[revision];
    if (!edit || revision === comment.edits.length - 1) {
      throw new Error(`simulator: comment ${commentId} has no deletable revision ${revision} (it has ${comment.edits.length}; the last is current)`);
    }
    const state = this.#host.state;
    edit.body = null;
    edit.deletedAt = state.now();
    edit.deletedBy = state.ensureUser(by).login;
    edit.updatedAt = edit.deletedAt;
  }

  /** A person submits a review (`pull_request_review.submitted`). Returns the review id. */
  submitReview(repo: string, pull: number, author: string, state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED", body = ""): number {
    const record = this.#repo(repo);
    const issue = this.#wrap(() => requirePull(record, pull), `pull request #${pull}`);
    return this.#wrap(() => submitReview(this.#host.state, record, issue, author, state as ReviewRecord["state"], body), "review").id;
  }

  /**
   * A person pushes one commit to `branch` (created from the default branch when absent), unverified unless
   * `signed`, dated `date` when given (a pusher chooses it); `null`
   * deletes a file. Delivers `push` and, for open pull requests from that branch, `pull_request.synchronize`.
   */
  pushCommit(
    repo: string,
    branch: string,
    files: Record<string, string | null>,
    author: string,
    message = "Update files",
    options: { signed?: boolean; date?: string } = {},
  ): string {
    return pushFiles(this.#host.state, this.#repo(repo), branch, files, author, message, options);
  }

  /** A person deletes a branch (GitHub's "Delete branch" button after a merge): one `push` with `deleted`. */
  deleteBranch(repo: string, branch: string, by: string): void {
    const record = this.#repo(repo);
    const ref = `refs/heads/${branch}`;
    if (!record.refs.has(ref)) throw new Error(`simulator: ${repo} has no branch ${branch}`);
    moveRef(this.#host.state, record, ref, null, by);
  }

  /** A person merges a pull request on GitHub's web page (`pull_request.closed` with `merged`, then `push`). */
  mergePull(repo: string, pull: number, by: string, method: "merge" | "squash" | "rebase" = "merge"): string {
    const record = this.#repo(repo);
    const issue = this.#wrap(() => requirePull(record, pull), `pull request #${pull}`);
    return this.#wrap(() => mergePull(this.#host.state, record, issue, by, { merge_method: method }), `merging #${pull}`);
  }

  /** Forces a pull request's `mergeable` (`null`: GitHub has not computed it yet); merges of `false` fail with 405. */
  setMergeable(repo: string, pull: number, mergeable: boolean | null): void {
    const record = this.#repo(repo);
    this.#wrap(() => requirePull(record, pull), `pull request #${pull}`).pull.mergeableOverride = mergeable;
  }

  // ---- inspection ------------------------------------------------------------------------------------------------

  /** An issue or pull request (label names, state, `pull_request` for pull requests). */
  issue(repo: string, number: number): SimIssue {
    const record = this.#repo(repo);
    const issue = this.#issue(record, number);
    return structuredClone({
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.state_reason,
      labels: [...issue.labels],
      user: this.#user(issue.user),
      assignees: [...issue.assignees],
      locked: issue.locked,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      ...(issue.pull ? { pull_request: { merged_at: issue.pull.merged_at } } : {}),
    });
  }

  /** The comments of an issue or pull request, oldest first. */
  comments(repo: string, number: number): SimComment[] {
    const record = this.#repo(repo);
    this.#issue(record, number);
    return [...record.comments.values()]
      .filter((c) => c.issueNumber === number)
      .sort((a, b) => a.id - b.id)
      .map((c) => ({
        id: c.id,
        body: c.body,
        user: this.#user(c.user),
        created_at: c.created_at,
        updated_at: c.updated_at,
        reactions: c.reactions.map((r) => ({ id: r.id, content: r.content, user: this.#user(r.user), created_at: r.created_at })),
      }));
  }

  /** Every pull request of a repository, by number. */
  pulls(repo: string): SimPull[] {
    const record = this.#repo(repo);
    return [...record.issues.values()]
      .filter((i): i is IssueRecord & { pull: NonNullable<IssueRecord["pull"]> } => i.pull !== undefined)
      .sort((a, b) => a.number - b.number)
      .map((i) => ({
        number: i.number,
        state: i.state,
        merged: i.pull.merged,
        merged_at: i.pull.merged_at,
        merge_commit_sha: i.pull.merge_commit_sha,
        draft: i.pull.draft,
        title: i.title,
        body: i.body,
        user: this.#user(i.user),
        head: { ref: i.pull.headRef, sha: i.pull.headSha },
        base: { ref: i.pull.baseRef, sha: i.pull.baseSha },
        labels: [...i.labels],
        requested_reviewers: [...i.pull.requested_reviewers],
        requested_teams: [...i.pull.requested_teams],
        reviews: i.pull.reviews.map((r) => ({
          id: r.id,
          user: this.#user(r.user),
          body: r.body,
          state: r.state,
          commit_id: r.commit_id,
          submitted_at: r.submitted_at,
        })),
        mergeable: i.pull.merged ? null : mergeable(record, i),
      }));
  }

  /** The commit a ref points at: `heads/main`, `refs/heads/main` or a bare branch name. */
  ref(repo: string, ref: string): string | undefined {
    const record = this.#repo(repo);
    const full = ref.startsWith("refs/") ? ref : ref.startsWith("heads/") || ref.startsWith("tags/") ? `refs/${ref}` : `refs/heads/${ref}`;
    return record.refs.get(full);
  }

  /** Branch names, sorted. */
  branches(repo: string): string[] {
    return [...this.#repo(repo).refs.keys()]
      .filter((r) => r.startsWith("refs/heads/"))
      .map((r) => r.slice("refs/heads/".length))
      .sort();
  }

  /** A file's text at a branch or commit, or `undefined` when absent. */
  readFile(repo: string, ref: string, path: string): string | undefined {
    const record = this.#repo(repo);
    const tree = this.#treeAt(record, ref);
    const entry = tree === undefined ? undefined : record.git.lookup(tree, path);
    return entry?.type === "blob" ? record.git.blob(entry.sha)?.toString("utf8") : undefined;
  }

  /** Every file path at a branch or commit, sorted. */
  listFiles(repo: string, ref: string): string[] {
    const record = this.#repo(repo);
    const tree = this.#treeAt(record, ref);
    return tree === undefined ? [] : [...record.git.flatten(tree).keys()].sort();
  }

  /** A commit object. */
  commit(repo: string, sha: string): SimCommit {
    const commit = this.#repo(repo).git.commit(sha);
    if (!commit) throw new Error(`simulator: ${sha} is not a commit of ${repo}`);
    return {
      sha,
      message: commit.message,
      parents: [...commit.parents],
      tree: commit.tree,
      author: { ...commit.author },
      committer: { ...commit.committer },
      verification: { verified: commit.verification.verified, reason: commit.verification.reason },
    };
  }

  /** Every request answered since the start (or the last {@link resetCalls}). */
  get calls(): RecordedCall[] {
    return this.#host.calls;
  }

  /** Requests GitHub's REST description does not allow, or that the simulator cannot serve, with the reason. */
  get violations(): string[] {
    return this.#host.violations;
  }

  /** High-water mark of concurrently in-flight requests (settable, e.g. to 0 before a benchmark). */
  get maxConcurrentCalls(): number {
    return this.#host.maxConcurrentCalls;
  }

  set maxConcurrentCalls(value: number) {
    this.#host.maxConcurrentCalls = value;
  }

  /** Delay added to every response, in milliseconds. */
  get latencyMs(): number {
    return this.#host.latencyMs;
  }

  set latencyMs(value: number) {
    this.#host.latencyMs = value;
  }

  /** Forgets recorded calls and the concurrency high-water mark. */
  resetCalls(): void {
    this.#host.calls.length = 0;
    this.#host.maxConcurrentCalls = this.#host.inFlight;
  }

  /** Drains the queued webhook deliveries, oldest first. */
  takeEvents(): SimEvent[] {
    return this.#host.state.events.splice(0, this.#host.state.events.length);
  }

  /** Arms a fault for matching requests; it takes effect before any state changes. */
  inject(fault: FaultSpec): void {
    this.#host.faults.add(fault);
  }

  #repo(fullName: string): RepoRecord {
    return this.#host.state.requireRepo(fullName);
  }

  #issue(repo: RepoRecord, number: number): IssueRecord {
    return this.#wrap(() => requireIssue(repo, number), `#${number} in ${repo.fullName}`);
  }

  #user(login: string): SimUser {
    const user = this.#host.state.user(login);
    return { login: user?.login ?? login, type: user?.type ?? "User" };
  }

  #treeAt(repo: RepoRecord, ref: string): string | undefined {
    const sha = resolveCommitish(repo, ref);
    return sha === undefined ? undefined : repo.git.commit(sha)?.tree;
  }

  /** Runs a domain operation for a test helper, turning API errors into errors that say what was asked. */
  #wrap<T>(fn: () => T, what: string): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof Error && "status" in error) {
        throw new Error(`simulator: ${what}: ${error.message} (${String((error as { status: unknown }).status)})`, { cause: error });
      }
      throw error;
    }
  }
}
