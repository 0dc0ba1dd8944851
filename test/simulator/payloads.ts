import { globalId } from "./graphql/node-id.js";
import {
  APP_SLUG,
  BOT_LOGIN,
  type CommentRecord,
  type IssueRecord,
  type ReactionRecord,
  type RepoRecord,
  type ReviewRecord,
  type SimState,
} from "./model.js";

/** JSON rendering of simulator records, shaped like GitHub's REST responses and webhook payloads. */

const HTML = "https://github.com";
const REACTION_CONTENTS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"] as const;


/** A user, bot or organization as GitHub's "simple user". Unknown logins render as `User`s. */
export function userJson(state: SimState, login: string): Record<string, unknown> {
  const user = state.user(login) ?? { id: 0, login, type: "User" as const };
  const api = `${state.apiUrl}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: globalId(user.type, user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: user.type === "Bot" ? `${HTML}/apps/${APP_SLUG}` : `${HTML}/${user.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: "public",
    site_admin: false,
  };
}

/** The app, as `GET /app` and `performed_via_github_app` render it. */
export function appJson(state: SimState): Record<string, unknown> {
  return {
    id: state.appId,
    slug: APP_SLUG,
    node_id: globalId("App", state.appId),
    client_id: `Iv1.sim${state.appId}`,
    owner: userJson(state, [...state.installations.values()][0]?.account ?? "octo-org"),
    name: APP_SLUG,
    description: "Simulated onboarding bot",
    external_url: `${HTML}/apps/${APP_SLUG}`,
    html_url: `${HTML}/apps/${APP_SLUG}`,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    permissions: { contents: "write", issues: "write", pull_requests: "write", metadata: "read", members: "read" },
    events: ["issues", "issue_comment", "pull_request", "pull_request_review", "push"],
    installations_count: state.installations.size,
  };
}

