import { statusOf, type Octokit } from "./octokit.js";
import { restActor } from "./graphql-pull.js";
import type { IssueRef } from "./repo-ref.js";

/**
 * Marked bot comments (status, pr-status, replies) exist once per issue or pull request. GitHub has no conditional
 * create, so two replicas that both found none may both post one: every creator then lists the thread and the oldest
 * comment with the marker wins (comment ids grow with creation time); every newer one is deleted. Whoever created the
 * newest comment sees all older ones, so exactly one survives whatever the interleaving. The losing writer's body
 * then goes to the survivor as the edit it would have made had it seen that comment (status comments: the latest
 * writer wins), except for replies to a command (key with an id), which are answered once and never rewritten.
 *
 * The listing can be made right after the create ({@link resolveMarkedRace}) or later, for several threads at once
 * ({@link createRaceBatch}): it only has to come after the creator's own comment exists.
 */

/** A marked comment this app just created. */
export interface CreatedMarked {
  id: number;
  /** The app's login as REST spells it (with `[bot]`). */
  login: string;
  body: string;
}

/** A comment of the thread as listed after the create. */
export interface ListedComment {
  id: number;
  login: string | undefined;
  body: string;
}

/** The comment that stands for a created one once its race is settled. */
export interface SettledComment {
  /** The survivor's id: the created comment's own, or an older one with the same marker. */
  id: number;
  /**
   * The survivor's body: as listed when the created comment survived (undefined when the listing did not show it:
   * deleted meanwhile, nothing is known of it), else the body written onto the survivor.
   */
  body: string | undefined;
}

/**
 * How the survivor's body and the losing writer's body become the survivor's new body (default: the losing writer's,
 * the edit it would have made had it seen the survivor). A status comment's merges what each one records.
 */
export type MergeBodies = (kept: string, mine: string) => string;

const takeMine: MergeBodies = (_kept, mine) => mine;

/** What settling one race takes: which comments to delete, and the survivor's new body when it changes. */
export function settleAmong(
  listed: readonly ListedComment[],
  created: CreatedMarked,
  key: string,
  merge: MergeBodies = takeMine,
): { survivor: SettledComment; losers: number[]; rewrite: string | undefined } {
  const login = created.login.toLowerCase();
  const same = listed.filter((c) => c.login?.toLowerCase() === login && c.body.startsWith(`${key} `)).sort((a, b) => a.id - b.id);
  const oldest = same[0];
  if (!oldest || oldest.id === created.id) {
    // The created comment as listed, even when someone edited its marker away; never the body it was created with,
    // which would pass for a read-back of a comment that is no longer so (or no longer there).
    return { survivor: { id: created.id, body: listed.find((c) => c.id === created.id)?.body }, losers: [], rewrite: undefined };
  }
  const losers = [...new Set([created.id, ...same.slice(1).map((c) => c.id)])];
  const isReply = / \d+$/.test(key);
  const body = isReply ? oldest.body : merge(oldest.body, created.body);
  return { survivor: oldest, losers, rewrite: body === oldest.body ? undefined : body };
}

/** Deletes the losers and rewrites the survivor as {@link settleAmong} decided; answers the survivor. */
async function applySettlement(octokit: Octokit, ref: IssueRef, decision: ReturnType<typeof settleAmong>): Promise<SettledComment> {
  for (const id of decision.losers) {
    try {
      await octokit.rest.issues.deleteComment({ owner: ref.owner, repo: ref.repo, comment_id: id });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }
  if (decision.rewrite === undefined) return { id: decision.survivor.id, body: decision.survivor.body };
  await octokit.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: decision.survivor.id, body: decision.rewrite });
  return { id: decision.survivor.id, body: decision.rewrite };
}

/** Every comment of a thread, over REST (all pages). */
async function listThread(octokit: Octokit, ref: IssueRef): Promise<ListedComment[]> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: ref.owner, repo: ref.repo, issue_number: ref.number, per_page: 100 });
  return comments.map((c) => ({ id: c.id, login: c.user?.login, body: c.body ?? "" }));
}

/** Settles one race right after the create: lists the thread (every page) and applies {@link settleAmong}. */
export async function resolveMarkedRace(octokit: Octokit, ref: IssueRef, created: CreatedMarked, key: string, merge?: MergeBodies): Promise<SettledComment> {
  return applySettlement(octokit, ref, settleAmong(await listThread(octokit, ref), created, key, merge));
}

