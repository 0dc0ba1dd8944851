import { createHash } from "node:crypto";
import type { IssueRef } from "../github/repo-ref.js";
import { PULL_BODY_TAIL, pullBodyIntro } from "../publishing/pr-body.js";
import type { ChangeRequest } from "../rendering/changes/change-request.js";
import type { ChangeSummary } from "../rendering/changes/change-types.js";
import { boundComment, MAX_COMMENT_CHARS } from "../status/bound-comment.js";
import { escapeMarkdown } from "../status/escape-markdown.js";
import type { FileChange } from "../types.js";
import { codeFence, inlineCode } from "../util/code-fence.js";
import { CHANGE_KIND_INFO } from "./request-kinds.js";

/** One row of a change's table (pull request body, status comment): a label and a plain value. */
export type ChangeRow = [label: string, value: string];

function list(values: readonly string[] | undefined): string {
  return (values ?? []).join(", ");
}

/** What a change request asks for, as rows (every value was checked against the request's shape). */
export function changeRows(change: ChangeRequest): ChangeRow[] {
  const rows: ChangeRow[] = [["Team", change.request.team]];
  switch (change.kind) {
    case "members":
      if (change.request.add?.length) rows.push(["Members to add", list(change.request.add)]);
      if (change.request.remove?.length) rows.push(["Members to remove", list(change.request.remove)]);
      break;
    case "quota": {
      const q = change.request.customQuota;
      rows.push(["Namespace", change.request.namespace], ["Quota", q ? `custom: ${q.cpu} CPU, ${q.memory} memory, ${q.storage} storage` : change.request.tier]);
      break;
    }
    case "namespace":
      rows.push(["New namespace", change.request.namespace], ["Clusters", list(change.request.clusters)], ["Quota", change.request.tier], ["Owner", change.request.owner]);
      break;
    case "cluster":
      rows.push(["Namespace", change.request.namespace]);
      if (change.request.add?.length) rows.push(["Clusters to add", list(change.request.add)]);
      if (change.request.remove?.length) rows.push(["Clusters to remove", list(change.request.remove)]);
      break;
    case "offboard":
      rows.push(["Namespace", change.request.namespace], ["Clusters to leave", list(change.request.clusters)]);
      break;
  }
  return rows;
}

function addRemove(add: readonly string[] | undefined, remove: readonly string[] | undefined): string {
  return [...(add?.length ? [`add ${list(add)}`] : []), ...(remove?.length ? [`remove ${list(remove)}`] : [])].join("; ");
}

/** The title of a change request's pull request. */
export function changeTitle(change: ChangeRequest): string {
  let title: string;
  switch (change.kind) {
    case "members":
      title = `Members of ${change.request.team}: ${addRemove(change.request.add, change.request.remove)}`;
      break;
    case "quota":
      title = `Quota of ${change.request.namespace}: ${change.request.tier}`;
      break;
    case "namespace":
      title = `Namespace ${change.request.namespace} for ${change.request.team} on ${list(change.request.clusters)}`;
      break;
    case "cluster":
      title = `Clusters of ${change.request.namespace}: ${addRemove(change.request.add, change.request.remove)}`;
      break;
    case "offboard":
      title = `Offboard ${change.request.namespace} of ${change.request.team} from ${list(change.request.clusters)}`;
      break;
  }
  return title.length > 250 ? `${title.slice(0, 247)}...` : title;
}

function shortHash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value) ?? "").digest("hex").slice(0, 8);
}

/**
 * A short hash of each part of a change, under the ledger's field names (`team`, `namespaces`, `clusters`, `members`,
 * `quota`, `owner`, `metadata`), so the pull request status says which part changed when approvals are reset.
 */
