import type { TrustRoots } from "../config/load-config.js";
import type { ParseConfigResult } from "../config/parse-config.js";
import type { Config } from "../config/schema.js";
import { GITHUB_LOGIN } from "../commands/github-login.js";
import { MAX_OBSERVED_LOGINS, MAX_OBSERVED_PATHS, MAX_OBSERVED_TEAMS } from "../github/observe/observe-input.js";
import { PULL_REQUESTS_PER_BRANCH } from "../github/observe/build-observe-query.js";
import type { ObserveInput, Observation, ObservedBase, ObservedComment, ObservedPullRequest, ObservedReview } from "../github/observe/index.js";
import { pullInfoOfGraphql, restActor } from "../github/graphql-pull.js";
import type { GitHubPort } from "../github/port.js";
import type { CommentInfo, IssueInfo, PullInfo, ReviewInfo } from "../github/reader.js";
import { parseFullName, type IssueRef, type RepoRef } from "../github/repo-ref.js";
import { branchFor } from "../publishing/branch-name.js";
import { observedShape, readRequest } from "../requests/read-request.js";
import { requestKindOf, requestLabel, type RequestKind } from "../requests/request-kinds.js";
import { namespaceRoot, pathsToObserve } from "../validation/paths-to-observe.js";

/**
 * Step 1 of a request's run, observe: everything the decision needs, read in as few round trips as GitHub allows.
 * One GraphQL query (see `src/github/observe/`) reads the issue with its labels and comments, the configuration blob,
 * the GitOps base commit with the paths the request touches (`pathsToObserve`: the overlays, the team's and the
 * namespaces' directories, with their entries' oids), the request branch's head and pull requests, the people the
 * request names and the requester's open requests. The base snapshot is built from it (`baseFromObservation`); paths
 * validation or rendering ask about beyond those are looked up then (`BaseSnapshot.settle`). No tree is read whole.
 *
 * The query's variables depend on the configuration (GitOps branch, overlays) and the issue body (clusters,
 * members): both are known before the query when the configuration is cached (by its blob id, checked in the same
 * query) and the webhook carried the body. When either turns out different, the run observes once more with what
 * it now knows: two round trips instead of one, never a decision on a partial read.
 */

/** The configuration of one support repository as last parsed, by the blob id of its file. */
export interface CachedConfig {
  oid: string;
  result: ParseConfigResult;
  /** The cloud's issue form text, when `intake.form` was loaded with this configuration. */
  formText?: string;
}

/**
 * What earlier runs of this process observed, to plan the next observation before reading anything: parsed
 * configurations by support repository (lower-cased `owner/repo`), checked by blob id in the query, and the last
 * issue hint of each request (for runs whose webhook carried no body: pull request events, the sweep). Both are only
 * ever used to choose what to read; the observation decides.
 */
export interface ConfigCache {
  configs: Map<string, CachedConfig>;
  issues: Map<string, IssueHint>;
}

/** The hint for a request: the webhook's, else what the last run of this process observed. */
export function issueHintFor(cache: ConfigCache | undefined, ref: IssueRef, fromTrigger: IssueHint | undefined): IssueHint | undefined {
  return fromTrigger ?? cache?.issues.get(`${cacheKey(ref)}#${ref.number}`);
}

/** Most requests whose last issue hint is remembered (oldest forgotten first). */
const MAX_REMEMBERED_ISSUES = 2000;

/** An empty {@link ConfigCache}. */
export function createConfigCache(): ConfigCache {
  return { configs: new Map(), issues: new Map() };
}

function rememberIssue(cache: ConfigCache | undefined, ref: IssueRef, issue: IssueInfo): void {
  if (!cache) return;
  const key = `${cacheKey(ref)}#${ref.number}`;
  cache.issues.delete(key);
  cache.issues.set(key, { body: issue.body, author: issue.user.login, labels: issue.labels, state: issue.state });
  if (cache.issues.size > MAX_REMEMBERED_ISSUES) cache.issues.delete(cache.issues.keys().next().value as string);
}

/** What the webhook payload said about the issue, to plan the observation before reading anything. */
export interface IssueHint {
  body: string;
  author: string;
  labels: readonly string[];
  state?: "open" | "closed";
}

