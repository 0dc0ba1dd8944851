import { createHash } from "node:crypto";
import type { OnboardingRequest } from "../types.js";

/**
 * The ledger: the bot's own record of the commits it created on a request's branch, kept as the last line of the
 * request's status comment (a comment only the app itself can write, found by marker AND by the app's own login).
 *
 * It is the only source of "this commit is the bot's": commit messages, trailers, signatures and author names are
 * public or chosen by whoever pushes, so none of them is trusted. A branch head is the bot's when its sha is in the
 * ledger, or when its tree and parents are exactly those of a ledger entry (the same content on the same history: a
 * racing replica's identical commit, or an update's commit recorded before the branch moved to it). A new branch's
 * commit is recorded right after the mutation that made it; a crash in between is recovered by adoption (see
 * `publishRequest`: exactly the bot's rendering on exactly the base).
 *
 * Each entry also records the tenant digest (what an approval is for) and the time GitHub gave the commit, which is
 * the moment approvals given on earlier content stop counting.
 */
export interface LedgerEntry {
  /** The commit the bot created. */
  sha: string;
  /** Its tree. */
  tree: string;
  /** Its parents, in order. */
  parents: string[];
  /** The base branch commit the rendering was made on. */
  base: string;
  /** Digest of every file the commit wrote (decides whether a new commit is needed). */
  digest: string;
  /** Digest of the tenant's own content: what an approval is given for (survives merging the base branch in). */
  tenantDigest: string;
  /** The commit's time as GitHub reported it when the bot created it (ISO 8601). */
  at: string;
  /** A short hash of each request field, to say which fields changed between two tenant digests. */
  fields: Record<string, string>;
}

const PREFIX = "<!-- onboarding-bot:ledger ";
const SUFFIX = " -->";
/** Entries kept; the oldest entry of the newest tenant digest is always kept (it dates the last reset). */
export const MAX_LEDGER_ENTRIES = 8;
const SHA = /^[0-9a-f]{40}$/;
const HEX = /^[0-9a-f]{1,64}$/;

/** The request fields a change is reported by, with how each reads in the pull request status. */
export const FIELD_NAMES: Readonly<Record<string, string>> = {
  team: "team",
  namespaces: "namespaces",
  clusters: "clusters",
  owner: "owner",
  members: "members",
  quota: "quota",
  metadata: "description, display name or documentation link",
};

function shortHash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value) ?? "").digest("hex").slice(0, 8);
}

/** A short hash of each field of a request, for {@link changedFields}. */
export function requestFingerprint(request: OnboardingRequest): Record<string, string> {
  return {
    team: shortHash(request.team),
    namespaces: shortHash(request.namespaces),
    clusters: shortHash([...request.clusters].sort()),
    owner: shortHash(request.owner.toLowerCase()),
    members: shortHash(request.members.map((m) => m.toLowerCase()).sort()),
    quota: shortHash([request.quotaTier, request.customQuota ?? null, request.namespaceTiers ?? null]),
    metadata: shortHash([request.description, request.displayName ?? null, request.docsUrl ?? null]),
  };
}

/** The fields (in words) whose hashes differ between two fingerprints. */
export function changedFields(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(FIELD_NAMES).filter((k) => before[k] !== after[k]).map((k) => FIELD_NAMES[k] as string);
}

function isEntry(value: unknown): value is LedgerEntry {
  if (typeof value !== "object" || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.sha === "string" &&
    SHA.test(e.sha) &&
    typeof e.tree === "string" &&
    SHA.test(e.tree) &&
    Array.isArray(e.parents) &&
    e.parents.every((p) => typeof p === "string" && SHA.test(p)) &&
    typeof e.base === "string" &&
    SHA.test(e.base) &&
    typeof e.digest === "string" &&
    HEX.test(e.digest) &&
    typeof e.tenantDigest === "string" &&
    HEX.test(e.tenantDigest) &&
    typeof e.at === "string" &&
    !Number.isNaN(Date.parse(e.at)) &&
    typeof e.fields === "object" &&
    e.fields !== null &&
    Object.values(e.fields).every((v) => typeof v === "string" && HEX.test(v))
  );
}

/** The ledger line (to end a status comment with); empty when there is nothing to record. */
export function renderLedger(entries: readonly LedgerEntry[]): string {
  if (entries.length === 0) return "";
  // Every value is hex, an ISO time or a fixed key, so the JSON can never close the HTML comment.
  const json = JSON.stringify({ v: 1, entries });
  if (json.includes("--")) throw new Error("ledger: an entry holds '--', which cannot sit inside an HTML comment");
  return `${PREFIX}${json}${SUFFIX}`;
}

/**
 * The entries recorded in a status comment body (its last line, where the bot writes them); empty when there is
 * none or it does not read back exactly. The caller must only pass a body the app itself wrote.
 */
