import { parseAllDocuments } from "yaml";
import type { Config } from "../config/schema.js";
import type { GitopsSnapshot } from "../types.js";
import { quotaComponentDirOf } from "../rendering/plan-layout.js";

const KUSTOMIZATION_FILES = new Set(["kustomization.yaml", "kustomization.yml", "Kustomization"]);

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function quantity(hard: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = hard[key];
    if (typeof value === "string" || typeof value === "number") return String(value);
  }
  return undefined;
}

/**
 * What one ResourceQuota grants, in the words of the issue form: `500m CPU, 2Gi memory, 10Gi storage` (requests;
 * a different limit is added, `500m CPU (limit 1)`). `undefined` when the texts hold no ResourceQuota or more than
 * one (which of them a namespace gets is then not one number), or it names no CPU, memory or storage.
 */
export function describeResourceQuota(texts: readonly string[]): string | undefined {
  const quotas: Record<string, unknown>[] = [];
  for (const text of texts) {
    for (const doc of parseAllDocuments(text)) {
      if (!("errors" in doc) || doc.errors.length > 0) continue;
      const object = record(doc.toJS({ maxAliasCount: 10 }));
      if (object?.kind === "ResourceQuota") quotas.push(object);
    }
  }
  if (quotas.length !== 1) return undefined;
  const hard = record(record(quotas[0]?.spec)?.hard) ?? {};
  const parts: string[] = [];
  const add = (what: string, request: string | undefined, limit: string | undefined): void => {
    const shown = request ?? limit;
    if (shown === undefined) return;
    parts.push(limit !== undefined && request !== undefined && limit !== request ? `${shown} ${what} (limit ${limit})` : `${shown} ${what}`);
  };
  add("CPU", quantity(hard, "requests.cpu", "cpu"), quantity(hard, "limits.cpu"));
  add("memory", quantity(hard, "requests.memory", "memory"), quantity(hard, "limits.memory"));
  add("storage", quantity(hard, "requests.storage"), undefined);
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/** The directory of each configured tier's quota component (`layout.quotaComponentDir`), by tier name. */
export function tierComponentDirs(config: Config): Map<string, string> {
  return new Map(
    config.quota.tiers.flatMap((t) => {
      const dir = quotaComponentDirOf(config, t.name);
      return dir.ok ? [[t.name, dir.path] as const] : [];
    }),
  );
}

/** Whether a repository path is a YAML file (not the kustomization) directly inside one of the tier components. */
export function isTierQuotaFile(config: Config): (path: string) => boolean {
  const dirs = new Set(tierComponentDirs(config).values());
  return (path) => {
    const slash = path.lastIndexOf("/");
    const name = path.slice(slash + 1);
    return dirs.has(path.slice(0, slash)) && /\.ya?ml$/.test(name) && !KUSTOMIZATION_FILES.has(name);
  };
}

/**
 * What each tier really grants, read from the ResourceQuota in its component in the GitOps repository (the files
 * {@link isTierQuotaFile} selects must be in `snapshot.files`). A tier whose component holds no single
 * ResourceQuota is left out; `quota.tiers[].description` in the configuration still overrides (the form uses it first).
 */
export function tierDescriptionsFrom(config: Config, snapshot: GitopsSnapshot): Map<string, string> {
  const out = new Map<string, string>();
  for (const [tier, dir] of tierComponentDirs(config)) {
    // Only the files directly in the component (its kustomization holds no ResourceQuota, so it may be among them).
    const texts = [...snapshot.files].filter(([path]) => path.startsWith(`${dir}/`) && !path.slice(dir.length + 1).includes("/")).map(([, t]) => t);
    const description = describeResourceQuota(texts);
    if (description !== undefined) out.set(tier, description);
  }
  return out;
}
