import { checkObserveInput, type CheckedObserveInput, type ObserveInput } from "./observe-input.js";

/** Where the bot's configuration lives on the support repository's default branch. */
export const CONFIG_EXPRESSION = "HEAD:.github/onboarding-bot.yml";
/** Pull requests read per branch (open, closed and merged ones all count). */
export const PULL_REQUESTS_PER_BRANCH = 5;
/** Items read per list (comments, reviews, labels); more are reported as an incomplete list. */
export const PAGE_SIZE = 100;

/**
 * Which repositories one document reads: both when the support and GitOps repositories share an installation (one
 * round trip), or one side each when they do not (two documents, sent in parallel with each installation's token).
 */
export type ObserveScope = "both" | "support" | "gitops";

/** A GraphQL document and the variables that carry every piece of user input. */
export interface ObserveQuery {
  /** The document: fixed text, generated aliases (`f0`, `u0`) and variables (`$path0`, `$login0`), never user text. */
  query: string;
  /** The variables, including every path and login. */
  variables: Record<string, string | number>;
  /** The alias of each path read at the base commit, in input order. */
  pathAliases: ReadonlyArray<{ alias: string; path: string }>;
  /** The alias of each login looked up, in input order. */
  loginAliases: ReadonlyArray<{ alias: string; login: string }>;
  /** The alias of each team read (none when the document reads only the support side). */
  teamAliases: readonly string[];
}

const ACTOR = "author { login __typename }";
const LABELS = `labels(first: ${PAGE_SIZE}) { totalCount nodes { name } }`;
const PAGE = "totalCount pageInfo { hasNextPage endCursor }";
const COMMENTS = `comments(first: ${PAGE_SIZE}) { ${PAGE} nodes { databaseId id body ${ACTOR} createdAt updatedAt lastEditedAt includesCreatedEdit url } }`;
const REVIEWS = `reviews(first: ${PAGE_SIZE}) { ${PAGE} nodes { databaseId state ${ACTOR} submittedAt commit { oid } } }`;
const ENTRY = `type oid object { __typename ... on Blob { text isTruncated isBinary } ... on Tree { entries { name type oid } } }`;

/** Alias of the `i`th path (`f0`, `f1`, …): generated, never derived from the path. */
export const pathAlias = (i: number): string => `f${i}`;
/** Alias of the `i`th login (`u0`, `u1`, …): generated, never derived from the login. */
export const loginAlias = (i: number): string => `u${i}`;
/** Alias of the `i`th team (`t0`, `t1`, …): generated, never derived from the team. */
export const teamAlias = (i: number): string => `t${i}`;

/**
 * Builds the one GraphQL document that observes a request: the support issue with its labels and comments, the
 * bot's configuration blob on the support repository's default branch, the GitOps base branch head with each given
 * path at that commit (`Commit.file`, so every file comes from one consistent commit and the cost does not depend on
 * the repository's size), the pull requests and head of the request's branch, and the given logins.
 *
 * User input only ever travels in variables; aliases and variable names are generated (`f0`, `$path0`, `u0`,
 * `$login0`), so no login, path or branch can change the document.
 * @throws Error naming the field when the input is invalid (see {@link checkObserveInput}).
 */
export function buildObserveQuery(input: ObserveInput, scope: ObserveScope = "both"): ObserveQuery {
  const checked = checkObserveInput(input);
  const declarations: string[] = [];
  const variables: Record<string, string | number> = {};
  const declare = (name: string, type: string, value: string | number): string => {
    declarations.push(`$${name}: ${type}`);
    variables[name] = value;
    return `$${name}`;
  };
  const pathAliases = checked.gitops.paths.map((path, i) => ({ alias: pathAlias(i), path }));
  const loginAliases = checked.logins.map((login, i) => ({ alias: loginAlias(i), login }));
  const fields = ["rateLimit { cost remaining resetAt }"];
  if (scope !== "gitops") fields.push(supportFields(checked, declare), ...loginFields(loginAliases, declare));
  if (scope !== "support") fields.push(gitopsFields(checked, pathAliases, declare), ...teamFields(checked.teams ?? [], declare));
  const query = `query Observe(${declarations.join(", ")}) {\n  ${fields.join("\n  ")}\n}\n`;
  const teamAliases = scope === "support" ? [] : (checked.teams ?? []).map((_, i) => teamAlias(i));
  return { query, variables, pathAliases: scope === "support" ? [] : pathAliases, loginAliases: scope === "gitops" ? [] : loginAliases, teamAliases };
}

