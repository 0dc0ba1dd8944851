import { parse } from "yaml";
import { parseOwnersFile } from "../commands/roles.js";
import { provenanceAnnotationKeys, type Config } from "../config/schema.js";
import type { IssueRef } from "../github/repo-ref.js";
import type { FileReader } from "../rendering/feed-files.js";
import { renderProblem } from "../rendering/render-problem.js";
import type { ChangeKind, ChangeRequest } from "../rendering/changes/change-request.js";
import type { ChangeSummary } from "../rendering/changes/change-types.js";
import { listValues } from "../rendering/changes/edit-yaml-list.js";
import { renderChangeWithReader } from "../rendering/changes/render-change.js";
import { namespaceDir, readNamespace, teamDirs } from "../rendering/changes/tenant-lookup.js";
import { GROUP_FILE } from "../rendering/team-objects.js";
import type { FileChange, GitopsSnapshot, Notice, Problem, Provenance } from "../types.js";
import { digestFiles } from "../util/digest.js";
import { withDeletions } from "../publishing/tenant-digest.js";
import { changeCommitMessage, changeFingerprint, changePullBody, changeRows, changeTitle, type ChangeRow } from "./change-pull.js";
import { checkChange } from "./check-change.js";
import type { ReadChange } from "./read-change-issue.js";
import { whoMayAsk, type AskFacts } from "./who-may-ask.js";

/** Everything {@link prepare} needs: the request as read, the base branch, and a reader of its files. */
export interface PrepareInput {
  read: ReadChange;
  config: Config;
  /** The GitOps base branch: every path, and the files read so far. */
  snapshot: GitopsSnapshot;
  /** Reads more files of the base branch (one round per call, every path at once). */
  reader: FileReader;
  /** GitHub's canonical login of each login the request names, by lower-cased login; null: no such user. */
  users: ReadonlyMap<string, string | null>;
  /** Who opened the request issue. */
  requester: string;
  provenance: Provenance;
  ref: IssueRef;
  requestUrl: string;
  /** The base branch commit the change is rendered on (a trailer of the commit). */
  baseSha: string;
  /**
   * The members of the approver teams (`approvers.teams`), who may ask like any approver. Read only when nothing else
   * lets the requester ask, so a member's request costs no call; omitted: team approvers are not consulted.
   */
  teamApprovers?: () => Promise<readonly string[]>;
}

/** A change ready to publish: what to write and delete, and what the pull request, ledger and status say. */
export interface PreparedChange {
  change: ChangeRequest;
  files: FileChange[];
  deletions: string[];
  notices: Notice[];
  summary: ChangeSummary;
  /** Digest of everything written and deleted: an unchanged rendering makes no commit. */
  digest: string;
  title: string;
  body: string;
  commitMessage: string;
  /** Short hashes of the request's parts, for the ledger (which parts changed when approvals reset). */
  fields: Record<string, string>;
  /** Who gains through the change (added members; the team, for more quota, a namespace or a cluster): they may not approve it. */
  beneficiaries: string[];
  /** What is asked, for the status comment. */
  rows: ChangeRow[];
}

/** The outcome of {@link prepare}: problems (nothing is written), or the change to publish. */
export type Prepared = { problems: Problem[]; notices: Notice[] } | PreparedChange;

/** Digest of a change's writes and deletions, as publishing records it. */
export function changeDigest(files: readonly FileChange[], deletions: readonly string[]): string {
  return withDeletions(digestFiles(files), deletions);
}

/** `snapshot` with `paths` read (those it lists and has not read yet). */
async function readMore(snapshot: GitopsSnapshot, reader: FileReader, paths: readonly string[]): Promise<GitopsSnapshot> {
  const wanted = paths.filter((p) => snapshot.paths.has(p) && !snapshot.files.has(p));
  if (wanted.length === 0) return snapshot;
  const got = await reader(wanted);
  const files = new Map(snapshot.files);
  for (const [p, content] of got) if (content !== undefined) files.set(p, content);
  return { ...snapshot, files };
}

