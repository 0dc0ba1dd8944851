import path from "node:path";
import { Scalar, isMap, isScalar, parseAllDocuments } from "yaml";
import type { Config } from "../../config/schema.js";
import { fieldLabel } from "../../intake/fields.js";
import type { FileChange, Notice, Problem } from "../../types.js";
import { compareQuantities, isZero, parseQuantity } from "../../validation/parse-quantity.js";
import { addEntries } from "../edit-kustomization.js";
import { quotaComponentDirOf } from "../plan-layout.js";
import { findKustomizationFile } from "../kustomization-objects.js";
import { CUSTOM_QUOTA_FILE, customQuotaObject } from "../namespace-objects.js";
import { renderProblem, repositoryProblem } from "../render-problem.js";
import { plainIsSafe, toYaml } from "../yaml-output.js";
import type { CustomQuotaValues, QuotaChange } from "./change-request.js";
import { emptySummary, type ChangeInput, type ChangeOutput } from "./change-types.js";
import { removeListItems, replaceListItem } from "./edit-yaml-list.js";
import { existingTeam, ownedNamespace, type NamespaceInfo } from "./tenant-lookup.js";

const PARTS = ["cpu", "memory", "storage"] as const;

/** Problems of a custom quota: not offered, a value that is zero, or more than `quota.custom.max`. */
export function customQuotaProblems(quota: CustomQuotaValues, config: Config): Problem[] {
  if (!config.quota.custom.enabled) return [renderProblem("quota_tier", "the custom quota is not offered by this configuration", `one of the tiers: ${config.quota.tiers.map((t) => t.name).join(", ")}`, "custom")];
  const problems: Problem[] = [];
  for (const part of PARTS) {
    const value = parseQuantity(quota[part]);
    const max = config.quota.custom.max[part];
    const limit = parseQuantity(max);
    if (!value) problems.push(renderProblem("custom_quota", `customQuota.${part} '${quota[part]}' is not a quantity`, `a Kubernetes quantity of at most ${max}`, quota[part]));
    else if (isZero(value)) problems.push(renderProblem("custom_quota", `customQuota.${part} is zero`, `more than 0 and at most ${max}`, quota[part]));
    else if (limit && compareQuantities(value, limit) > 0) problems.push(renderProblem("custom_quota", `customQuota.${part} ${quota[part]} is more than a custom quota may have`, `at most ${max} (quota.custom.max.${part})`, quota[part]));
  }
  return problems;
}

/** The quota keys a custom quota sets, as {@link customQuotaObject} writes them. */
function hardValues(quota: CustomQuotaValues): Array<[string, string]> {
  return [
    ["requests.cpu", quota.cpu],
    ["limits.cpu", quota.cpu],
    ["requests.memory", quota.memory],
    ["limits.memory", quota.memory],
    ["requests.storage", quota.storage],
  ];
}

/**
 * Sets the custom values in an existing `resourcequota.yaml` with the Document API: the five keys the bot manages are
 * replaced or added under `spec.hard`, every other key, comment and the object's name stay. `error` when the file is
 * not exactly one ResourceQuota.
 */
