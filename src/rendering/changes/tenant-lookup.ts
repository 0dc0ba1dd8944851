import type { Config } from "../../config/schema.js";
import type { GitopsSnapshot, Problem } from "../../types.js";
import { readEntries } from "../edit-kustomization.js";
import { groupDirOf, namespaceDirOf, rbacComponentDirOf } from "../plan-layout.js";
import { CUSTOM_QUOTA_FILE } from "../namespace-objects.js";
import { findKustomizationFile } from "../kustomization-objects.js";
import { renderProblem, repositoryProblem } from "../render-problem.js";
import { resolveRepoEntry } from "../safe-path.js";
import { dirHasFiles } from "../snapshot-lookup.js";
import type { Step } from "./change-types.js";
import { templateValue } from "./template-value.js";

/** A team's directories, from `config.layout`. */
export interface TeamDirs {
  groupDir: string;
  rbacDir: string;
}

/** What a namespace's kustomization says about it: its teams (RBAC components used), its quota, its entries. */
export interface NamespaceInfo {
  name: string;
  dir: string;
  /** The namespace's kustomization file and its text. */
  file: string;
  source: string;
  /** Teams whose RBAC directory (`layout.rbacComponentDir`) the namespace uses, in file order. */
  teams: string[];
  /** Entries of `components` that are quota tier components (`layout.quotaComponentDir`), with their tier. */
  tiers: Array<{ entry: string; tier: string }>;
  /** `resources` lists `resourcequota.yaml`: the namespace has a custom quota in that file. */
  customQuota: boolean;
}

/** The team's group and RBAC directories, or a problem on `team` when the layout cannot place them. */
export function teamDirs(config: Config, team: string): Step<TeamDirs> {
  const group = groupDirOf(config, team);
  const rbac = rbacComponentDirOf(config, team);
  if (!group.ok || !rbac.ok) {
    const error = !group.ok ? group.error : !rbac.ok ? rbac.error : "";
    return { kind: "problems", problems: [renderProblem("team", error, "a team name that fills the layout templates", team)] };
  }
  return { ok: { groupDir: group.path, rbacDir: rbac.path } };
}

/**
 * The directories of a team that exists (its Group is in the snapshot; the change kinds are for existing teams only),
 * or a problem on `team`.
 */
export function existingTeam(config: Config, snapshot: GitopsSnapshot, team: string): Step<TeamDirs> {
  const dirs = teamDirs(config, team);
  if (!("ok" in dirs) || dirHasFiles(snapshot.paths, dirs.ok.groupDir)) return dirs;
  return { kind: "problems", problems: [renderProblem("team", `team '${team}' does not exist in the GitOps repository (no group in ${dirs.ok.groupDir})`, "the name of an existing team; a new team is onboarded with the onboarding form", team)] };
}

/** The directory of `namespace` of `team`, or a problem on `namespaces` when the layout cannot place it. */
export function namespaceDir(config: Config, team: string, namespace: string): Step<string> {
  const filled = namespaceDirOf(config, namespace, team);
  if (!filled.ok) return { kind: "problems", problems: [renderProblem("namespaces", filled.error, "a namespace name that fills layout.namespaceDir", namespace)] };
  return { ok: filled.path };
}

/**
 * Reads an existing namespace from its kustomization: which teams' RBAC components it uses, which quota tier
 * components, whether it has a custom `resourcequota.yaml`. A namespace without a kustomization is a problem on
 * `namespaces`; an unread kustomization comes back as `needs-files`.
 */
export function readNamespace(snapshot: GitopsSnapshot, config: Config, team: string, namespace: string): Step<NamespaceInfo> {
  const dir = namespaceDir(config, team, namespace);
  if (!("ok" in dir)) return dir;
  const file = findKustomizationFile(dir.ok, snapshot.paths);
  if (file === undefined) {
    return { kind: "problems", problems: [renderProblem("namespaces", `namespace '${namespace}' does not exist in the GitOps repository (no kustomization.yaml in ${dir.ok})`, `an existing namespace of team '${team}'`, namespace)] };
  }
  const source = snapshot.files.get(file);
  if (source === undefined) return { kind: "needs-files", paths: [file] };
  const entries = readEntries(source);
  if ("error" in entries) return { kind: "problems", problems: [repositoryProblem("namespaces", `${file}: ${entries.error}`, "a kustomization mapping (maintainers must fix the file)", namespace)] };
  const teams: string[] = [];
  const tiers: NamespaceInfo["tiers"] = [];
  for (const entry of [...entries.components, ...entries.resources]) {
    const target = resolveRepoEntry(dir.ok, entry);
    if (target === undefined) continue;
    const owner = templateValue(config.layout.rbacComponentDir, "team", target);
    if (owner !== undefined && !teams.includes(owner)) teams.push(owner);
    const tier = templateValue(config.layout.quotaComponentDir, "tier", target);
    if (tier !== undefined && entries.components.includes(entry)) tiers.push({ entry, tier });
  }
  const customQuota = entries.resources.some((e) => resolveRepoEntry(dir.ok, e) === `${dir.ok}/${CUSTOM_QUOTA_FILE}`);
  return { ok: { name: namespace, dir: dir.ok, file, source, teams, tiers, customQuota } };
}

/**
 * Problems unless `team` administers the namespace (its kustomization uses the team's RBAC component). With
 * `exclusive`, the namespace must belong to that team alone: offboarding removes it for every team that uses it.
 */
export function checkOwnership(info: NamespaceInfo, team: string, exclusive = false): Problem[] {
  if (info.teams.length === 0) {
    return [renderProblem("namespaces", `namespace '${info.name}' uses no team's RBAC component (${info.file}), so no team owns it`, "a tenant namespace; platform namespaces are changed by maintainers", info.name)];
  }
  if (!info.teams.includes(team)) {
    return [renderProblem("namespaces", `namespace '${info.name}' belongs to team ${info.teams.map((t) => `'${t}'`).join(", ")}, not to '${team}'`, `a namespace of team '${team}'`, info.name)];
  }
  const others = info.teams.filter((t) => t !== team);
  if (exclusive && others.length > 0) {
    return [
      renderProblem(
        "namespaces",
        `namespace '${info.name}' is shared with team ${others.map((t) => `'${t}'`).join(", ")}; removing it would take it away from them too`,
        `a namespace only team '${team}' uses, or maintainers to remove the other teams first`,
        info.name,
      ),
    ];
  }
  return [];
}

/** {@link readNamespace}, then {@link checkOwnership}: a namespace the team administers (alone, with `exclusive`). */
export function ownedNamespace(snapshot: GitopsSnapshot, config: Config, team: string, namespace: string, exclusive = false): Step<NamespaceInfo> {
  const info = readNamespace(snapshot, config, team, namespace);
  if (!("ok" in info)) return info;
  const problems = checkOwnership(info.ok, team, exclusive);
  return problems.length > 0 ? { kind: "problems", problems } : info;
}