type Declare = (name: string, type: string, value: string | number) => string;

function supportFields(input: CheckedObserveInput, declare: Declare): string {
  const { owner, name, issue } = input.support;
  return `support: repository(owner: ${declare("supportOwner", "String!", owner)}, name: ${declare("supportName", "String!", name)}) {
    id
    issue(number: ${declare("issue", "Int!", issue)}) {
      id number title body state stateReason createdAt closedAt url ${ACTOR}
      ${LABELS}
      ${COMMENTS}
    }
    config: object(expression: ${JSON.stringify(CONFIG_EXPRESSION)}) { __typename oid ... on Blob { text isTruncated } }${openRequestsField(input, declare)}
  }`;
}

function openRequestsField(input: CheckedObserveInput, declare: Declare): string {
  const open = input.openRequests;
  if (!open) return "";
  const first = declare("openFirst", "Int!", open.first);
  const filter = `{createdBy: ${declare("openCreator", "String!", open.creator)}, labels: [${declare("openLabel", "String!", open.label)}], states: [OPEN]}`;
  return `\n    openRequests: issues(first: ${first}, filterBy: ${filter}, orderBy: {field: CREATED_AT, direction: ASC}) { totalCount nodes { number } }`;
}

/** The first page of each approver team's members (read with the GitOps repository's installation, like REST's). */
function teamFields(teams: ReadonlyArray<{ org: string; slug: string }>, declare: Declare): string[] {
  return teams.map(
    ({ org, slug }, i) =>
      `${teamAlias(i)}: organization(login: ${declare(`teamOrg${i}`, "String!", org)}) { team(slug: ${declare(`teamSlug${i}`, "String!", slug)}) { members(first: ${PAGE_SIZE}) { totalCount nodes { login } } } }`,
  );
}

function loginFields(aliases: ReadonlyArray<{ alias: string; login: string }>, declare: Declare): string[] {
  return aliases.map(({ alias, login }, i) => `${alias}: user(login: ${declare(`login${i}`, "String!", login)}) { login __typename }`);
}

function gitopsFields(input: CheckedObserveInput, aliases: ReadonlyArray<{ alias: string; path: string }>, declare: Declare): string {
  const { owner, name, baseBranch, branch } = input.gitops;
  const files = aliases.map(({ alias, path }, i) => `${alias}: file(path: ${declare(`path${i}`, "String!", path)}) { ${ENTRY} }`);
  return `gitops: repository(owner: ${declare("gitopsOwner", "String!", owner)}, name: ${declare("gitopsName", "String!", name)}) {
    id
    base: ref(qualifiedName: ${declare("baseRef", "String!", `refs/heads/${baseBranch}`)}) {
      target { __typename oid ... on Commit { tree { oid${input.gitops.rootEntries ? " entries { name type oid }" : ""} } ${files.join(" ")} } }
    }
    head: ref(qualifiedName: ${declare("branchRef", "String!", `refs/heads/${branch}`)}) { target { oid } }
    pullRequests(headRefName: ${declare("branch", "String!", branch)}, first: ${PULL_REQUESTS_PER_BRANCH}, states: [OPEN, CLOSED, MERGED]) {
      totalCount
      nodes {
        id number title url state merged mergeable isCrossRepository headRefName headRefOid baseRefName body closedAt ${ACTOR}
        ${LABELS}
        ${REVIEWS}
        ${COMMENTS}
      }
    }
  }`;
}