/** Created comments whose race is settled later, together: see {@link createRaceBatch}. */
export interface RaceBatch {
  /** Records a created marked comment; its race is settled by {@link RaceBatch.settle} (with `merge`, if given). */
  defer(octokit: Octokit, ref: IssueRef, created: CreatedMarked, key: string, merge?: MergeBodies): void;
  /**
   * Settles every recorded race: one GraphQL query per installation lists every thread involved (a thread past one
   * page is listed whole over REST), then losers are deleted and survivors rewritten. Answers each created comment's
   * survivor, by the created comment's id. The batch is empty afterwards.
   */
  settle(): Promise<Map<number, SettledComment>>;
}

/** Comments one GraphQL query lists per thread; a longer thread is listed whole over REST. */
const THREAD_PAGE = 100;

interface Pending {
  ref: IssueRef;
  created: CreatedMarked;
  key: string;
  merge: MergeBodies | undefined;
}

type ThreadAnswer = {
  comments: { totalCount: number; nodes: Array<{ databaseId: number | null; body: string; author: { login: string; __typename: string } | null } | null> };
} | null;

/**
 * A {@link RaceBatch}: the writes of one run that may race (a new request's status comment, its pull request's status
 * comment) go out together, and their races are settled with one listing instead of one per comment.
 */
export function createRaceBatch(): RaceBatch {
  const pending = new Map<Octokit, Pending[]>();
  return {
    defer(octokit, ref, created, key, merge) {
      const list = pending.get(octokit) ?? [];
      list.push({ ref, created, key, merge });
      pending.set(octokit, list);
    },
    async settle() {
      const groups = [...pending];
      pending.clear();
      const out = new Map<number, SettledComment>();
      await Promise.all(
        groups.map(async ([octokit, races]) => {
          const threads = await listThreads(octokit, races.map((r) => r.ref));
          for (const race of races) {
            const listed = threads.get(threadKey(race.ref)) ?? (await listThread(octokit, race.ref));
            out.set(race.created.id, await applySettlement(octokit, race.ref, settleAmong(listed, race.created, race.key, race.merge)));
          }
        }),
      );
      return out;
    },
  };
}

const threadKey = (ref: IssueRef) => `${ref.owner}/${ref.repo}#${ref.number}`.toLowerCase();

/** The comments of each thread in one GraphQL query; a thread longer than one page is left out (listed over REST). */
async function listThreads(octokit: Octokit, refs: readonly IssueRef[]): Promise<Map<string, ListedComment[]>> {
  const unique = [...new Map(refs.map((r) => [threadKey(r), r])).values()];
  const fields = unique.map(
    (_, i) =>
      `t${i}: repository(owner: $o${i}, name: $r${i}) { issueOrPullRequest(number: $n${i}) { ... on Issue { ${COMMENTS} } ... on PullRequest { ${COMMENTS} } } }`,
  );
  const declarations = unique.flatMap((_, i) => [`$o${i}: String!`, `$r${i}: String!`, `$n${i}: Int!`]);
  const variables = Object.fromEntries(unique.flatMap((r, i) => [[`o${i}`, r.owner], [`r${i}`, r.repo], [`n${i}`, r.number]]));
  const data = await octokit.graphql<Record<string, { issueOrPullRequest: ThreadAnswer } | null>>(
    `query MarkedThreads(${declarations.join(", ")}) { ${fields.join(" ")} }`,
    variables,
  );
  const out = new Map<string, ListedComment[]>();
  unique.forEach((ref, i) => {
    const thread = data[`t${i}`]?.issueOrPullRequest;
    if (!thread || thread.comments.totalCount > thread.comments.nodes.length) return;
    out.set(
      threadKey(ref),
      thread.comments.nodes.flatMap((c) => (c && c.databaseId !== null ? [{ id: c.databaseId, login: c.author ? restActor({ login: c.author.login, type: c.author.__typename }).login : undefined, body: c.body }] : [])),
    );
  });
  return out;
}

const COMMENTS = `comments(first: ${THREAD_PAGE}) { totalCount nodes { databaseId body author { login __typename } } }`;
