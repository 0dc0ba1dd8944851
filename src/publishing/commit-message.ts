/** An issue: repository and number (structurally the reader's `IssueRef`; kept local so the pure planners reach no GitHub module). */
type IssueRef = { owner: string; repo: string; number: number };
import type { OnboardingRequest } from "../types.js";

const REQUEST_TRAILER = "Onboarding-Request";
const DIGEST_TRAILER = "Onboarding-Digest";
const BASE_TRAILER = "Onboarding-Base";

/**
 * The message of the bot's commit. Its trailers name the request and the digest of the rendered files, so the bot
 * can tell its own commits from anyone else's and skip a commit when nothing changed.
 */
export function renderCommitMessage(request: OnboardingRequest, ref: IssueRef, digest: string, baseSha: string): string {
  const subject = `Onboard team ${request.team}: ${request.namespaces.join(", ")}`.slice(0, 72);
  return [
    subject,
    "",
    `Namespaces ${request.namespaces.join(", ")} on ${request.clusters.join(", ")} for group ${request.team}.`,
    "",
    `${REQUEST_TRAILER}: ${ref.owner}/${ref.repo}#${ref.number}`,
    `${DIGEST_TRAILER}: ${digest}`,
    `${BASE_TRAILER}: ${baseSha}`,
  ].join("\n");
}

/** Reads the trailers back from a commit message. */
export function parseCommitTrailers(message: string): { request?: string; digest?: string; base?: string } {
  const out: { request?: string; digest?: string; base?: string } = {};
  for (const line of message.split("\n")) {
    if (line.startsWith(`${REQUEST_TRAILER}: `)) out.request = line.slice(REQUEST_TRAILER.length + 2).trim();
    if (line.startsWith(`${DIGEST_TRAILER}: `)) out.digest = line.slice(DIGEST_TRAILER.length + 2).trim();
    if (line.startsWith(`${BASE_TRAILER}: `)) out.base = line.slice(BASE_TRAILER.length + 2).trim();
  }
  return out;
}
