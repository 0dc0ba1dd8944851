import { authorize, type Actor } from "./authorize.js";
import type { Verb } from "./command-table.js";
import { loginKey } from "./github-login.js";
import { parseCommands } from "./parse-commands.js";
import type { Roles } from "./roles.js";

export { mergeDecision, type MergeConfig, type MergeDecision, type MergeFacts } from "./merge-decision.js";

/** A comment created on the pull request, with the body it was created with. */
export interface HistoryComment {
  kind: "comment";
  id: number;
  author: string;
  authorType: "User" | "Bot";
  body: string;
  /** ISO 8601 time the comment was created. */
  at: string;
}

/** A submitted (or dismissed) pull request review. `author` is the review's author, also for `dismissed`. */
export interface HistoryReview {
  kind: "review";
  id: number;
  author: string;
  authorType: "User" | "Bot";
  state: "approved" | "changes_requested" | "commented" | "dismissed";
  at: string;
  /**
   * Whether an approving review may grant: false when it was given on other content than the pull request's head
   * carries (GitHub records the head each review was made on). It still lifts its author's own changes request.
   */
  grants?: boolean;
}

/**
 * The content under review changed (the bot published a different tenant): every `/lgtm` and approval given
 * before this moment is dropped; holds stay. `at` is GitHub's time of the bot's commit, never a pusher's date.
 */
export interface HistoryReset {
  kind: "reset";
  at: string;
}

/** One event of a pull request's history that can change its approval state. */
export type HistoryItem = HistoryComment | HistoryReview | HistoryReset;

/** Something that blocks the merge until lifted. */
export interface Hold {
  by: string;
  reason: "hold" | "changes-requested";
  at: string;
}

/** The verdict on one command of one comment, so the caller can acknowledge or refuse each comment once. */
export interface CommandDecision {
  commentId: number;
  verb: Verb;
  cancel: boolean;
  /** 1-based line of the command in the comment. */
  line: number;
  actor: string;
  allowed: boolean;
  /** One line saying why, when refused. */
  reason?: string;
}

/** The approval state of a pull request, recomputed from its whole history. Logins keep GitHub's spelling. */
export interface ApprovalState {
  /** Logins whose latest intent is lgtm, given on the content under review, in the order given. */
  lgtm: string[];
  /** Logins whose latest intent is approve, in the order given. */
  approvers: string[];
  holds: Hold[];
  decisions: CommandDecision[];
  /** Unknown `/words` per comment, for a reply listing them. */
  unknown: { commentId: number; words: string[] }[];
}

/** Options of {@link computeApprovalState}. */
export interface ApprovalStateOptions {
  /** Lines of each comment scanned for commands (`limits.maxCommentLines`). */
  maxLines?: number;
}

interface Intent {
  login: string;
  at: string;
}

/** Sort key of a history item: time, then comments and reviews by id before a reset of the same instant. */
function sortKey(item: HistoryItem, index: number): [number, number, number] {
  const time = Date.parse(item.at);
  if (Number.isNaN(time)) {
    throw new TypeError(`computeApprovalState: history[${index}].at ${JSON.stringify(String(item.at)).slice(0, 40)} is not an ISO 8601 time`);
  }
  return item.kind === "reset" ? [time, 1, index] : [time, 0, item.id];
}

/** The history in the order it happened: by time (stable); ties by id, a reset after comments of the same instant. */
function chronological(history: readonly HistoryItem[]): HistoryItem[] {
  const keyed = history.map((item, index) => ({ item, index, key: sortKey(item, index) }));
  keyed.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2] || a.index - b.index);
  return keyed.map((k) => k.item);
}

/** Mutable state while replaying the history. */
class Replay {
  readonly lgtm = new Map<string, Intent>();
  readonly approve = new Map<string, Intent>();
  readonly holds = new Map<string, Hold>();
  readonly decisions: CommandDecision[] = [];
  readonly unknown: { commentId: number; words: string[] }[] = [];

  constructor(
    private readonly roles: Roles,
    private readonly maxLines: number | undefined,
  ) {}

  holders(): Set<string> {
    return new Set([...this.holds.values()].map((h) => loginKey(h.by)));
  }

  /** Records an intent; a person who already has it keeps their first one (and their place in the order). */
  static give(map: Map<string, Intent>, key: string, intent: Intent): void {
    if (map.has(key)) return;
    map.set(key, intent);
  }

  placeHold(key: string, hold: Hold): void {
    const id = `${hold.reason}:${key}`;
    if (!this.holds.has(id)) this.holds.set(id, hold);
  }

  liftHolds(key: string, reasons: readonly Hold["reason"][]): void {
    for (const reason of reasons) this.holds.delete(`${reason}:${key}`);
  }

