import { CONFIG_PATH, loadConfigWith, readConfigFile, type ConfigFileReader, type RawFile, type TrustRoots } from "../config/load-config.js";
import type { ParseConfigResult } from "../config/parse-config.js";
import type { Config } from "../config/schema.js";
import { loadIssueForm, type LoadedIssueForm } from "../intake/load-issue-form.js";
import { observe, type ObserveInput, type Observation } from "./observe/index.js";
import type { Octokit } from "./octokit.js";
import * as reader from "./reader.js";
import type { BranchHead, CommentInfo, CommentRevision, IssueInfo, LabelledItem, PullFile, PullInfo, ReviewInfo } from "./reader.js";
import type { IssueRef, RepoRef } from "./repo-ref.js";
import { walkBounds } from "./tree-walk.js";
import { baseFromObservation, type BaseSnapshot } from "./base-snapshot.js";
import type { PathsAtCommit } from "./base-tree.js";
import { publishRequest, vouchedHead, type PublishInput, type PublishOutcome } from "../publishing/publish-request.js";
import type { LedgerEntry } from "../publishing/ledger.js";
import { createWriter, type Writer, type WriterOptions } from "./writer.js";
import { createRaceBatch, type RaceBatch } from "./marked-races.js";

/**
 * The one interface through which the controller, the sweep and the app shell reach GitHub: one installation's
 * reads (the observe step first of all) and its writer. Implemented over Octokit here, in `src/github/`; nothing
 * outside `src/github/` calls Octokit for the request path. A port is bound to one installation: the GitOps
 * repository's port may be another installation's (see `ControllerDeps.githubFor`).
 */
export interface GitHubPort {
  /**
   * The installation's Octokit, for `github/` itself only (observing two installations in parallel); the controller
   * calls GitHub only through the methods below.
   */
  readonly octokit: Octokit;
  /** The GitOps base at an observed commit, as a partial view that reads what validation and rendering ask for. */
  baseFromObservation(repo: RepoRef, config: Config, head: PathsAtCommit): Promise<BaseSnapshot>;
  /** Step 3, act: publishes a rendered request (branch, commit and pull request; see `publishing/publish-request.ts`). */
  publish(writer: Writer, input: PublishInput): Promise<PublishOutcome>;
  /** The ledger entry that vouches for a pull request's head, if any (see `publishing/publish-request.ts`). */
  vouchedHead(repo: RepoRef, ledger: readonly LedgerEntry[], headSha: string): Promise<LedgerEntry | undefined>;
  /**
   * Step 1, observe: one GraphQL round trip for everything a request's decision needs (see `observe/`). `gitops` is
   * the port of the GitOps repository's installation when it differs (the two documents then go in parallel).
   */
  observe(input: ObserveInput, options?: { gitops?: GitHubPort; scope?: "both" | "support" }): Promise<Observation>;
  /** A support repository's own configuration file (`.github/onboarding-bot.yml` on its default branch), with its blob id. */
  readOwnConfig(repo: RepoRef): Promise<RawFile>;
  /** The configuration of a support repository; `own` is its file as the observation read it. */
  loadConfig(repo: RepoRef, trust: TrustRoots, own?: RawFile): Promise<ParseConfigResult>;
  /** The cloud's issue form (`intake.form`) from the support repository. */
  loadIssueForm(repo: RepoRef, path: string, config?: Config): Promise<LoadedIssueForm>;
  getIssue(ref: IssueRef): Promise<IssueInfo>;
  listComments(ref: IssueRef, ownLogin?: string): Promise<CommentInfo[]>;
  getCommentBody(repo: RepoRef, id: number): Promise<string | undefined>;
  openIssuesBy(repo: RepoRef, creator: string, label: string, limit: number): Promise<number[]>;
  listOpenLabelled(repo: RepoRef, label: string): Promise<LabelledItem[]>;
  /**
   * Every file path of a tree, walked a directory at a time and cached by tree id (`tree-walk.ts`); undefined when it
   * holds more than `limits.maxTreeEntries` entries (only the change kinds that walk the whole repository ask: the
   * base of a request is read through `base-snapshot.ts`, never whole).
   */
  readTreePaths(repo: RepoRef, treeSha: string, limits: { maxTreeEntries: number }): Promise<Set<string> | undefined>;
  getBranchSha(repo: RepoRef, branch: string): Promise<string | undefined>;
  /** The branches whose names start with `prefix` (one call; see `reader.listBranches`). */
  listBranches(repo: RepoRef, prefix: string): Promise<BranchHead[]>;
  findPullForBranch(repo: RepoRef, branch: string): Promise<PullInfo | undefined>;
  lookupUsers(logins: readonly string[]): Promise<Map<string, string | null>>;
  listPullFiles(repo: RepoRef, number: number): Promise<PullFile[]>;
  getPull(repo: RepoRef, number: number): Promise<PullInfo>;
  listReviews(repo: RepoRef, number: number): Promise<ReviewInfo[]>;
  /** Earlier versions of edited comments, by the comments' node ids. */
  readRevisions(nodeIds: readonly string[]): Promise<Map<string, CommentRevision[]>>;
  /** One file's text at a ref (undefined: missing). */
  readFileAtRef(repo: RepoRef, path: string, ref: string): Promise<string | undefined>;
  /** The logins of an organisation team's members. */
  teamMembers(org: string, slug: string): Promise<string[]>;
  /** The writer of this installation (dry-run enforced there). */
  writer(options: WriterOptions): Writer;
  /** A new batch of marked-comment races, settled together (`WriterOptions.races`; any installation's writer). */
  raceBatch(): RaceBatch;
}