export function changeFingerprint(change: ChangeRequest): Record<string, string> {
  const r = change.request as Record<string, unknown>;
  const lower = (v: unknown): unknown => (Array.isArray(v) ? v.map((s) => String(s).toLowerCase()).sort() : v);
  const fields: Record<string, string> = { team: shortHash(r.team) };
  if (r.namespace !== undefined) fields.namespaces = shortHash(r.namespace);
  if (change.kind === "members") fields.members = shortHash([lower(r.add ?? []), lower(r.remove ?? [])]);
  if (change.kind === "cluster") fields.clusters = shortHash([lower(r.add ?? []), lower(r.remove ?? [])]);
  if (change.kind === "namespace" || change.kind === "offboard") fields.clusters = shortHash(lower(r.clusters));
  if (change.kind === "quota" || change.kind === "namespace") fields.quota = shortHash([r.tier, r.customQuota ?? null]);
  if (change.kind === "namespace") {
    fields.owner = shortHash(String(r.owner).toLowerCase());
    fields.metadata = shortHash([r.description, r.displayName ?? null, r.docsUrl ?? null]);
  }
  return fields;
}

/** The message of the bot's commit for a change: what it does, and the request and digest as trailers. */
export function changeCommitMessage(change: ChangeRequest, ref: IssueRef, digest: string, baseSha: string): string {
  return [
    changeTitle(change).slice(0, 72),
    "",
    `${CHANGE_KIND_INFO[change.kind].name} request for team ${change.request.team}.`,
    "",
    `Onboarding-Request: ${ref.owner}/${ref.repo}#${ref.number}`,
    `Onboarding-Digest: ${digest}`,
    `Onboarding-Base: ${baseSha}`,
  ].join("\n");
}

/** Everything the body of a change's pull request says. */
export interface ChangeBodyInput {
  change: ChangeRequest;
  ref: IssueRef;
  requestUrl: string;
  files: readonly FileChange[];
  deletions: readonly string[];
  summary: ChangeSummary;
  digest: string;
  closingKeyword: boolean;
}

/**
 * The body of a change's pull request: the request marker (so events on it find the request), what is asked, what
 * the change does (for offboarding: what each cluster loses and whether ArgoCD prunes it), the files it creates,
 * edits and deletes, and the rendered files collapsed. Lines from the renderer are escaped (they quote repository
 * paths); names and logins were checked. Bounded to what GitHub accepts.
 */
export function changePullBody(input: ChangeBodyInput): string {
  const { change } = input;
  const info = CHANGE_KIND_INFO[change.kind];
  const created = new Set(input.summary.createdPaths);
  const head = [
    ...pullBodyIntro(`## ${info.name} request: team ${inlineCode(change.request.team)}`, input),
    "",
    "| | |",
    "|---|---|",
    ...changeRows(change).map(([label, value]) => `| ${label} | ${inlineCode(value)} |`),
    "",
    "### What this changes",
    "",
  ];
  const lines = input.summary.lines.map((l) => `- ${escapeMarkdown(l, { maxLength: 600 })}`);
  const files = [
    ...input.files.map((f) => `- ${inlineCode(f.path)} (${created.has(f.path) ? "new" : "edited"})`),
    ...input.deletions.map((p) => `- ${inlineCode(p)} (deleted)`),
  ];
  const manifests = ["<details><summary>Rendered files</summary>", "", ...input.files.flatMap((f) => [`#### ${inlineCode(f.path)}`, "", codeFence(f.content, "yaml"), ""]), "</details>", ""];
  const tail = [PULL_BODY_TAIL];
  const more = (what: string) => (n: number) => `- ... and ${n} more ${what}`;
  const full = [...head, ...lines, "", "### Files", "", ...files, "", ...manifests, ...tail].join("\n");
  if (full.length <= MAX_COMMENT_CHARS) return full;
  return boundComment([...head, { lines, more: more("effects") }, "", "### Files", "", { lines: files, more: more("files (see the Files tab)") }, "", "_The rendered files are too large to show here; see the Files tab._", "", ...tail]);
}