/** Everything one run observed about a request, in the controller's plain types. */
export interface ObservedRequest {
  issue: IssueInfo;
  comments: CommentInfo[];
  loaded: ParseConfigResult;
  /** Set when the configuration loaded: what the GitOps side of the observation read. */
  gitops?: {
    /** The pull request found for the request's branch (open first, else the newest), forks left out. */
    pull: PullInfo | undefined;
    /**
     * What the observation read of that pull request, for its own reconcile (`reconcilePull`'s `reads`): the pull
     * request, and its comments and reviews when the query read them all. Empty when it was found by a later read.
     */
    pullReads: ObservedPullReads;
    branchSha: string | undefined;
    /** Canonical login by lower-cased login, null for unknown logins. */
    users: Map<string, string | null>;
    /** Overlay files at the base commit, with their blob ids (undefined: missing or not readable as text). */
    prefetched: Map<string, { content: string; sha: string } | undefined>;
    /** The requester's open requests (numbers, oldest first), when they were counted. */
    openRequests: number[] | undefined;
    /** The base commit the observation read. */
    baseCommit: string | undefined;
    /** The base branch head and the paths looked up there (see `observeInputFor`); undefined: no base branch. */
    base: ObservedBase | undefined;
    /** The GitOps repository's global node id, which the act step's mutations name it by (empty: not read). */
    repositoryId: string;
    /** Who may approve, as the observation read it (what it could not read whole is left out and read when needed). */
    approvers: ObservedApprovers;
  };
  /** GraphQL observations made (1, or 2 when the configuration or the body was not known in advance). */
  observations: number;
}

/** The approver sources the observation read (a subset of `reconcilePull`'s `PullReads`). */
export interface ObservedApprovers {
  /** The OWNERS file's text at the base commit; null: it is not there. */
  ownersText?: string | null;
  /** The members (lower-cased) of every approver team, when each was read whole. */
  teamMembers?: string[];
}

/** What the observation read of the request's pull request (a subset of `reconcilePull`'s `PullReads`). */
export interface ObservedPullReads {
  pull?: PullInfo;
  comments?: CommentInfo[];
  reviews?: ReviewInfo[];
}

/** Where the GitOps side is observed for a request under `config`. */
function gitopsOf(config: Config, ref: IssueRef): { repo: RepoRef; baseBranch: string; branch: string } {
  return { repo: parseFullName(config.gitops.repository), baseBranch: config.gitops.baseBranch, branch: branchFor(config, ref) };
}

/** The kustomization files of the overlays a request's clusters use (configured clusters only, bounded). */
export function overlayFiles(config: Config, clusters: readonly string[]): string[] {
  const wanted = new Set(clusters.slice(0, config.limits.maxClusters));
  const paths = new Set<string>();
  for (const cluster of config.clusters) {
    if (!wanted.has(cluster.name)) continue;
    for (const dir of [cluster.overlay, ...(cluster.groupOverlays ?? [])]) paths.add(`${dir}/kustomization.yaml`);
  }
  return [...paths];
}

/**
 * The logins a request names that are worth looking up: well-formed ones only, and no more than the limit allows
 * (+1 so "too many" is still detected): one issue must not spend the installation's rate limit on look-ups that end
 * in a refusal anyway.
 */
export function loginsOf(config: Config, body: string, formText: string | undefined, kind: RequestKind = "onboarding"): string[] {
  const intake = readRequest(config, kind, body, formText);
  if ("configProblems" in intake) return [];
  return intake.logins.filter((l) => GITHUB_LOGIN.test(l)).slice(0, config.limits.maxMembers + 1);
}

/**
 * The observation input for a request of `kind` under `config`, with the body and requester as known: the overlays
 * its clusters use and the base paths validation looks up first (`pathsToObserve`), so the base branch is read in
 * the same query (`baseFromObservation`). `formText` is the cloud's onboarding form (`intake.form`), when known.
 */
export function observeInputFor(
  ref: IssueRef,
  config: Config,
  body: string,
  requester: string | undefined,
  formText: string | undefined,
  kind: RequestKind = "onboarding",
): ObserveInput {
  const { repo, baseBranch, branch } = gitopsOf(config, ref);
  const intake = readRequest(config, kind, body, kind === "onboarding" ? formText : undefined);
  const read = "configProblems" in intake ? undefined : intake;
  const paths = new Set(overlayFiles(config, read?.clusters ?? []));
  if (read) for (const path of pathsToObserve(config, observedShape(read))) paths.add(path);
  // Who may approve, for the pull request's reconcile: the OWNERS file at the base commit and the approver teams.
  const owners = config.approvers.ownersFile;
  if (owners !== undefined) paths.add(owners);
  const teams = approverTeams(config);
  return {
    support: { owner: ref.owner, name: ref.repo, issue: ref.number },
    gitops: { owner: repo.owner, name: repo.repo, baseBranch, branch, paths: [...paths].slice(0, MAX_OBSERVED_PATHS), rootEntries: namespaceRoot(config) !== "" },
    ...(teams.length > 0 ? { teams } : {}),
    logins: (read?.logins ?? []).filter((l) => GITHUB_LOGIN.test(l)).slice(0, config.limits.maxMembers + 1).slice(0, MAX_OBSERVED_LOGINS),
    ...(requester !== undefined && GITHUB_LOGIN.test(requester)
      ? { openRequests: { creator: requester, label: requestLabel(config, kind), first: Math.min(100, config.limits.maxOpenRequests + 1) } }
      : {}),
  };
}

