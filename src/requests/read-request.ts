import type { ConfigProblem } from "../config/parse-config.js";
import type { Config } from "../config/schema.js";
import { parseIssueBody, type ParsedIssueBody } from "../intake/parse-issue-body.js";
import type { ChangeKind } from "../rendering/changes/change-request.js";
import { loginsToCheck } from "../validation/check-request.js";
import { readChangeIssue, type ReadChange } from "./read-change-issue.js";
import type { RequestKind } from "./request-kinds.js";

/**
 * A request issue as read before anything is fetched from the GitOps repository, whatever its kind: the logins to
 * look up on GitHub and the clusters whose overlays to read in the first round trip, with the kind's own reading.
 */
export type ReadRequest =
  | { kind: "onboarding"; parsed: ParsedIssueBody; logins: string[]; clusters: string[] }
  | { kind: ChangeKind; read: ReadChange; logins: string[]; clusters: string[] }
  | { kind: ChangeKind; configProblems: ConfigProblem[] };

/** The form path a kind's requests are read with: `intake.form` for onboarding, `requests.<kind>.form` for a change. */
export function formPathOf(config: Config, kind: RequestKind): string | undefined {
  return kind === "onboarding" ? config.intake.form : config.requests[kind].form;
}

/** Reads a request issue's body as its kind's form (`formText`: the cloud's own form, when one is configured). */
export function readRequest(config: Config, kind: RequestKind, body: string, formText?: string): ReadRequest {
  if (kind === "onboarding") {
    const parsed = parseIssueBody(body, config, formText);
    return { kind, parsed, logins: loginsToCheck(parsed.request), clusters: parsed.request.clusters };
  }
  const read = readChangeIssue(config, kind, body, formText);
  if ("configProblems" in read) return { kind, configProblems: read.configProblems };
  return { kind, read, logins: read.logins, clusters: read.clusters };
}

/**
 * The parts of a request that say which paths of the base branch to look up first (`pathsToObserve`): onboarding's
 * request as it is; a change's team, namespace, clusters and tier (the renderers look up the rest as they need it).
 */
export function observedShape(intake: Exclude<ReadRequest, { configProblems: unknown }>): { team: string; namespaces: string[]; clusters: string[]; quotaTier: string } {
  if (intake.kind === "onboarding") return intake.parsed.request;
  const value = intake.read.value;
  const text = (v: unknown): string => (typeof v === "string" ? v : "");
  return { team: text(value.team), namespaces: text(value.namespace) === "" ? [] : [text(value.namespace)], clusters: intake.clusters, quotaTier: text(value.tier) };
}
