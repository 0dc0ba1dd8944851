import type { CustomQuota } from "../types.js";
import { BULLET } from "./read-logins.js";

/** The result of reading a free-text custom quota: the quota, or why it cannot be read. */
export type CustomQuotaText = { ok: true; quota: CustomQuota } | { ok: false; message: string };

/** The format {@link parseCustomQuota} reads, for a refusal's "what would be right". */
export const CUSTOM_QUOTA_FORMAT = "CPU, memory and storage separated by commas, for example '2 CPU, 8Gi memory, 50Gi storage'";

type Part = keyof CustomQuota;

const KEYWORDS: ReadonlyArray<{ part: Part; pattern: RegExp }> = [
  { part: "cpu", pattern: /(?<![A-Za-z])(?:v?cpus?|cores?|processors?)(?![A-Za-z])/gi },
  { part: "memory", pattern: /(?<![A-Za-z])(?:memory|mem|ram)(?![A-Za-z])/gi },
  { part: "storage", pattern: /(?<![A-Za-z])(?:storage|disks?|pvcs?|volumes?|persistent)(?![A-Za-z])/gi },
];

const NAMES: Readonly<Record<Part, string>> = { cpu: "CPU", memory: "memory", storage: "storage" };

/** A number with an optional unit, the unit as typed (any case, with or without `B`). */
const AMOUNT = /(\d{1,7}(?:\.\d{1,3})?)[ \t]*([A-Za-z]{0,3})(?![A-Za-z])/g;

/** Byte units as people type them (lower-cased) and the Kubernetes suffix they mean: `GiB` is `Gi`, `GB` is `G`. */
const BYTE_UNITS: Readonly<Record<string, string>> = {
  ki: "Ki", kib: "Ki", mi: "Mi", mib: "Mi", gi: "Gi", gib: "Gi", ti: "Ti", tib: "Ti", pi: "Pi", pib: "Pi",
  kb: "k", mb: "M", gb: "G", tb: "T", pb: "P", k: "k", g: "G", t: "T", p: "P",
};

function shown(text: string): string {
  return `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;
}

/** The Kubernetes quantity of an amount for `part`, or why it is not one. */
function quantity(part: Part, number: string, unit: string): { value: string } | { error: string } {
  if (part === "cpu") {
    if (unit === "" ) return { value: number };
    if (unit === "m" && !number.includes(".")) return { value: `${number}m` };
    return { error: `'${number}${unit}' is not an amount of CPU` };
  }
  if (unit === "") return { error: `${NAMES[part]} '${number}' has no unit` };
  // `M` alone is ambiguous in practice (`512m` would be millibytes to Kubernetes): only an unambiguous unit is read.
  if (unit === "M") return { value: `${number}M` };
  const suffix = BYTE_UNITS[unit.toLowerCase()];
  if (suffix === undefined) return { error: `'${number}${unit}' is not an amount of ${NAMES[part]} (use a unit such as Gi or Mi)` };
  return { value: `${number}${suffix}` };
}

/**
 * Reads one free-text custom quota, as people type it into a single field: `1CPU, 20GiB memory, 30GiB storage`,
 * `cpu: 2, memory 8Gi, storage 50Gi`, one part per line, `2 cores / 8 GiB RAM / 50 GB disk`. Parts are separated by
 * commas, semicolons, slashes or line breaks; each names its resource (CPU, cores; memory, RAM; storage, disk) and
 * one amount, before or after it. Units become Kubernetes suffixes (`GiB` → `Gi`, `GB` → `G`). Anything else (a part
 * without a resource or with two amounts, a resource given twice or not at all, memory without a unit) is refused
 * with the reason; nothing is guessed.
 */
export function parseCustomQuota(text: string): CustomQuotaText {
  const found: Partial<Record<Part, string>> = {};
  const segments = text
    .split(/[,;/|\n]|\band\b/i)
    .map((s) => s.trim().replace(BULLET, "").trim())
    .filter((s) => s !== "");
  if (segments.length === 0) return { ok: false, message: "is empty but the Custom tier was chosen" };
  for (const segment of segments) {
    const parts = KEYWORDS.filter((k) => new RegExp(k.pattern.source, "i").test(segment)).map((k) => k.part);
    if (parts.length !== 1) {
      const why = parts.length === 0 ? "names no resource (CPU, memory or storage)" : "names more than one resource";
      return { ok: false, message: `cannot be read: ${shown(segment)} ${why}` };
    }
    const part = parts[0] as Part;
    const keyword = KEYWORDS.find((k) => k.part === part);
    const rest = keyword ? segment.replace(keyword.pattern, " ") : segment;
    const amounts = [...rest.matchAll(AMOUNT)];
    if (amounts.length !== 1) {
      const why = amounts.length === 0 ? "has no amount" : "has more than one amount";
      return { ok: false, message: `cannot be read: ${shown(segment)} ${why}` };
    }
    if (found[part] !== undefined) return { ok: false, message: `gives ${NAMES[part]} twice` };
    const amount = amounts[0];
    const result = quantity(part, amount?.[1] ?? "", amount?.[2] ?? "");
    if ("error" in result) return { ok: false, message: `cannot be read: ${result.error}` };
    found[part] = result.value;
  }
  const missing = (["cpu", "memory", "storage"] as const).filter((p) => found[p] === undefined);
  if (missing.length > 0) return { ok: false, message: `gives no ${missing.map((p) => NAMES[p]).join(" and no ")}` };
  return { ok: true, quota: { cpu: found.cpu ?? "", memory: found.memory ?? "", storage: found.storage ?? "" } };
}
