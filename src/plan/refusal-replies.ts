import { formatCommand, type Verb } from "../commands/command-table.js";
import { loginKey } from "../commands/github-login.js";
import type { MarkedComment } from "./reply-marker.js";

/**
 * Refusals are coalesced: one reply per person and command kind per pull request (or request issue), edited to
 * list every comment it answers instead of a new reply per comment. An outsider repeating `/approve` twenty times
 * gets one reply, not twenty. The reply's hidden marker names the person and the kind (so the bot finds it again;
 * only the app's own comments count) and the ids of the comments it answers.
 */
const PREFIX = "<!-- onboarding-bot:refusal:";

/** Ids listed in one reply at most (the newest are kept; an older comment of the same kind counts as answered). */
export const MAX_LISTED_IDS = 200;

/** One refused command of one comment. */
export interface Refusal {
  commentId: number;
  actor: string;
  verb: Verb;
  cancel: boolean;
  /** One line saying why (names the command, echoes no user text). */
  reason: string;
}

/** The bot's refusal reply for one person and kind, as found on GitHub (or just written). */
export interface RefusalReply {
  id: number;
  ids: number[];
}

/** A write that carries out a coalesced refusal. */
export type RefusalWrite =
  | { kind: "create"; key: string; body: string; ids: number[] }
  | { kind: "update"; key: string; id: number; body: string; ids: number[] }
  | { kind: "delete"; key: string; id: number };

/** The key of a refusal: the person (lower case) and the command kind, e.g. `dave:approve-cancel`. */
export function refusalKey(actor: string, verb: Verb, cancel: boolean): string {
  return `${loginKey(actor)}:${verb}${cancel ? "-cancel" : ""}`;
}

/** The reply's body: its marker (key and answered ids), then the reason. */
export function renderRefusal(key: string, ids: readonly number[], reason: string): string {
  // `=` right after the key keeps the writer from treating it as a one-per-issue marker (see `markerKey`): creating a
  // refusal costs one call, without re-reading the issue; duplicates of racing replicas are merged by planRefusals.
  return `${PREFIX}${key}=${ids.join(",")} -->\n${reason}.`;
}

/** Whether `reply` already answers comment `id` (listed, or older than every listed one: dropped from the list). */
export function answers(reply: RefusalReply, id: number): boolean {
  return reply.ids.includes(id) || (reply.ids.length > 0 && id < Math.min(...reply.ids));
}

/** Whether the replies found already answer `refusal` (by its person and kind's reply, merged over duplicates). */
export function isAnswered(found: ReadonlyMap<string, readonly RefusalReply[]>, refusal: Refusal): boolean {
  const replies = found.get(refusalKey(refusal.actor, refusal.verb, refusal.cancel)) ?? [];
  return answers({ id: 0, ids: replies.flatMap((r) => r.ids) }, refusal.commentId);
}

const MARKER = /^<!-- onboarding-bot:refusal:([a-z0-9-]{1,39}:[a-z]{1,20}(?:-cancel)?)=([0-9,]{1,4000}) -->/;

/**
 * The app's own refusal replies by key, oldest first within a key (several exist only when two replicas raced;
 * {@link planRefusals} merges them). Comments by anyone else, other bots included, are ignored.
 */
export function findRefusalReplies(comments: readonly MarkedComment[]): Map<string, RefusalReply[]> {
  const out = new Map<string, RefusalReply[]>();
  for (const c of comments) {
    if (c.user.type !== "Bot" || c.mine !== true || !c.body.startsWith(PREFIX)) continue;
    const match = MARKER.exec(c.body);
    if (!match) continue;
    const ids = (match[2] ?? "").split(",").map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    const list = out.get(match[1] as string) ?? [];
    list.push({ id: c.id, ids });
    out.set(match[1] as string, list.sort((a, b) => a.id - b.id));
  }
  return out;
}

/**
 * What to write so every refusal in `refused` is answered by the one reply of its person and kind: nothing for
 * refusals already answered, an edit adding the new comment ids, or a new reply; duplicates left by racing replicas
 * are merged into the oldest and deleted. `formatCommand` names the command in the reason already.
 */
export function planRefusals(existing: ReadonlyMap<string, readonly RefusalReply[]>, refused: readonly Refusal[]): RefusalWrite[] {
  const byKey = new Map<string, Refusal[]>();
  for (const r of refused) {
    const key = refusalKey(r.actor, r.verb, r.cancel);
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const writes: RefusalWrite[] = [];
  for (const [key, list] of existing) {
    if (list.length > 1 && !byKey.has(key)) byKey.set(key, []);
  }
  for (const [key, list] of byKey) {
    const replies = existing.get(key) ?? [];
    const [kept, ...duplicates] = replies;
    const merged: RefusalReply | undefined = kept ? { id: kept.id, ids: [...new Set(replies.flatMap((r) => r.ids))].sort((a, b) => a - b) } : undefined;
    const fresh = list.filter((r) => !merged || !answers(merged, r.commentId));
    const last = list.at(-1);
    if (fresh.length === 0 && duplicates.length === 0) continue;
    const ids = [...new Set([...(merged?.ids ?? []), ...fresh.map((r) => r.commentId)])].sort((a, b) => a - b).slice(-MAX_LISTED_IDS);
    const reason = (fresh.at(-1) ?? last)?.reason ?? `${formatCommand(...verbOf(key))} was refused`;
    const body = renderRefusal(key, ids, reason);
    if (merged) writes.push({ kind: "update", key, id: merged.id, body, ids });
    else writes.push({ kind: "create", key, body, ids });
    for (const d of duplicates) writes.push({ kind: "delete", key, id: d.id });
  }
  return writes;
}

function verbOf(key: string): [Verb, boolean] {
  const kind = key.slice(key.indexOf(":") + 1);
  return kind.endsWith("-cancel") ? [kind.slice(0, -"-cancel".length) as Verb, true] : [kind as Verb, false];
}
