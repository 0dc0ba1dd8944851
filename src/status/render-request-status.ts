import type { ConfigProblem } from "../config/parse-config.js";
import { CUSTOM_TIER, fieldLabel } from "../intake/fields.js";
import type { Notice, OnboardingRequest, Problem } from "../types.js";
import { codeFence } from "../util/code-fence.js";
import { boundComment, moreItems, type CommentPart } from "./bound-comment.js";
import { escapeMarkdown, escapeTableCell } from "./escape-markdown.js";
import { STATUS_MARKER } from "./markers.js";

/** The pull request a status refers to. `held`: open, but blocked until the request is fixed. */
export interface StatusPullRequest {
  number: number;
  url: string;
  state?: "open" | "held" | "merged" | "closed";
}

/** What rendering wrote (structurally the renderer's summary; every property optional). */
export interface StatusSummary {
  createdPaths?: readonly string[];
  editedPaths?: readonly string[];
  teamReused?: boolean;
  /** Files a change request deletes (offboarding). */
  deletedPaths?: readonly string[];
}

/** What a change request (members, quota, namespace, cluster, offboarding; `src/requests/`) asks for and does. */
export interface StatusChange {
  /** The kind's name, e.g. "Members". */
  name: string;
  /** What is asked, as label and value. */
  rows: ReadonlyArray<readonly [string, string]>;
  /** What the change does, one effect per line. */
  lines: readonly string[];
}

/** Everything the status comment can say; one variant per state of a request. */
export type RequestStatusInput =
  | { kind: "invalid"; problems: readonly Problem[]; notices?: readonly Notice[]; pullRequest?: StatusPullRequest }
  | {
      kind: "valid";
      /** The onboarding request; a change request gives `change` instead. */
      request?: OnboardingRequest;
      change?: StatusChange;
      notices?: readonly Notice[];
      summary?: StatusSummary;
      pullRequest?: StatusPullRequest;
      /** Unified diff of what the pull request would change, shown in dry-run mode. */
      dryRunDiff?: string;
      /** `owner/name` of the GitOps repository. */
      repository?: string;
    }
  | { kind: "config-error"; problems: readonly ConfigProblem[]; configPath?: string }
  | { kind: "internal-error"; errorId: string }
  | {
      kind: "completed";
      pullRequest: StatusPullRequest;
      request?: OnboardingRequest;
      /** A change request's kind (for the heading) and effects. */
      change?: StatusChange;
      summary?: StatusSummary;
      repository?: string;
    }
  | { kind: "rejected"; pullRequest: StatusPullRequest; reason?: string }
  | { kind: "blocked"; reason: string; pullRequest?: StatusPullRequest };

const FOOTER = "<sub>onboarding-bot edits this comment whenever the issue is edited; there is no need to comment.</sub>";
const MAX_PROBLEMS = 50;
const MAX_NOTICES = 30;
const MAX_MESSAGE = 500;
const MAX_DIFF = 40_000;
const MAX_PATHS = 100;

function text(value: string, maxLength = MAX_MESSAGE): string {
  return escapeMarkdown(value, { maxLength });
}

/**
 * A value as inline code: code spans show their content literally (no Markdown, HTML, mention or link), so only
 * a backtick, a line break or an invisible character needs care; such a value is escaped as text instead.
 */