/** The approver teams (`approvers.teams`) as the observation reads them; past its limit they are read over REST. */
function approverTeams(config: Config): Array<{ org: string; slug: string }> {
  if (config.approvers.teams.length > MAX_OBSERVED_TEAMS) return [];
  return config.approvers.teams.flatMap((team) => {
    const [org, slug] = team.split("/");
    return org && slug ? [{ org, slug }] : [];
  });
}

/** Whether an observation made with `made` answers everything `needed` asks. */
export function covers(made: ObserveInput, needed: ObserveInput): boolean {
  const lower = (s: string) => s.toLowerCase();
  const g = made.gitops;
  const n = needed.gitops;
  if (lower(g.owner) !== lower(n.owner) || lower(g.name) !== lower(n.name) || g.baseBranch !== n.baseBranch || g.branch !== n.branch) return false;
  const paths = new Set(g.paths);
  const logins = new Set(made.logins);
  if (!n.paths.every((p) => paths.has(p)) || !needed.logins.every((l) => logins.has(l))) return false;
  const teams = new Set((made.teams ?? []).map((t) => `${t.org}/${t.slug}`.toLowerCase()));
  if (!(needed.teams ?? []).every((t) => teams.has(`${t.org}/${t.slug}`.toLowerCase()))) return false;
  const [a, b] = [made.openRequests, needed.openRequests];
  return b === undefined || (a !== undefined && lower(a.creator) === lower(b.creator) && a.label === b.label && a.first >= b.first);
}

/** The support-only input of a cold run (no configuration known yet): the GitOps fields are placeholders, not sent. */
function supportOnlyInput(ref: IssueRef, trust: TrustRoots): ObserveInput {
  const gitops = trust.gitopsRepository ?? ref;
  return {
    support: { owner: ref.owner, name: ref.repo, issue: ref.number },
    gitops: { owner: gitops.owner, name: gitops.repo, baseBranch: "main", branch: "onboarding-bot", paths: [] },
    logins: [],
  };
}

const cacheKey = (repo: RepoRef) => `${repo.owner}/${repo.repo}`.toLowerCase();

/** Whether a configuration file names another one to extend: its result then depends on more than its own blob. */
const EXTENDS = /^_extends\s*:/m;

/** What {@link observeRequest} needs from the controller's dependencies. */
export interface ObserveDeps {
  github: GitHubPort;
  githubFor(repo: RepoRef): Promise<GitHubPort>;
  trust: TrustRoots;
  botLogin: string;
  configCache?: ConfigCache;
}

/**
 * Observes a request (see the module comment). The configuration comes as a blob in the query and is parsed here,
 * cached by blob id; `_extends` still costs its reads (a file that extends another is never cached, since the other
 * may change). Lists the query could not read whole (over 100 comments, more pull requests on the branch than it
 * asks for, more logins than one query looks up) are completed with follow-up reads, never cut.
 */
