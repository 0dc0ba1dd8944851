/** An issue: repository and number (structurally the reader's `IssueRef`; kept local so the pure planners reach no GitHub module). */
type IssueRef = { owner: string; repo: string; number: number };
import type { FileChange, OnboardingRequest } from "../types.js";
import { boundComment, MAX_COMMENT_CHARS } from "../status/bound-comment.js";
import { codeFence, inlineCode } from "../util/code-fence.js";
import { renderRequestMarker } from "./request-marker.js";

/** GitHub refuses pull request bodies over 65,536 characters; stay well below. */
export const MAX_BODY_CHARS = MAX_COMMENT_CHARS;

export interface PullBodyInput {
  request: OnboardingRequest;
  ref: IssueRef;
  requestUrl: string;
  files: readonly FileChange[];
  createdPaths: readonly string[];
  editedPaths: readonly string[];
  teamReused: boolean;
  digest: string;
  closingKeyword: boolean;
}

/** Title of an onboarding pull request: team, namespaces, clusters (all validated names). */
export function renderPullTitle(request: OnboardingRequest): string {
  const title = `Onboard ${request.team}: ${request.namespaces.join(", ")} on ${request.clusters.join(", ")}`;
  return title.length > 250 ? `${title.slice(0, 247)}...` : title;
}

function quotaText(request: OnboardingRequest): string {
  if (request.quotaTier === "custom" && request.customQuota) {
    const q = request.customQuota;
    return `custom: ${inlineCode(`cpu ${q.cpu}`)}, ${inlineCode(`memory ${q.memory}`)}, ${inlineCode(`storage ${q.storage}`)}`;
  }
  return inlineCode(request.quotaTier);
}

/**
 * The opening lines of every pull request the bot opens (onboarding and change requests): the hidden request marker
 * (events on the pull request find the request by it), `heading`, the link back to the request and, with
 * `closingKeyword`, `Closes owner/repo#n`.
 */
export function pullBodyIntro(heading: string, input: { ref: IssueRef; requestUrl: string; digest: string; closingKeyword: boolean }): string[] {
  const { ref } = input;
  const requestRef = `${ref.owner}/${ref.repo}#${ref.number}`;
  return [
    renderRequestMarker({ owner: ref.owner, repo: ref.repo, number: ref.number, digest: input.digest }),
    heading,
    "",
    `This pull request was opened by onboarding-bot for the request ${requestRef} (${input.requestUrl}). ` +
      "It is regenerated from the request: edit the request issue, not this branch.",
    ...(input.closingKeyword ? ["", `Closes ${requestRef}`] : []),
  ];
}

/** The last line of every pull request body: how maintainers steer it. */
export const PULL_BODY_TAIL = "Maintainers steer this pull request with `/lgtm`, `/approve`, `/hold` and `/hold cancel`; comment `/help` for the full list.";

/**
 * Body of an onboarding pull request: summary table, link back to the request, file list and the rendered files
 * collapsed, and the hidden marker with the request and digest. Logins are shown as code, not mentions, so a PR
 * does not ping every member. Every value in it was validated (names, logins) or is fenced (file contents).
 */
export function renderPullBody(input: PullBodyInput): string {
  const { request } = input;
  const created = new Set(input.createdPaths);
  const head = [
    ...pullBodyIntro(`## Onboarding: team ${inlineCode(request.team)}`, input),
    "",
    "| | |",
    "|---|---|",
    `| Team (group) | ${inlineCode(request.team)}${input.teamReused ? " (existing, reused)" : " (new)"} |`,
    `| Namespaces | ${request.namespaces.map(inlineCode).join(", ")} |`,
    `| Clusters | ${request.clusters.map(inlineCode).join(", ")} |`,
    `| Quota | ${quotaText(request)} |`,
    `| Owner | ${inlineCode(request.owner)} |`,
    `| Members | ${request.members.map(inlineCode).join(", ")} |`,
    "",
    "### Files",
    "",
  ];
  const fileList = input.files.map((f) => `- ${inlineCode(f.path)} (${created.has(f.path) ? "new" : "edited"})`);
  const manifests = [
    "<details><summary>Rendered files</summary>",
    "",
    ...input.files.flatMap((f) => [`#### ${inlineCode(f.path)}`, "", codeFence(f.content, "yaml"), ""]),
    "</details>",
    "",
  ];
  const tail = [PULL_BODY_TAIL];
  const full = [...head, ...fileList, "", ...manifests, ...tail].join("\n");
  if (full.length <= MAX_BODY_CHARS) return full;
  // Too large: drop the rendered files, and keep of the file list what fits (a huge file set must not overflow it).
  const note = ["_The rendered files are too large to show here; see the Files tab._", ""];
  const more = (n: number) => `- ... and ${n} more file${n === 1 ? "" : "s"} (see the Files tab)`;
  return boundComment([...head, { lines: fileList, more }, "", ...note, ...tail], MAX_BODY_CHARS);
}