export function parseLedger(body: string): LedgerEntry[] {
  const last = body.slice(body.lastIndexOf("\n") + 1);
  if (!last.startsWith(PREFIX) || !last.endsWith(SUFFIX)) return [];
  try {
    const value = JSON.parse(last.slice(PREFIX.length, last.length - SUFFIX.length)) as { v?: unknown; entries?: unknown };
    if (value.v !== 1 || !Array.isArray(value.entries)) return [];
    return value.entries.filter(isEntry).map((e) => ({ ...e, parents: [...e.parents], fields: { ...e.fields } }));
  } catch {
    return [];
  }
}

/** `body` without its ledger line. */
export function withoutLedger(body: string): string {
  const cut = body.lastIndexOf("\n");
  const last = body.slice(cut + 1);
  return last.startsWith(PREFIX) ? body.slice(0, Math.max(cut, 0)) : body;
}

/** `body` ending with the ledger line of `entries` (replacing any it had). */
export function withLedger(body: string, entries: readonly LedgerEntry[]): string {
  const text = withoutLedger(body);
  const line = renderLedger(entries);
  return line === "" ? text : `${text}\n${line}`;
}

/**
 * `ledger` with `entry` appended (an entry with the same sha replaces the older one), cut to
 * {@link MAX_LEDGER_ENTRIES}: the newest entries are kept, and so is the oldest entry of the newest tenant digest,
 * which dates the moment earlier approvals stopped counting.
 */
export function appendEntry(ledger: readonly LedgerEntry[], entry: LedgerEntry): LedgerEntry[] {
  const all = [...ledger.filter((e) => e.sha !== entry.sha), entry];
  if (all.length <= MAX_LEDGER_ENTRIES) return all;
  const runStart = contentRunStart(all);
  const kept = all.slice(all.length - (MAX_LEDGER_ENTRIES - 1));
  const first = all[runStart];
  return first && !kept.includes(first) ? [first, ...kept] : all.slice(all.length - MAX_LEDGER_ENTRIES);
}

/**
 * The entries of two ledgers of the same request as one (two status comments that raced, see `mergeStatusBodies`):
 * every commit either records, in the order they were recorded. A commit both record keeps the later time, so
 * approvals count from the later of the two (an adoption records the time of adoption).
 */
export function mergeLedgers(a: readonly LedgerEntry[], b: readonly LedgerEntry[]): LedgerEntry[] {
  const bySha = new Map<string, LedgerEntry>();
  for (const entry of [...a, ...b]) {
    const seen = bySha.get(entry.sha);
    if (!seen || Date.parse(entry.at) > Date.parse(seen.at)) bySha.set(entry.sha, entry);
  }
  const ordered = [...bySha.values()].sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
  return ordered.reduce<LedgerEntry[]>((ledger, entry) => appendEntry(ledger, entry), []);
}

/** Index of the first entry of the newest run of entries that share the newest tenant digest. */
function contentRunStart(entries: readonly LedgerEntry[]): number {
  const last = entries[entries.length - 1];
  let i = entries.length - 1;
  while (i > 0 && entries[i - 1]?.tenantDigest === last?.tenantDigest) i--;
  return i;
}

/** A head commit as far as it is known: its sha, and when read, its tree and parents. */
export interface HeadCommit {
  sha: string;
  tree?: string;
  parents?: readonly string[];
}

/** The ledger entry that vouches for `head`: same sha, or exactly the same tree and parents; else undefined. */
export function trustedEntry(ledger: readonly LedgerEntry[], head: HeadCommit): LedgerEntry | undefined {
  const bySha = ledger.find((e) => e.sha === head.sha);
  if (bySha) return bySha;
  if (head.tree === undefined || head.parents === undefined) return undefined;
  const parents = head.parents;
  return ledger.find((e) => e.tree === head.tree && e.parents.length === parents.length && e.parents.every((p, i) => p === parents[i]));
}

/** What the approval gate needs to know about the content a pull request's head carries. */
export interface ContentEpoch {
  /** The tenant digest of the head. */
  tenantDigest: string;
  /** When the bot first published this tenant content (after different content): earlier grants do not count. */
  since: string;
  /** Shas of the bot's commits in this epoch (a review made on any of them is for this content). */
  commits: Set<string>;
  /** Fields that changed from the content before, when there was one. */
  changed: string[];
}

/**
 * The content epoch of the entry that vouches for the head: since when the bot has published this tenant digest
 * without interruption, which of its commits carry it, and which request fields changed from the previous content.
 */
export function contentEpoch(ledger: readonly LedgerEntry[], head: LedgerEntry): ContentEpoch {
  const index = ledger.findIndex((e) => e.sha === head.sha);
  const upTo = index < 0 ? [...ledger, head] : ledger.slice(0, index + 1);
  const start = contentRunStart(upTo);
  const first = upTo[start] ?? head;
  const previous = start > 0 ? upTo[start - 1] : undefined;
  return {
    tenantDigest: head.tenantDigest,
    since: first.at,
    commits: new Set(upTo.slice(start).map((e) => e.sha)),
    changed: previous ? changedFields(previous.fields, first.fields) : [],
  };
}