export async function observeRequest(deps: ObserveDeps, ref: IssueRef, hint: IssueHint | undefined): Promise<ObservedRequest> {
  const key = cacheKey(ref);
  hint = issueHintFor(deps.configCache, ref, hint);
  // A cold run that knows the body reads the configuration first, by REST: the observation can then be planned whole,
  // and the run reaches its pull request in one GraphQL query and one mutation document. (Probot's throttling spaces
  // every GraphQL document of an installation a second apart, as it does writes; a REST read is not held back.)
  const cached = deps.configCache?.configs.get(key) ?? (hint ? await preloadConfig(deps, ref) : undefined);
  const cachedConfig = cached?.result.ok ? cached.result.config : undefined;
  const hintKind = cachedConfig ? (requestKindOf(cachedConfig, hint?.labels ?? []) ?? "onboarding") : "onboarding";
  let made = cachedConfig ? observeInputFor(ref, cachedConfig, hint?.body ?? "", hint?.author, cached?.formText, hintKind) : supportOnlyInput(ref, deps.trust);
  let gitopsPort = cachedConfig ? await deps.githubFor(parseFullName(cachedConfig.gitops.repository)) : undefined;
  let observation = await deps.github.observe(made, { ...(gitopsPort ? { gitops: gitopsPort } : {}), scope: cachedConfig ? "both" : "support" });
  let observations = 1;

  const loaded = await configOf(deps, ref, observation, cached);
  const issue = await issueOf(deps.github, ref, observation);
  rememberIssue(deps.configCache, ref, issue);
  const kind = loaded.ok ? requestKindOf(loaded.config, issue.labels) : undefined;
  if (!loaded.ok || kind === undefined) {
    return { issue, comments: await commentsOf(deps.github, ref, observation, deps.botLogin), loaded, observations };
  }
  const config = loaded.config;
  const formText = deps.configCache?.configs.get(key)?.formText;
  const needed = observeInputFor(ref, config, issue.body, issue.user.login, formText, kind);
  if (!cachedConfig || !covers(made, needed)) {
    gitopsPort = await deps.githubFor(parseFullName(config.gitops.repository));
    made = needed;
    observation = await deps.github.observe(made, { gitops: gitopsPort });
    observations++;
  }
  const gitops = parseFullName(config.gitops.repository);
  const port = gitopsPort ?? deps.github;
  const branch = branchFor(config, ref);
  const allLogins = loginsOf(config, observation.issue.body, kind === "onboarding" ? formText : undefined, kind);
  const [comments, pull, extraUsers] = await Promise.all([
    commentsOf(deps.github, ref, observation, deps.botLogin),
    observation.pullRequestCount > PULL_REQUESTS_PER_BRANCH ? port.findPullForBranch(gitops, branch) : Promise.resolve(undefined),
    // Logins past what one query looks up are looked up one by one (a request naming that many is refused anyway).
    allLogins.length > MAX_OBSERVED_LOGINS ? deps.github.lookupUsers(allLogins.slice(MAX_OBSERVED_LOGINS)) : Promise.resolve(new Map<string, string | null>()),
  ]);
  const observedPull = observation.pullRequestCount > PULL_REQUESTS_PER_BRANCH ? undefined : observedPullOf(observation.pullRequests, branch, deps.botLogin);
  const users = new Map<string, string | null>();
  for (const [login, user] of observation.users) users.set(login.toLowerCase(), user?.type === "User" ? user.login : null);
  for (const [login, user] of extraUsers) users.set(login, user);
  const prefetched = new Map<string, { content: string; sha: string } | undefined>();
  for (const [path, entry] of observation.base?.paths ?? []) {
    prefetched.set(path, entry.kind === "blob" && entry.text !== null && !entry.truncated && !entry.binary ? { content: entry.text, sha: entry.oid } : undefined);
  }
  return {
    issue: await issueOf(deps.github, ref, observation),
    comments,
    loaded,
    gitops: {
      pull: observedPull?.pull ?? pull,
      pullReads: observedPull ?? {},
      branchSha: observation.branchHead ?? undefined,
      users,
      prefetched,
      openRequests: observation.openRequests && made.openRequests ? observation.openRequests.numbers : undefined,
      baseCommit: observation.base?.commitOid,
      base: observation.base ?? undefined,
      repositoryId: observation.repositoryIds.gitops,
      approvers: observedApprovers(config, made, observation),
    },
    observations,
  };
}

/**
 * The support repository's configuration read ahead of the observation (see {@link observeRequest}), cached like an
 * observed one; undefined when there is no file to read (the observation then says so).
 */
async function preloadConfig(deps: ObserveDeps, ref: IssueRef): Promise<CachedConfig | undefined> {
  const file = await deps.github.readOwnConfig(ref);
  if (file.kind !== "text" || file.oid === undefined) return undefined;
  const entry: CachedConfig = { oid: file.oid, result: await deps.github.loadConfig(ref, deps.trust, file) };
  if (!EXTENDS.test(file.text)) deps.configCache?.configs.set(cacheKey(ref), entry);
  return entry;
}

/** The OWNERS file and approver teams as `observation` (made with `made`) read them, leaving out what it did not read whole. */
function observedApprovers(config: Config, made: ObserveInput, observation: Observation): ObservedApprovers {
  const out: ObservedApprovers = {};
  const path = config.approvers.ownersFile;
  const owners = path === undefined ? undefined : observation.base?.paths.get(path);
  if (owners?.kind === "absent") out.ownersText = null;
  else if (owners?.kind === "blob" && owners.text !== null && !owners.truncated && !owners.binary) out.ownersText = owners.text;
  const wanted = config.approvers.teams.map((t) => t.toLowerCase());
  const read = wanted.map((t) => observation.teams.get(t));
  const asked = new Set((made.teams ?? []).map((t) => `${t.org}/${t.slug}`.toLowerCase()));
  if (wanted.every((t, i) => asked.has(t) && Array.isArray(read[i]))) out.teamMembers = [...new Set(read.flatMap((m) => m ?? []))];
  return out;
}