/** The team whose RBAC component the namespace uses, for a form that has no team field (Operate First's "Delete namespace"). */
async function teamOfNamespace(input: PrepareInput, snapshot: GitopsSnapshot, namespace: string): Promise<{ team: string; snapshot: GitopsSnapshot } | { problems: Problem[] }> {
  const dir = namespaceDir(input.config, "", namespace);
  if (!("ok" in dir)) return { problems: "problems" in dir ? dir.problems : [] };
  const withFiles = await readMore(snapshot, input.reader, [`${dir.ok}/kustomization.yaml`, `${dir.ok}/kustomization.yml`, `${dir.ok}/Kustomization`]);
  const info = readNamespace(withFiles, input.config, "", namespace);
  if (!("ok" in info)) return { problems: "problems" in info ? info.problems : [renderProblem("namespaces", `could not read namespace '${namespace}'`, "an existing namespace")] };
  if (info.ok.teams.length !== 1) {
    const which = info.ok.teams.length === 0 ? "no team" : `teams ${info.ok.teams.map((t) => `'${t}'`).join(", ")}`;
    return { problems: [renderProblem("namespaces", `the form names no team, and namespace '${namespace}' is used by ${which}`, "a namespace exactly one team administers, or a form with a team field", namespace)] };
  }
  return { team: info.ok.teams[0] as string, snapshot: withFiles };
}

/** What decides who may ask, read from the base branch: the group's users, the namespace's annotations, OWNERS. */
async function askFacts(input: PrepareInput, snapshot: GitopsSnapshot, change: ChangeRequest): Promise<{ facts: AskFacts | undefined; snapshot: GitopsSnapshot }> {
  const { config } = input;
  const dirs = teamDirs(config, change.request.team);
  if (!("ok" in dirs)) return { facts: undefined, snapshot };
  const groupFile = `${dirs.ok.groupDir}/${GROUP_FILE}`;
  const ns = change.kind === "members" || change.kind === "namespace" ? undefined : change.request.namespace;
  const nsDir = ns === undefined ? undefined : namespaceDir(config, change.request.team, ns);
  const nsFile = nsDir && "ok" in nsDir ? `${nsDir.ok}/namespace.yaml` : undefined;
  const owners = config.approvers.ownersFile;
  const read = await readMore(snapshot, input.reader, [groupFile, ...(nsFile ? [nsFile] : []), ...(owners ? [owners] : [])]);
  const group = read.files.get(groupFile);
  // No group: the team does not exist, which the renderer reports.
  if (group === undefined) return { facts: undefined, snapshot: read };
  const users = listValues(group, "users");
  const ownersFile = owners ? read.files.get(owners) : undefined;
  const parsedOwners = ownersFile === undefined ? undefined : parseOwnersFile(ownersFile);
  const facts: AskFacts = {
    requester: input.requester,
    team: change.request.team,
    members: Array.isArray(users) ? users : [],
    approvers: [...config.approvers.users, ...(parsedOwners && "approvers" in parsedOwners ? parsedOwners.approvers : [])],
  };
  const nsText = nsFile ? read.files.get(nsFile) : undefined;
  if (ns !== undefined) {
    const keys = provenanceAnnotationKeys(config.namespaces);
    let annotations: Record<string, unknown> = {};
    try {
      annotations = ((parse(nsText ?? "") as { metadata?: { annotations?: Record<string, unknown> } } | null)?.metadata?.annotations ?? {}) as Record<string, unknown>;
    } catch {
      annotations = {};
    }
    const text = (key: string | undefined): string | undefined => (key !== undefined && typeof annotations[key] === "string" ? (annotations[key] as string) : undefined);
    facts.namespace = { name: ns, owner: text(keys.owner), requester: text(keys.requester) };
  }
  return { facts, snapshot: read };
}

/** The logins the change adds, in GitHub's spelling; a login GitHub does not know is a problem. */
function canonicalLogins(change: ChangeRequest, users: ReadonlyMap<string, string | null>, labels: ReadonlyMap<string, string>): Problem[] {
  const problems: Problem[] = [];
  const canonical = (login: string, field: "members" | "owner"): string => {
    const found = users.get(login.toLowerCase());
    if (found === null) {
      problems.push({ field, label: labels.get(field) ?? field, message: `'${login}' is not a GitHub user`, expected: "the GitHub login of an existing account", value: login });
    }
    return found ?? login;
  };
  if (change.kind === "members" && change.request.add) change.request.add = change.request.add.map((l) => canonical(l, "members"));
  if (change.kind === "namespace") change.request.owner = canonical(change.request.owner, "owner");
  return problems;
}