/** A repository as GitHub's `full-repository` (also used in webhook payloads and pull request heads). */
export function repoJson(state: SimState, repo: RepoRecord): Record<string, unknown> {
  const api = `${state.apiUrl}/repos/${repo.fullName}`;
  const openIssues = [...repo.issues.values()].filter((i) => i.state === "open").length;
  const urls: Record<string, string> = {};
  for (const [key, template] of Object.entries(REPO_URL_TEMPLATES)) urls[`${key}_url`] = `${api}/${template}`;
  return {
    id: repo.id,
    node_id: globalId("Repository", repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: false,
    owner: userJson(state, repo.owner),
    html_url: `${HTML}/${repo.fullName}`,
    description: null,
    fork: false,
    url: api,
    ...urls,
    created_at: repo.created_at,
    updated_at: repo.pushed_at,
    pushed_at: repo.pushed_at,
    git_url: `git://github.com/${repo.fullName}.git`,
    ssh_url: `git@github.com:${repo.fullName}.git`,
    clone_url: `${HTML}/${repo.fullName}.git`,
    svn_url: `${HTML}/${repo.fullName}`,
    mirror_url: null,
    homepage: null,
    size: 0,
    language: null,
    license: null,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: "public",
    open_issues_count: openIssues,
    open_issues: openIssues,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    network_count: 0,
    subscribers_count: 0,
    default_branch: repo.defaultBranch,
    topics: [],
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
  };
}

/** The `*_url` fields of a repository, relative to its API URL, as GitHub spells them. */
const REPO_URL_TEMPLATES: Readonly<Record<string, string>> = {
  archive: "{archive_format}{/ref}",
  assignees: "assignees{/user}",
  blobs: "git/blobs{/sha}",
  branches: "branches{/branch}",
  collaborators: "collaborators{/collaborator}",
  comments: "comments{/number}",
  commits: "commits{/sha}",
  compare: "compare/{base}...{head}",
  contents: "contents/{+path}",
  contributors: "contributors",
  deployments: "deployments",
  downloads: "downloads",
  events: "events",
  forks: "forks",
  git_commits: "git/commits{/sha}",
  git_refs: "git/refs{/sha}",
  git_tags: "git/tags{/sha}",
  hooks: "hooks",
  issue_comment: "issues/comments{/number}",
  issue_events: "issues/events{/number}",
  issues: "issues{/number}",
  keys: "keys{/key_id}",
  labels: "labels{/name}",
  languages: "languages",
  merges: "merges",
  milestones: "milestones{/number}",
  notifications: "notifications{?since,all,participating}",
  pulls: "pulls{/number}",
  releases: "releases{/id}",
  stargazers: "stargazers",
  statuses: "statuses/{sha}",
  subscribers: "subscribers",
  subscription: "subscription",
  tags: "tags",
  teams: "teams",
  trees: "git/trees{/sha}",
};

/** A label of a repository; unknown names render with the default colour. */
export function labelJson(state: SimState, repo: RepoRecord, name: string): Record<string, unknown> {
  const label = repo.labels.get(name.toLowerCase()) ?? { id: 0, name, color: "ededed", description: null };
  return {
    id: label.id,
    node_id: globalId("Label", repo.id, label.id),
    url: `${state.apiUrl}/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

/** A team of an organization as GitHub's `team-simple` (review requests, webhook payloads). */
export function teamJson(state: SimState, org: string, slug: string): Record<string, unknown> {
  const team = state.teams.get(`${org}/${slug}`.toLowerCase());
  const id = team?.id ?? 0;
  const api = `${state.apiUrl}/organizations/${state.user(org)?.id ?? 0}/team/${id}`;
  return {
    id,
    node_id: globalId("Team", id),
    url: api,
    members_url: `${api}/members{/member}`,
    name: team?.slug ?? slug,
    description: null,
    permission: "pull",
    privacy: "closed",
    notification_setting: "notifications_enabled",
    html_url: `${HTML}/orgs/${org}/teams/${team?.slug ?? slug}`,
    repositories_url: `${api}/repos`,
    slug: team?.slug ?? slug,
    parent: null,
    type: "organization",
  };
}

/** GitHub's reaction summary (`reactions` on issues and comments). */
export function reactionSummary(url: string, reactions: ReactionRecord[]): Record<string, unknown> {
  const summary: Record<string, unknown> = { url: `${url}/reactions`, total_count: reactions.length };
  for (const content of REACTION_CONTENTS) summary[content] = reactions.filter((r) => r.content === content).length;
  return summary;
}

/** A reaction. */
export function reactionJson(state: SimState, reaction: ReactionRecord): Record<string, unknown> {
  return {
    id: reaction.id,
    node_id: globalId("Reaction", reaction.id),
    user: userJson(state, reaction.user),
    content: reaction.content,
    created_at: reaction.created_at,
  };
}

/** How GitHub relates a login to a repository (`author_association`). */
export function authorAssociation(state: SimState, repo: RepoRecord, login: string): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  const member = [...state.teams.values()].some(
    (t) => t.org.toLowerCase() === repo.owner.toLowerCase() && t.members.some((m) => m.toLowerCase() === login.toLowerCase()),
  );
  return member ? "MEMBER" : "NONE";
}

/** Web URL of an issue or pull request. */
export function issueHtmlUrl(repo: RepoRecord, issue: IssueRecord): string {
  return `${HTML}/${repo.fullName}/${issue.pull ? "pull" : "issues"}/${issue.number}`;
}

/** An issue (or the issue view of a pull request, with its `pull_request` key). */
export function issueJson(state: SimState, repo: RepoRecord, issue: IssueRecord): Record<string, unknown> {
  const api = `${state.apiUrl}/repos/${repo.fullName}/issues/${issue.number}`;
  const comments = [...repo.comments.values()].filter((c) => c.issueNumber === issue.number).length;
  const json: Record<string, unknown> = {
    url: api,
    repository_url: `${state.apiUrl}/repos/${repo.fullName}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: issueHtmlUrl(repo, issue),
    id: issue.id,
    node_id: globalId(issue.pull ? "PullRequest" : "Issue", repo.id, issue.id),
    number: issue.number,
    title: issue.title,
    user: userJson(state, issue.user),
    labels: issue.labels.map((l) => labelJson(state, repo, l)),
    state: issue.state,
    state_reason: issue.state_reason,
    locked: issue.locked,
    assignee: issue.assignees[0] === undefined ? null : userJson(state, issue.assignees[0]),
    assignees: issue.assignees.map((a) => userJson(state, a)),
    milestone: null,
    comments,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    closed_by: issue.closed_by === null ? null : userJson(state, issue.closed_by),
    author_association: authorAssociation(state, repo, issue.user),
    active_lock_reason: null,
    body: issue.body,
    reactions: reactionSummary(api, issue.reactions),
    performed_via_github_app: issue.user === BOT_LOGIN ? appJson(state) : null,
  };
  if (issue.pull) {
    json.draft = issue.pull.draft;
    json.pull_request = {
      url: `${state.apiUrl}/repos/${repo.fullName}/pulls/${issue.number}`,
      html_url: issueHtmlUrl(repo, issue),
      diff_url: `${issueHtmlUrl(repo, issue)}.diff`,
      patch_url: `${issueHtmlUrl(repo, issue)}.patch`,
      merged_at: issue.pull.merged_at,
    };
  }
  return json;
}

/** An issue comment. */
export function commentJson(state: SimState, repo: RepoRecord, comment: CommentRecord): Record<string, unknown> {
  const api = `${state.apiUrl}/repos/${repo.fullName}/issues/comments/${comment.id}`;
  const issue = repo.issues.get(comment.issueNumber);
  const issueHtml = issue ? issueHtmlUrl(repo, issue) : `${HTML}/${repo.fullName}/issues/${comment.issueNumber}`;
  return {
    url: api,
    html_url: `${issueHtml}#issuecomment-${comment.id}`,
    issue_url: `${state.apiUrl}/repos/${repo.fullName}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: globalId("IssueComment", repo.id, comment.id),
    user: userJson(state, comment.user),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    author_association: authorAssociation(state, repo, comment.user),
    body: comment.body,
    reactions: reactionSummary(api, comment.reactions),
    performed_via_github_app: comment.user === BOT_LOGIN ? appJson(state) : null,
  };
}

/**
 * Whether a pull request merges cleanly: `setMergeable` wins; otherwise the head and the base must not change the
 * same path differently since their merge base. Closed pull requests are not mergeable.
 */
export function mergeable(repo: RepoRecord, issue: IssueRecord): boolean | null {
  const pull = issue.pull;
  if (!pull) return null;
  if (pull.mergeableOverride !== undefined) return pull.mergeableOverride;
  if (issue.state === "closed") return false;
  const mergeBase = repo.git.mergeBase(pull.baseSha, pull.headSha);
  if (mergeBase === undefined) return false;
  const tree = (sha: string): string | undefined => repo.git.commit(sha)?.tree;
  const atBase = tree(mergeBase);
  const baseChanges = repo.git.diff(atBase, tree(pull.baseSha));
  const headChanges = repo.git.diff(atBase, tree(pull.headSha));
  for (const [path, entry] of headChanges) {
    if (!baseChanges.has(path)) continue;
    const other = baseChanges.get(path);
    if (entry?.sha !== other?.sha) return false;
  }
  return true;
}

/** A pull request (REST `GET pulls/{n}` shape, also used in webhook payloads). */
export function pullJson(state: SimState, repo: RepoRecord, issue: IssueRecord): Record<string, unknown> {
  const pull = issue.pull;
  if (!pull) throw new Error(`payloads: #${issue.number} in ${repo.fullName} is an issue, not a pull request`);
  const api = `${state.apiUrl}/repos/${repo.fullName}/pulls/${issue.number}`;
  const html = issueHtmlUrl(repo, issue);
  const canMerge = mergeable(repo, issue);
  const commits = repo.git.commitsBetween(pull.baseSha, pull.headSha);
  const branch = (ref: string, sha: string): Record<string, unknown> => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: userJson(state, repo.owner),
    repo: repoJson(state, repo),
  });
  return {
    url: api,
    id: issue.id,
    node_id: globalId("PullRequest", repo.id, issue.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${state.apiUrl}/repos/${repo.fullName}/issues/${issue.number}`,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${state.apiUrl}/repos/${repo.fullName}/pulls/comments{/number}`,
    comments_url: `${state.apiUrl}/repos/${repo.fullName}/issues/${issue.number}/comments`,
    statuses_url: `${state.apiUrl}/repos/${repo.fullName}/statuses/${pull.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: userJson(state, issue.user),
    body: issue.body,
    // The description gives pull requests' labels a string description (issues' labels a nullable one).
    labels: issue.labels.map((l) => {
      const label = labelJson(state, repo, l);
      return { ...label, description: label.description ?? "" };
    }),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    merged_at: pull.merged_at,
    merge_commit_sha: pull.merge_commit_sha,
    assignee: issue.assignees[0] === undefined ? null : userJson(state, issue.assignees[0]),
    assignees: issue.assignees.map((a) => userJson(state, a)),
    requested_reviewers: pull.requested_reviewers.map((r) => userJson(state, r)),
    requested_teams: pull.requested_teams.map((slug) => teamJson(state, repo.owner, slug)),
    head: branch(pull.headRef, pull.headSha),
    base: branch(pull.baseRef, pull.baseSha),
    _links: {
      self: { href: api },
      html: { href: html },
      issue: { href: `${state.apiUrl}/repos/${repo.fullName}/issues/${issue.number}` },
      comments: { href: `${state.apiUrl}/repos/${repo.fullName}/issues/${issue.number}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${state.apiUrl}/repos/${repo.fullName}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${state.apiUrl}/repos/${repo.fullName}/statuses/${pull.headSha}` },
    },
    author_association: authorAssociation(state, repo, issue.user),
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: pull.merged ? null : canMerge,
    rebaseable: canMerge,
    mergeable_state: pull.merged ? "unknown" : canMerge === null ? "unknown" : canMerge ? "clean" : "dirty",
    merged_by: pull.merged_by === null ? null : userJson(state, pull.merged_by),
    comments: [...repo.comments.values()].filter((c) => c.issueNumber === issue.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: commits.length,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

/** A pull request review; `state` as REST returns it (upper case). */
export function reviewJson(state: SimState, repo: RepoRecord, issue: IssueRecord, review: ReviewRecord): Record<string, unknown> {
  const html = `${issueHtmlUrl(repo, issue)}#pullrequestreview-${review.id}`;
  return {
    id: review.id,
    node_id: globalId("PullRequestReview", repo.id, review.id),
    user: userJson(state, review.user),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: `${state.apiUrl}/repos/${repo.fullName}/pulls/${issue.number}`,
    author_association: authorAssociation(state, repo, review.user),
    _links: { html: { href: html }, pull_request: { href: `${state.apiUrl}/repos/${repo.fullName}/pulls/${issue.number}` } },
    submitted_at: review.submitted_at ?? undefined,
    commit_id: review.commit_id,
  };
}

/** A git commit (`GET git/commits/{sha}` shape). */
export function gitCommitJson(state: SimState, repo: RepoRecord, sha: string): Record<string, unknown> {
  const commit = repo.git.commit(sha);
  if (!commit) throw new Error(`payloads: ${sha} is not a commit of ${repo.fullName}`);
  const api = `${state.apiUrl}/repos/${repo.fullName}/git/commits/${sha}`;
  return {
    sha,
    node_id: globalId("Commit", repo.id, sha),
    url: api,
    html_url: `${HTML}/${repo.fullName}/commit/${sha}`,
    author: { ...commit.author },
    committer: { ...commit.committer },
    message: commit.message,
    tree: { sha: commit.tree, url: `${state.apiUrl}/repos/${repo.fullName}/git/trees/${commit.tree}` },
    parents: commit.parents.map((p) => ({
      sha: p,
      url: `${state.apiUrl}/repos/${repo.fullName}/git/commits/${p}`,
      html_url: `${HTML}/${repo.fullName}/commit/${p}`,
    })),
    verification: { ...commit.verification },
  };
}

/** Finds the login behind a commit email (`<id>+<login>@users.noreply.github.com`), if it is one of ours. */
export function loginOfEmail(state: SimState, email: string): string | undefined {
  const login = /^\d+\+(.+)@users\.noreply\.github\.com$/.exec(email)?.[1];
  return login !== undefined && state.user(login) ? login : undefined;
}

/** A commit as `GET /repos/{o}/{r}/commits/{ref}` and `pulls/{n}/commits` render it. */
export function repoCommitJson(state: SimState, repo: RepoRecord, sha: string, withFiles = false): Record<string, unknown> {
  const git = gitCommitJson(state, repo, sha);
  const commit = repo.git.commit(sha);
  const authorLogin = commit ? loginOfEmail(state, commit.author.email) : undefined;
  const committerLogin = commit ? loginOfEmail(state, commit.committer.email) : undefined;
  const json: Record<string, unknown> = {
    sha,
    node_id: git.node_id,
    url: `${state.apiUrl}/repos/${repo.fullName}/commits/${sha}`,
    html_url: git.html_url,
    comments_url: `${state.apiUrl}/repos/${repo.fullName}/commits/${sha}/comments`,
    commit: {
      url: git.url,
      author: git.author,
      committer: git.committer,
      message: git.message,
      tree: git.tree,
      comment_count: 0,
      verification: git.verification,
    },
    author: authorLogin === undefined ? null : userJson(state, authorLogin),
    committer: committerLogin === undefined ? null : userJson(state, committerLogin),
    parents: git.parents,
  };
  if (withFiles && commit) {
    const parentTree = commit.parents[0] === undefined ? undefined : repo.git.commit(commit.parents[0])?.tree;
    const changes = repo.git.diff(parentTree, commit.tree);
    json.files = [...changes].map(([filename, entry]) => ({
      sha: entry?.sha ?? repo.git.fileAt(parentTree, filename)?.sha,
      filename,
      blob_url: `${HTML}/${repo.fullName}/blob/${sha}/${filename}`,
      raw_url: `${HTML}/${repo.fullName}/raw/${sha}/${filename}`,
      contents_url: `${state.apiUrl}/repos/${repo.fullName}/contents/${filename}?ref=${sha}`,
      status: entry === null ? "removed" : repo.git.fileAt(parentTree, filename) ? "modified" : "added",
      additions: 0,
      deletions: 0,
      changes: 0,
    }));
    json.stats = { total: changes.size, additions: 0, deletions: 0 };
  }
  return json;
}

/** The fields every webhook payload of a repository carries: repository, sender, installation, organization. */
export function eventBase(state: SimState, repo: RepoRecord, sender: string): Record<string, unknown> {
  const base: Record<string, unknown> = { repository: repoJson(state, repo), sender: userJson(state, sender) };
  const owner = state.user(repo.owner);
  if (owner?.type === "Organization") {
    base.organization = { login: owner.login, id: owner.id, node_id: globalId("Organization", owner.id), url: `${state.apiUrl}/orgs/${owner.login}` };
  }
  if (repo.installationId !== undefined) {
    base.installation = { id: repo.installationId, node_id: globalId("Installation", repo.installationId) };
  }
  return base;
}