/** The configuration: the cached one when the observed blob is the cached blob, else parsed from the observed text. */
async function configOf(deps: ObserveDeps, ref: IssueRef, observation: Observation, cached: CachedConfig | undefined): Promise<ParseConfigResult> {
  const blob = observation.config;
  if (blob.kind === "blob" && cached && cached.oid === blob.oid) return cached.result;
  if (blob.kind === "absent") return deps.github.loadConfig(ref, deps.trust, { kind: "missing" });
  if (blob.text === null || blob.truncated) return deps.github.loadConfig(ref, deps.trust);
  const result = await deps.github.loadConfig(ref, deps.trust, { kind: "text", text: blob.text });
  if (!EXTENDS.test(blob.text)) deps.configCache?.configs.set(cacheKey(ref), { oid: blob.oid, result });
  else deps.configCache?.configs.delete(cacheKey(ref));
  return result;
}

/** Remembers the cloud's issue form loaded under the cached configuration, so the next run plans its query with it. */
export function rememberForm(cache: ConfigCache | undefined, ref: IssueRef, result: ParseConfigResult, formText: string): void {
  const entry = cache?.configs.get(cacheKey(ref));
  if (entry && entry.result === result) entry.formText = formText;
}


/** The issue as observed; its labels read again when it has more than the query reads (GitHub allows 100). */
async function issueOf(github: GitHubPort, ref: IssueRef, observation: Observation): Promise<IssueInfo> {
  if (!observation.issue.labels.complete) return github.getIssue(ref);
  const i = observation.issue;
  return {
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state === "CLOSED" ? "closed" : "open",
    stateReason: i.stateReason === null ? null : i.stateReason.toLowerCase(),
    labels: i.labels.items,
    user: restActor(i.author),
    htmlUrl: i.url,
    isPull: false,
    closedAt: i.closedAt,
  };
}

/** The issue's comments: as observed when the query read them all, else every page read again (never cut at 100). */
async function commentsOf(github: GitHubPort, ref: IssueRef, observation: Observation, botLogin: string): Promise<CommentInfo[]> {
  const list = observation.issue.comments;
  if (!list.complete) return github.listComments(ref, botLogin);
  return list.items.map((c) => commentOf(c, botLogin));
}

function commentOf(c: ObservedComment, botLogin: string): CommentInfo {
  const user = restActor(c.author);
  return {
    id: c.databaseId,
    mine: user.login.toLowerCase() === botLogin.toLowerCase(),
    body: c.body,
    user,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    htmlUrl: c.url,
    nodeId: c.id,
  };
}

/**
 * The pull request of the branch as `findPullForBranch` picks it (forks left out, the open one, else the newest), with
 * its comments and reviews when the query read them all.
 */
function observedPullOf(pulls: readonly ObservedPullRequest[], branch: string, botLogin: string): ObservedPullReads | undefined {
  const chosen = chosenPull(pulls, branch);
  if (!chosen) return undefined;
  const { observed, pull } = chosen;
  return {
    pull,
    ...(observed.comments.complete ? { comments: observed.comments.items.map((c) => commentOf(c, botLogin)) } : {}),
    ...(observed.reviews.complete ? { reviews: observed.reviews.items.flatMap(reviewOf) } : {}),
  };
}

/** A submitted review as the REST reader gives it (pending reviews have no submission time and are left out). */
function reviewOf(r: ObservedReview): ReviewInfo[] {
  if (r.submittedAt === null || r.state === "PENDING") return [];
  const state = r.state.toLowerCase() as ReviewInfo["state"];
  return [{ id: r.databaseId, user: restActor(r.author), state, submittedAt: r.submittedAt, commitId: r.commitOid }];
}

function chosenPull(pulls: readonly ObservedPullRequest[], branch: string): { observed: ObservedPullRequest; pull: PullInfo } | undefined {
  const candidates = pulls
    .filter((p) => !p.isCrossRepository && p.headRefName === branch)
    .map(
      (p): { observed: ObservedPullRequest; pull: PullInfo } => ({ observed: p, pull: pullInfoOfGraphql(p, restActor(p.author), p.labels.items) }),
    );
  return candidates.find((c) => c.pull.state === "open") ?? candidates.sort((a, b) => b.pull.number - a.pull.number)[0];
}