/**
 * The parse → validate → render seam of a change request, the counterpart of onboarding's: checks the answers
 * against the kind's shape, the people it names against GitHub, the requester against who may ask (a member of the
 * team's group on the base branch, the namespace's recorded owner or requester, or an approver), then renders the
 * change against the base branch (team and namespace exist, removals name real members and clusters, nothing
 * dangling, quotas within the maximum: see `rendering/changes/`). Returns the problems, each named by the field
 * of the form the request was filed with, or everything publishing needs.
 */
export async function prepare(kind: ChangeKind, input: PrepareInput): Promise<Prepared> {
  const { read, config } = input;
  if (read.kind !== kind) throw new Error(`prepare: a ${read.kind} request was handed over as ${kind}`);
  let snapshot = input.snapshot;
  const value = { ...read.value };
  if (read.teamFromNamespace && value.team === undefined && typeof value.namespace === "string") {
    const derived = await teamOfNamespace(input, snapshot, value.namespace);
    if ("problems" in derived) return { problems: derived.problems, notices: [] };
    value.team = derived.team;
    snapshot = derived.snapshot;
  }
  const checked = checkChange(read.kind, value, read.labels);
  if ("problems" in checked || read.problems.length > 0) return { problems: [...read.problems, ...("problems" in checked ? checked.problems : [])], notices: [] };
  const change = checked.change;
  const loginProblems = canonicalLogins(change, input.users, read.labels);
  if (loginProblems.length > 0) return { problems: loginProblems, notices: [] };

  const asked = await askFacts(input, snapshot, change);
  snapshot = asked.snapshot;
  if (asked.facts) {
    let verdict = whoMayAsk(asked.facts);
    if ("problem" in verdict && input.teamApprovers && config.approvers.teams.length > 0) {
      const teams = await input.teamApprovers();
      verdict = whoMayAsk({ ...asked.facts, approvers: [...asked.facts.approvers, ...teams] });
    }
    if ("problem" in verdict) return { problems: [{ ...verdict.problem, label: read.labels.get("team") ?? verdict.problem.label }], notices: [] };
  }

  const output = await renderChangeWithReader({ change, config, snapshot, provenance: input.provenance }, input.reader);
  if (output.kind === "needs-files") {
    return { problems: [renderProblem("body", "the GitOps repository could not be read completely", "overlays nested no deeper than the renderer follows")], notices: [] };
  }
  if (output.kind === "problems") return { problems: output.problems.map((p) => ({ ...p, label: read.labels.get(p.field) ?? p.label })), notices: [] };
  const notices = output.notices.map((n) => ({ ...n, label: read.labels.get(n.field) ?? n.label }));
  if (output.files.length === 0 && output.deletions.length === 0) {
    return { problems: [renderProblem("body", "the GitOps repository already holds this change, so there is nothing to do", "a change that is not in place yet; close this issue")], notices };
  }
  const digest = changeDigest(output.files, output.deletions);
  const members = asked.facts?.members ?? [];
  const beneficiaries =
    change.kind === "members"
      ? [...(change.request.add ?? [])]
      : change.kind === "quota" || change.kind === "namespace" || (change.kind === "cluster" && (change.request.add?.length ?? 0) > 0)
        ? [...members, ...(change.kind === "namespace" ? [change.request.owner] : [])]
        : [];
  return {
    change,
    files: output.files,
    deletions: output.deletions,
    notices,
    summary: output.summary,
    digest,
    title: changeTitle(change),
    body: changePullBody({ change, ref: input.ref, requestUrl: input.requestUrl, files: output.files, deletions: output.deletions, summary: output.summary, digest, closingKeyword: config.gitops.closingKeyword }),
    commitMessage: changeCommitMessage(change, input.ref, digest, input.baseSha),
    fields: changeFingerprint(change),
    beneficiaries,
    rows: changeRows(change),
  };
}