function code(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (value.length > 200 || /[`\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/.test(value)) {
    return escapeMarkdown(value, { maxLength: 200 });
  }
  return `\`${value}\``;
}

function pullLink(pr: StatusPullRequest): string {
  const number = Number.isSafeInteger(pr.number) && pr.number > 0 ? pr.number : 0;
  const safe = /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?\/[A-Za-z0-9._~/%-]*$/.test(pr.url);
  return safe ? `[#${number}](${pr.url})` : `pull request ${number}`;
}

function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The problems as list items, at most {@link MAX_PROBLEMS} of them escaped (the count bounds the work before any
 * escaping); the comment keeps as many as fit and says how many more there are.
 */
function problemList(problems: readonly Problem[]): CommentPart {
  const unique = dedupe(problems);
  const lines = unique.slice(0, MAX_PROBLEMS).map((p) => {
    const expected = p.expected ? ` — ${text(p.expected)}` : "";
    return `- **${text(p.label || fieldLabel(p.field), 100)}**: ${text(p.message)}${expected}`;
  });
  return { lines, total: unique.length, more: moreItems("problem") };
}

function noticeSection(notices: readonly Notice[] | undefined): CommentPart[] {
  if (!notices || notices.length === 0) return [];
  const lines = notices.slice(0, MAX_NOTICES).map((n) => `- **${text(n.label || fieldLabel(n.field), 100)}**: ${text(n.message)}`);
  return ["**Good to know**", "", { lines, total: notices.length, more: moreItems("notice") }];
}

function quotaText(request: OnboardingRequest): string {
  if (request.quotaTier === CUSTOM_TIER && request.customQuota) {
    const q = request.customQuota;
    return `custom: ${q.cpu} CPU, ${q.memory} memory, ${q.storage} storage`;
  }
  return request.quotaTier;
}

function summaryTable(request: OnboardingRequest): string {
  const rows: Array<[string, string, number?]> = [
    [fieldLabel("team"), request.team],
    [fieldLabel("namespaces"), request.namespaces.join(", "), 2000],
    [fieldLabel("clusters"), request.clusters.join(", "), 2000],
    [fieldLabel("quota_tier"), quotaText(request)],
    [fieldLabel("owner"), request.owner],
    [fieldLabel("members"), request.members.join(", "), 4000],
  ];
  if (request.displayName) rows.push([fieldLabel("display_name"), request.displayName]);
  if (request.docsUrl) rows.push([fieldLabel("docs_url"), request.docsUrl]);
  rows.push([fieldLabel("description"), request.description, 300]);
  return ["| | |", "|---|---|", ...rows.map(([label, value, max]) => `| ${escapeTableCell(label)} | ${escapeTableCell(value, max)} |`)].join(
    "\n",
  );
}

function changeTable(change: StatusChange): string {
  return ["| | |", "|---|---|", ...change.rows.map(([label, value]) => `| ${escapeTableCell(label)} | ${escapeTableCell(value, 2000)} |`)].join("\n");
}

function effectList(change: StatusChange | undefined): CommentPart[] {
  if (!change || change.lines.length === 0) return [];
  return ["**What it changes**", "", { lines: change.lines.slice(0, MAX_PATHS).map((l) => `- ${text(l)}`), total: change.lines.length, more: moreItems("effect") }];
}

function pathList(title: string, paths: readonly string[] | undefined): CommentPart[] {
  if (!paths || paths.length === 0) return [];
  const shown = paths.slice(0, MAX_PATHS).map((p) => `- ${code(p)}`);
  return [`<details><summary>${title} (${paths.length})</summary>`, "", { lines: shown, total: paths.length, more: moreItems("file") }, "", "</details>"];
}

function diffBlock(diff: string): string[] {
  // eslint-disable-next-line no-control-regex
  let clean = diff.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
  let note = "";
  if (clean.length > MAX_DIFF) {
    const cut = clean.lastIndexOf("\n", MAX_DIFF);
    clean = clean.slice(0, cut > 0 ? cut : MAX_DIFF);
    note = "\n\nThe diff is cut short here; the rest is too long for a comment.";
  }
  return ["<details><summary>What the pull request would change</summary>", "", codeFence(clean, "diff") + note, "", "</details>"];
}

function renderInvalid(input: Extract<RequestStatusInput, { kind: "invalid" }>): CommentPart[] {
  // Problems of the GitOps repository or the configuration are the maintainers' to fix, never the requester's.
  const mine = input.problems.filter((p) => p.audience !== "maintainers");
  const theirs = input.problems.filter((p) => p.audience === "maintainers");
  const count = dedupe(mine).length;
  const out: CommentPart[] = ["### ❌ The request needs changes", ""];
  if (mine.length > 0) {
    out.push(
      `I found ${count === 1 ? "one problem" : `${count} problems`}. Edit the issue to fix ${count === 1 ? "it" : "them"}: I check the request again and update this comment.`,
      "",
      problemList(mine),
    );
  }
  if (theirs.length > 0) {
    if (mine.length > 0) out.push("");
    out.push(
      "**For maintainers:** the GitOps repository or the bot's configuration has a problem that stops this request; the request itself may be fine. Once it is fixed, comment `/retry` or edit the issue.",
      "",
      problemList(theirs),
    );
  }
  if (input.pullRequest && input.pullRequest.state !== "closed" && input.pullRequest.state !== "merged") {
    out.push("", `The pull request ${pullLink(input.pullRequest)} is on hold until the request is valid again.`);
  }
  const notices = noticeSection(input.notices);
  if (notices.length > 0) out.push("", ...notices);
  return out;
}

function renderValid(input: Extract<RequestStatusInput, { kind: "valid" }>): CommentPart[] {
  const table = input.change ? changeTable(input.change) : input.request ? summaryTable(input.request) : "";
  const out: CommentPart[] = ["### ✅ The request is valid", "", table];
  const effects = effectList(input.change);
  if (effects.length > 0) out.push("", ...effects);
  const notices = noticeSection(input.notices);
  if (notices.length > 0) out.push("", ...notices);
  const repo = input.repository ? ` in ${code(input.repository)}` : "";
  out.push("", "**What happens next**", "");
  const pr = input.pullRequest;
  if (pr && pr.state === "held") {
    out.push(`The pull request ${pullLink(pr)}${repo} is on hold; a maintainer has to release it before it can merge.`);
  } else if (pr) {
    out.push(
      `I opened the pull request ${pullLink(pr)}${repo}. An approver reviews it and comments \`/approve\`; I merge it then, and ${input.change ? "the clusters get the change" : "the namespaces are created"} when the clusters sync the change. I update this comment when that happens.`,
    );
  } else if (input.dryRunDiff !== undefined) {
    out.push("Dry run: nothing was written to the GitOps repository. This is what the pull request would change.");
    out.push("", ...diffBlock(input.dryRunDiff));
  } else {
    out.push(`I am preparing the pull request${repo}; this comment links it once it is open.`);
  }
  if (input.summary) {
    const files = [...pathList("Files to create", input.summary.createdPaths), ...pathList("Files to edit", input.summary.editedPaths), ...pathList("Files to delete", input.summary.deletedPaths)];
    if (files.length > 0) out.push("", ...files);
  }
  return out;
}

function renderConfigError(input: Extract<RequestStatusInput, { kind: "config-error" }>): CommentPart[] {
  const path = input.configPath ?? ".github/onboarding-bot.yml";
  const lines = input.problems.slice(0, MAX_PROBLEMS).map((p) => `- ${code(p.key)}: ${text(p.message)}`);
  return [
    "### ⚠️ onboarding-bot is not configured correctly",
    "",
    `This is not a problem with your request. The bot's configuration (${code(path)}) is invalid, so no request can be processed until a maintainer fixes it; I check this request again after that.`,
    "",
    "**For the maintainers**: the configuration has these problems:",
    "",
    { lines, total: input.problems.length, more: moreItems("problem") },
  ];
}

function renderInternalError(input: Extract<RequestStatusInput, { kind: "internal-error" }>): string[] {
  const id = /^[A-Za-z0-9_-]{1,64}$/.test(input.errorId) ? input.errorId : "unknown";
  return [
    "### ⚠️ Something went wrong on my side",
    "",
    "Your request is safe: nothing was half-written to the GitOps repository. The maintainers were notified through the logs, and the request will be retried automatically.",
    "",
    `Error id for the maintainers: \`${id}\``,
  ];
}

function renderCompleted(input: Extract<RequestStatusInput, { kind: "completed" }>): CommentPart[] {
  const repo = input.repository ? ` into ${code(input.repository)}` : "";
  const heading = input.change ? `### 🎉 ${text(input.change.name, 50)} request complete` : "### 🎉 Onboarding complete";
  const out: CommentPart[] = [heading, "", `The pull request ${pullLink(input.pullRequest)} merged${repo}.`];
  const effects = effectList(input.change);
  if (effects.length > 0) out.push("", ...effects);
  const r = input.request;
  if (r) {
    const team = input.summary?.teamReused ? `the existing team ${code(r.team)} was reused` : `the team ${code(r.team)} was created`;
    out.push(
      "",
      `The namespaces ${r.namespaces.map(code).join(", ")} were added to the clusters ${r.clusters.map(code).join(", ")}, and ${team} with ${r.members.length === 1 ? "one member" : `${r.members.length} members`}. They appear on the clusters once the clusters sync the change.`,
    );
  }
  if (input.summary) out.push("", ...pathList("Files created", input.summary.createdPaths), ...pathList("Files edited", input.summary.editedPaths), ...pathList("Files deleted", input.summary.deletedPaths));
  return out;
}

function renderRejected(input: Extract<RequestStatusInput, { kind: "rejected" }>): string[] {
  const reason = input.reason ? text(input.reason) : "No reason was given.";
  return [
    "### The pull request was closed without merging",
    "",
    `The pull request ${pullLink(input.pullRequest)} was closed, so nothing was created.`,
    "",
    `> ${reason}`,
    "",
    "To try again, edit the issue and comment `/retry`.",
  ];
}

function renderBlocked(input: Extract<RequestStatusInput, { kind: "blocked" }>): CommentPart[] {
  const out: CommentPart[] = ["### ⏸️ The request is blocked", "", `${text(input.reason)}.`];
  if (input.pullRequest) out.push("", `Pull request: ${pullLink(input.pullRequest)}`);
  return out;
}

function renderBody(input: RequestStatusInput): CommentPart[] {
  switch (input.kind) {
    case "invalid":
      return renderInvalid(input);
    case "valid":
      return renderValid(input);
    case "config-error":
      return renderConfigError(input);
    case "internal-error":
      return renderInternalError(input);
    case "completed":
      return renderCompleted(input);
    case "rejected":
      return renderRejected(input);
    case "blocked":
      return renderBlocked(input);
  }
}

/**
 * The status comment of a request issue: it starts with {@link STATUS_MARKER} (so the bot finds and edits it),
 * states the verdict and what happens next, and ends saying the bot edits it when the issue is edited. Every value
 * that comes from the request, the configuration or a person is escaped. It is never longer than GitHub accepts:
 * lists (problems, notices, files) keep what fits and end with "… and N more problems" (see {@link boundComment}).
 */
export function renderRequestStatus(input: RequestStatusInput): string {
  return boundComment([STATUS_MARKER, ...renderBody(input), "", FOOTER, ""]);
}