function editCustomQuota(source: string, quota: CustomQuotaValues): { content: string } | { error: string } {
  const docs = parseAllDocuments(source);
  const real = Array.isArray(docs) ? docs.filter((d) => d.contents !== null) : [];
  const doc = real[0];
  if (!doc || real.length !== 1 || doc.errors.length > 0 || !isMap(doc.contents) || doc.get("kind") !== "ResourceQuota") {
    return { error: "it is not exactly one ResourceQuota" };
  }
  const hard = doc.getIn(["spec", "hard"], true);
  const existing = isMap(hard) ? hard.items.map((pair) => pair.value).filter((v): v is Scalar => isScalar(v)) : [];
  // New values are quoted like the file's other quoted values (Operate First writes '16'), else double-quoted.
  const quote = existing.find((v) => v.type === Scalar.QUOTE_SINGLE || v.type === Scalar.QUOTE_DOUBLE)?.type ?? Scalar.QUOTE_DOUBLE;
  for (const [key, value] of hardValues(quota)) {
    const current = doc.getIn(["spec", "hard", key], true);
    const node = isScalar(current) ? current : new Scalar(value);
    node.value = value;
    if (!plainIsSafe(value) && (node.type === undefined || node.type === Scalar.PLAIN)) node.type = quote;
    if (node !== current) doc.setIn(["spec", "hard", key], node);
  }
  const indent = /^[^\s#][^\n]*:[ \t]*\r?\n( +)[^\s-]/m.exec(source)?.[1]?.length ?? 2;
  const text = doc.toString({ flowCollectionPadding: false, lineWidth: 0, indent });
  return { content: source.startsWith("---") && !text.startsWith("---") ? `---\n${text}` : text };
}

/** Renders a tier change: the namespace's tier component swapped for the new tier's (or added), a custom quota removed. */
function toTier(input: ChangeInput<QuotaChange>, info: NamespaceInfo): ChangeOutput {
  const { change, config, snapshot } = input;
  const tiers = config.quota.tiers.map((t) => t.name);
  if (!tiers.includes(change.tier)) return { kind: "problems", problems: [renderProblem("quota_tier", `tier '${change.tier}' is not configured`, `one of: ${tiers.join(", ")}${config.quota.custom.enabled ? ", custom" : ""}`, change.tier)] };
  const dir = quotaComponentDirOf(config, change.tier);
  if (!dir.ok) return { kind: "problems", problems: [repositoryProblem("quota_tier", dir.error, "layout.quotaComponentDir to name a directory per tier", change.tier)] };
  if (findKustomizationFile(dir.path, snapshot.paths) === undefined) {
    return { kind: "problems", problems: [repositoryProblem("quota_tier", `the quota component '${dir.path}' of tier '${change.tier}' does not exist in the GitOps repository`, "a kustomization.yaml in that directory (maintainers must add it)", change.tier)] };
  }
  if (info.tiers.length > 1) {
    return { kind: "problems", problems: [repositoryProblem("quota_tier", `${info.file} lists ${info.tiers.length} quota tiers (${info.tiers.map((t) => t.tier).join(", ")})`, "one quota tier per namespace (maintainers must fix the file)", change.tier)] };
  }
  const summary = emptySummary();
  const current = info.tiers[0];
  if (current?.tier === change.tier && !info.customQuota) {
    return { kind: "changed", files: [], deletions: [], notices: [{ field: "quota_tier", label: fieldLabel("quota_tier"), message: `namespace '${info.name}' already has tier '${change.tier}'; nothing to change` }], summary };
  }
  const entry = path.posix.relative(info.dir, dir.path);
  let content = info.source;
  const deletions: string[] = [];
  if (current && current.tier !== change.tier) {
    const swapped = replaceListItem(content, "components", (v) => v === current.entry, entry);
    if ("error" in swapped) return { kind: "problems", problems: [repositoryProblem("quota_tier", `${info.file}: ${swapped.error}`, "a kustomization mapping")] };
    content = swapped.content;
    summary.lines.push(`namespace '${info.name}': quota tier '${current.tier}' → '${change.tier}' (${info.file})`);
  } else if (!current) {
    const added = addEntries(content, "components", [entry]);
    if ("error" in added) return { kind: "problems", problems: [repositoryProblem("quota_tier", `${info.file}: ${added.error}`, "a kustomization mapping")] };
    content = added.content;
    summary.lines.push(`namespace '${info.name}': quota tier '${change.tier}' (${info.file})`);
  }
  if (info.customQuota) {
    const removed = removeListItems(content, "resources", (v) => path.posix.normalize(v) === CUSTOM_QUOTA_FILE);
    if ("error" in removed) return { kind: "problems", problems: [repositoryProblem("quota_tier", `${info.file}: ${removed.error}`, "a kustomization mapping")] };
    content = removed.content;
    deletions.push(`${info.dir}/${CUSTOM_QUOTA_FILE}`);
    summary.lines.push(`namespace '${info.name}': custom quota removed (${info.dir}/${CUSTOM_QUOTA_FILE})`);
  }
  summary.editedPaths.push(info.file);
  summary.deletedPaths.push(...deletions);
  return { kind: "changed", files: [{ path: info.file, content }], deletions, notices: [], summary };
}

/** Renders a custom quota: `resourcequota.yaml` written (or its values replaced), the tier component removed. */
function toCustom(input: ChangeInput<QuotaChange>, info: NamespaceInfo, quota: CustomQuotaValues): ChangeOutput {
  const { snapshot } = input;
  const quotaFile = `${info.dir}/${CUSTOM_QUOTA_FILE}`;
  const summary = emptySummary();
  const files: FileChange[] = [];
  const what = `cpu ${quota.cpu}, memory ${quota.memory}, storage ${quota.storage}`;
  if (info.customQuota && snapshot.paths.has(quotaFile)) {
    const source = snapshot.files.get(quotaFile);
    if (source === undefined) return { kind: "needs-files", paths: [quotaFile] };
    const edited = editCustomQuota(source, quota);
    if ("error" in edited) return { kind: "problems", problems: [repositoryProblem("custom_quota", `${quotaFile}: ${edited.error}`, "one ResourceQuota in the file (maintainers must fix it)")] };
    if (edited.content !== source) {
      files.push({ path: quotaFile, content: edited.content });
      summary.editedPaths.push(quotaFile);
      summary.lines.push(`namespace '${info.name}': custom quota set to ${what} (${quotaFile})`);
    }
  } else {
    if (snapshot.paths.has(quotaFile)) {
      return { kind: "problems", problems: [repositoryProblem("custom_quota", `${quotaFile} exists but ${info.file} does not list it`, "maintainers to remove the stray file or list it")] };
    }
    files.push({ path: quotaFile, content: toYaml(customQuotaObject(info.name, quota)) });
    summary.createdPaths.push(quotaFile);
    summary.lines.push(`namespace '${info.name}': custom quota ${what} (${quotaFile})`);
  }
  let content = info.source;
  if (!info.customQuota) {
    const added = addEntries(content, "resources", [CUSTOM_QUOTA_FILE]);
    if ("error" in added) return { kind: "problems", problems: [repositoryProblem("custom_quota", `${info.file}: ${added.error}`, "a kustomization mapping")] };
    content = added.content;
  }
  const tierEntries = new Set(info.tiers.map((t) => t.entry));
  if (tierEntries.size > 0) {
    const removed = removeListItems(content, "components", (v) => tierEntries.has(v));
    if ("error" in removed) return { kind: "problems", problems: [repositoryProblem("custom_quota", `${info.file}: ${removed.error}`, "a kustomization mapping")] };
    content = removed.content;
    summary.lines.push(`namespace '${info.name}': quota tier ${info.tiers.map((t) => `'${t.tier}'`).join(", ")} removed (${info.file})`);
  }
  if (content !== info.source) {
    files.push({ path: info.file, content });
    summary.editedPaths.push(info.file);
  }
  const notices: Notice[] = files.length === 0 ? [{ field: "custom_quota", label: fieldLabel("custom_quota"), message: `namespace '${info.name}' already has this custom quota; nothing to change` }] : [];
  summary.editedPaths.sort();
  return { kind: "changed", files: files.sort((a, b) => (a.path < b.path ? -1 : 1)), deletions: [], notices, summary };
}

/**
 * Changes the quota of a namespace of the team: a configured tier (its component swapped into the namespace's
 * `components`, replacing the current tier's entry in place: a one-line diff; a custom `resourcequota.yaml` is then
 * removed), or a custom quota within `quota.custom.max` (`resourcequota.yaml` written, or its values replaced keeping
 * its other keys; the tier component removed). Refused: an unknown tier, a tier whose component is missing, a custom
 * quota over the maximum or not offered, a namespace of another team.
 */
export function renderQuota(input: ChangeInput<QuotaChange>): ChangeOutput {
  const { change, config, snapshot } = input;
  const dirs = existingTeam(config, snapshot, change.team);
  if (!("ok" in dirs)) return dirs;
  if (change.tier === "custom") {
    const problems = customQuotaProblems(change.customQuota as CustomQuotaValues, config);
    if (problems.length > 0) return { kind: "problems", problems };
  }
  const info = ownedNamespace(snapshot, config, change.team, change.namespace);
  if (!("ok" in info)) return info;
  return change.tier === "custom" ? toCustom(input, info.ok, change.customQuota as CustomQuotaValues) : toTier(input, info.ok);
}