  comment(item: HistoryComment): void {
    if (item.authorType === "Bot") return;
    const actor: Actor = { login: item.author, type: item.authorType };
    const key = loginKey(item.author);
    const parsed = parseCommands(item.body, this.maxLines === undefined ? {} : { maxLines: this.maxLines });
    if (parsed.unknown.length > 0) this.unknown.push({ commentId: item.id, words: parsed.unknown });
    for (const command of parsed.commands) {
      const verdict = authorize(command, actor, this.roles, { where: "pull", holders: this.holders() });
      if (!verdict.allowed && verdict.ignored) continue;
      const decision: CommandDecision = {
        commentId: item.id,
        verb: command.verb,
        cancel: command.cancel,
        line: command.line,
        actor: item.author,
        allowed: verdict.allowed,
      };
      if (!verdict.allowed) {
        decision.reason = verdict.reason;
        this.decisions.push(decision);
        continue;
      }
      this.decisions.push(decision);
      this.apply(command.verb, command.cancel, key, { login: item.author, at: item.at });
    }
  }

  apply(verb: Verb, cancel: boolean, key: string, intent: Intent): void {
    switch (verb) {
      case "lgtm":
        if (cancel) this.lgtm.delete(key);
        else {
          Replay.give(this.lgtm, key, intent);
          this.liftHolds(key, ["changes-requested"]);
        }
        return;
      case "approve":
        if (cancel) this.approve.delete(key);
        else {
          Replay.give(this.approve, key, intent);
          this.liftHolds(key, ["changes-requested"]);
        }
        return;
      case "hold":
        if (!cancel) this.placeHold(key, { by: intent.login, reason: "hold", at: intent.at });
        else if (this.roles.approvers.has(key)) this.holds.clear();
        else this.liftHolds(key, ["hold", "changes-requested"]);
        return;
      default:
        // /retest, /close, /retry and /help act outside the approval state.
        return;
    }
  }

  review(item: HistoryReview): void {
    if (item.authorType === "Bot") return;
    const key = loginKey(item.author);
    const intent: Intent = { login: item.author, at: item.at };
    const isApprover = this.roles.approvers.has(key);
    const hasRole = isApprover || this.roles.reviewers.has(key);
    switch (item.state) {
      case "approved": {
        // The reviewer is satisfied: their own changes request no longer holds, whatever their role.
        this.liftHolds(key, ["changes-requested"]);
        if (item.grants === false) return;
        const verdict = authorize({ verb: "approve", cancel: false }, { login: item.author, type: "User" }, this.roles, {
          where: "pull",
          holders: this.holders(),
        });
        if (verdict.allowed) Replay.give(this.approve, key, intent);
        return;
      }
      case "changes_requested":
        if (!hasRole) return;
        this.lgtm.delete(key);
        this.approve.delete(key);
        this.placeHold(key, { by: item.author, reason: "changes-requested", at: item.at });
        return;
      case "dismissed":
        this.liftHolds(key, ["changes-requested"]);
        return;
      case "commented":
        return;
    }
  }

  result(): ApprovalState {
    return {
      lgtm: [...this.lgtm.values()].map((i) => i.login),
      approvers: [...this.approve.values()].map((i) => i.login),
      holds: [...this.holds.values()],
      decisions: this.decisions,
      unknown: this.unknown,
    };
  }
}

/**
 * Recomputes a pull request's approval state from its history (like Prow's lgtm/approve/hold plugins, but replayed
 * from scratch on every event, so it never drifts from what happened). Roles are today's: an approver removed from the
 * configuration no longer counts, even for an earlier `/approve`.
 *
 * Rules:
 * - Items are replayed by time (stable); ties by id, and a reset after the comments and reviews of the same instant
 *   (so a comment made in the same second as new content never counts for it).
 * - A reset (the tenant content changed: the caller passes GitHub's time of the bot's commit, never a committer date,
 *   which whoever commits chooses) drops every lgtm and approval given before it; holds stay.
 * - Each person's latest intent wins (`/lgtm` then `/lgtm cancel` is no lgtm). Refused commands change nothing but
 *   are listed in `decisions`; commands and reviews from bots are ignored entirely.
 * - A review "approved" from an approver counts like `/approve` (the requester and the pull request's author are
 *   refused as for `/approve`); from anyone else it counts for nothing but lifts their own changes request.
 * - A review "changes_requested" from a reviewer or approver withdraws their lgtm and approval and places a hold by
 *   them; it is lifted by their later `/lgtm`, `/approve` or approving review, by their own or an approver's
 *   `/hold cancel`, or by a "dismissed" item with them as `author`. A review in the history with state "dismissed"
 *   (GitHub's current state of a dismissed review) thus counts as neither approval nor hold.
 * - `/hold` places a hold by its author; `/hold cancel` from an approver lifts every hold, from the holder their own.
 *
 * Comment bodies are taken as given: the caller decides whether it passes the text a comment was created with or
 * ignores edited comments; deleted comments should not be passed.
 */
export function computeApprovalState(
  history: readonly HistoryItem[],
  roles: Roles,
  opts: ApprovalStateOptions = {},
): ApprovalState {
  const replay = new Replay(roles, opts.maxLines);
  for (const item of chronological(history)) {
    if (item.kind === "comment") replay.comment(item);
    else if (item.kind === "review") replay.review(item);
    else {
      replay.lgtm.clear();
      replay.approve.clear();
    }
  }
  return replay.result();
}