/** The {@link GitHubPort} of one installation's Octokit. */
export function createGitHubPort(octokit: Octokit): GitHubPort {
  const readFile: ConfigFileReader = (repo, path) => readConfigFile(octokit, repo, path);
  return {
    octokit,
    observe: (input, options = {}) => {
      const clients = options.gitops && options.gitops.octokit !== octokit ? { support: octokit, gitops: options.gitops.octokit } : octokit;
      return observe(clients, input, options.scope);
    },
    readOwnConfig: (repo) => readFile(repo, CONFIG_PATH),
    loadConfig: (repo, trust, own) => loadConfigWith(readFile, repo, trust, own),
    loadIssueForm: (repo, path, config) => loadIssueForm(octokit, repo, path, config),
    getIssue: (ref) => reader.getIssue(octokit, ref),
    listComments: (ref, ownLogin) => reader.listComments(octokit, ref, ownLogin),
    getCommentBody: (repo, id) => reader.getCommentBody(octokit, repo, id),
    openIssuesBy: (repo, creator, label, limit) => reader.openIssuesBy(octokit, repo, creator, label, limit),
    listOpenLabelled: (repo, label) => reader.listOpenLabelled(octokit, repo, label),
    readTreePaths: (repo, treeSha, limits) => reader.readTreePaths(octokit, repo, treeSha, walkBounds(limits)),
    getBranchSha: (repo, branch) => reader.getBranchSha(octokit, repo, branch),
    listBranches: (repo, prefix) => reader.listBranches(octokit, repo, prefix),
    findPullForBranch: (repo, branch) => reader.findPullForBranch(octokit, repo, branch),
    lookupUsers: (logins) => reader.lookupUsers(octokit, logins),
    listPullFiles: (repo, number) => reader.listPullFiles(octokit, repo, number),
    getPull: (repo, number) => reader.getPull(octokit, repo, number),
    listReviews: (repo, number) => reader.listReviews(octokit, repo, number),
    readRevisions: (nodeIds) => reader.readRevisions(octokit, nodeIds),
    readFileAtRef: (repo, path, ref) => reader.readFileAtRef(octokit, repo, path, ref),
    teamMembers: (org, slug) => reader.teamMembers(octokit, org, slug),
    writer: (options) => createWriter(octokit, options),
    raceBatch: () => createRaceBatch(),
    baseFromObservation: (repo, config, head) => baseFromObservation(octokit, repo, config, head),
    publish: (writer, input) => publishRequest(octokit, writer, input),
    vouchedHead: (repo, ledger, headSha) => vouchedHead(octokit, repo, ledger, headSha),
  };
}
