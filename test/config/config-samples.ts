import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The example configuration shipped in `templates/`, or the GitOps fixture's while the example is not written yet. */
export const EXAMPLE_PATH = existsSync(`${ROOT}templates/onboarding-bot.yml`)
  ? `${ROOT}templates/onboarding-bot.yml`
  : `${ROOT}test/fixtures/gitops-opf/onboarding-bot.yml`;

/** The text of the example configuration. */
export const EXAMPLE_TEXT = readFileSync(EXAMPLE_PATH, "utf8");

/** A fresh copy of the example configuration as the YAML parser returns it (no defaults applied). */
export function exampleRaw(): Record<string, unknown> {
  return parse(EXAMPLE_TEXT) as Record<string, unknown>;
}

/** The smallest configuration the schema accepts: only the keys without a default. */
export function minimalRaw(): Record<string, unknown> {
  return {
    gitops: { repository: "operate-first/apps" },
    clusters: [{ name: "smaug", overlay: "cluster-scope/overlays/prod/moc/smaug" }],
    quota: { tiers: [{ name: "small" }] },
  };
}

/** A key path into a configuration: `["clusters", 1, "overlay"]`. */
export type KeyPath = ReadonlyArray<string | number>;

function parentOf(root: Record<string, unknown>, path: KeyPath): Record<string | number, unknown> {
  let node: unknown = root;
  for (const seg of path.slice(0, -1)) {
    const next = (node as Record<string | number, unknown>)[seg];
    if (typeof next !== "object" || next === null) throw new Error(`test setup: no container at ${path.join(".")} (${String(seg)})`);
    node = next;
  }
  return node as Record<string | number, unknown>;
}

/** A copy of `raw` with the value at `path` replaced (or added). */
export function withValue(raw: Record<string, unknown>, path: KeyPath, value: unknown): Record<string, unknown> {
  const copy = structuredClone(raw);
  parentOf(copy, path)[path[path.length - 1] as string | number] = value;
  return copy;
}

/** A copy of `raw` without the key at `path`. */
export function withoutKey(raw: Record<string, unknown>, path: KeyPath): Record<string, unknown> {
  const copy = structuredClone(raw);
  const parent = parentOf(copy, path);
  const last = path[path.length - 1] as string | number;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return copy;
}
