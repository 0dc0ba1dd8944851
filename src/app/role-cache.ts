import { authorize } from "../commands/authorize.js";
import { parseCommands } from "../commands/parse-commands.js";
import { loginKey } from "../commands/github-login.js";
import type { Roles } from "../commands/roles.js";
import type { RoleRecorder, TriggerComment } from "../controller/deps.js";
import { isAnswered, type Refusal, type RefusalReply } from "../plan/refusal-replies.js";
import { issueKey, type IssueRef } from "../github/repo-ref.js";

/** How long what a run learned about roles may decide a refusal (a merge decision always re-reads roles). */
export const ROLE_CACHE_TTL_MS = 2 * 60_000;
/** Requests remembered at most (oldest forgotten first). */
const CAPACITY = 2000;

interface Place {
  /** The issue or pull request number the roles are for. */
  number: number;
  roles: Roles;
  holders: ReadonlySet<string>;
  replies: Map<string, RefusalReply>;
  maxLines: number;
  at: number;
}

interface Entry {
  issue?: Place;
  pull?: Place;
  /** People whose `/hold` this process routed since: they may hold now, so their `/hold cancel` is not decided here. */
  maybeHolders: Set<string>;
}

/** How a command comment is answered without a run: each refusal and the reply it goes to. */
export interface FastRefusal {
  comment: TriggerComment;
  refusals: Refusal[];
}

/**
 * A short-lived, per-process memory of who may do what on each request, filled by normal runs and used for one
 * thing only: answering a command comment that the commenter may not give (an outsider's `/approve`, `/lgtm`,
 * `/retest`, `/close`, a `/hold cancel` of someone else's hold, `/retry` on the issue) without a run. It never
 * allows anything: whenever a command could be allowed, is unknown, or the memory is cold (older than
 * {@link ROLE_CACHE_TTL_MS}, another pull request, nothing recorded), the caller runs the controller as usual,
 * and every merge decision re-reads roles from GitHub. A refusal decided from stale roles only costs a wrong
 * reply: approval state is recomputed from the whole history on every run, so the command still counts if it
 * should.
 */
export class RoleCache implements RoleRecorder {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = ROLE_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  recordPull(request: IssueRef, facts: { number: number; roles: Roles; holders: ReadonlySet<string>; replies: ReadonlyMap<string, RefusalReply>; maxLines: number }): void {
    const entry = this.#entry(request);
    entry.pull = { ...facts, replies: new Map(facts.replies), at: this.now() };
    entry.maybeHolders.clear();
  }

  recordIssue(request: IssueRef, facts: { roles: Roles; replies: ReadonlyMap<string, RefusalReply>; maxLines: number }): void {
    this.#entry(request).issue = { ...facts, number: request.number, holders: new Set(), replies: new Map(facts.replies), at: this.now() };
  }

  /** A `/hold` from `login` was routed for the request: until the next run, their `/hold cancel` is not decided here. */
  noteHold(request: IssueRef, login: string): void {
    this.#entries.get(issueKey(request).toLowerCase())?.maybeHolders.add(loginKey(login));
  }

  /**
   * The refusals that answer `comment` completely, or undefined when it needs a run: any command that could be
   * allowed (`/hold` from anyone, `/help`, a holder's or approver's `/hold cancel`, ...), an unknown command, an
   * edit, or nothing fresh recorded for the place it was written in.
   */
  decide(request: IssueRef, comment: TriggerComment): FastRefusal | undefined {
    const entry = this.#entries.get(issueKey(request).toLowerCase());
    const place = comment.on === "pull" ? entry?.pull : entry?.issue;
    if (!entry || !place || this.now() - place.at > this.ttlMs || place.number !== comment.where.number) return undefined;
    const { commands, unknown } = parseCommands(comment.body, { maxLines: place.maxLines });
    if (commands.length === 0 || unknown.length > 0) return undefined;
    const login = loginKey(comment.author.login);
    const refusals: Refusal[] = [];
    for (const command of commands) {
      if (command.verb === "hold" && command.cancel && entry.maybeHolders.has(login)) return undefined;
      const decision = authorize(command, comment.author, place.roles, { where: comment.on, holders: place.holders });
      if (decision.allowed || decision.ignored) return undefined;
      refusals.push({ commentId: comment.id, actor: comment.author.login, verb: command.verb, cancel: command.cancel, reason: decision.reason });
    }
    return { comment, refusals };
  }

  /** The refusal reply of one person and kind where `comment` was written, as last known. */
  reply(request: IssueRef, on: "issue" | "pull", key: string): RefusalReply | undefined {
    const entry = this.#entries.get(issueKey(request).toLowerCase());
    return (on === "pull" ? entry?.pull : entry?.issue)?.replies.get(key);
  }

  /** Whether the known replies already answer `refusal` (a redelivery, or a run answered it meanwhile). */
  answered(request: IssueRef, on: "issue" | "pull", key: string, refusal: Refusal): boolean {
    const reply = this.reply(request, on, key);
    return reply !== undefined && isAnswered(new Map([[key, [reply]]]), refusal);
  }

  /** Remembers the reply a fast refusal wrote, so the next one edits it. */
  rememberReply(request: IssueRef, on: "issue" | "pull", key: string, reply: RefusalReply): void {
    const entry = this.#entries.get(issueKey(request).toLowerCase());
    (on === "pull" ? entry?.pull : entry?.issue)?.replies.set(key, reply);
  }

  #entry(request: IssueRef): Entry {
    const key = issueKey(request).toLowerCase();
    let entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key); // re-inserted: most recently used last
    } else {
      entry = { maybeHolders: new Set() };
    }
    this.#entries.set(key, entry);
    if (this.#entries.size > CAPACITY) this.#entries.delete(this.#entries.keys().next().value as string);
    return entry;
  }
}
