import type { Config } from "../config/schema.js";
import { CUSTOM_TIER, CUSTOM_TIER_OPTION } from "./fields.js";

/** One option of the quota dropdown and the tier it stands for. */
export interface TierOption {
  /** The option text in the form. */
  option: string;
  /** The configured tier name, or `custom`. */
  tier: string;
}

/** The dropdown options the form offers for a configuration. */
export interface FormOptions {
  /** Options of the clusters dropdown: the configured cluster names. */
  clusters: string[];
  /** Options of the quota dropdown, in form order (custom last when enabled). */
  tiers: TierOption[];
}

/** Values the issue parser reads as "no answer": an option with this text could never be selected. */
const PARSER_EMPTY = new Set(["none", "_no response_"]);

const cache = new WeakMap<Config, FormOptions>();

function lower(s: string): string {
  return s.toLowerCase();
}

function allDistinct(values: string[]): boolean {
  return new Set(values.map(lower)).size === values.length;
}

function tierOptionTexts(config: Config): string[] {
  const tiers = config.quota.tiers;
  const reserved = new Set(PARSER_EMPTY);
  if (config.quota.custom.enabled) reserved.add(lower(CUSTOM_TIER_OPTION));
  // Whitespace (including newlines) would break the rendered body; commas are refused by the config schema.
  const base = tiers.map((t) => (t.label ?? t.name).replace(/\s+/g, " ").trim() || t.name);
  const counts = new Map<string, number>();
  for (const b of base) counts.set(lower(b), (counts.get(lower(b)) ?? 0) + 1);
  const options = tiers.map((t, i) => {
    const text = base[i] ?? t.name;
    const clash = (counts.get(lower(text)) ?? 0) > 1 || reserved.has(lower(text));
    return clash ? `${text} (${t.name})` : text;
  });
  if (allDistinct(options) && !options.some((o) => reserved.has(lower(o)))) return options;
  // Labels that still collide after naming the tier: fall back to texts built from the unique tier names.
  return tiers.map((t) => `Tier ${t.name}`);
}

/**
 * The cluster and quota options of the issue form, computed once per configuration object. Every tier option
 * text is unique (case-insensitively) and none equals `Custom`, `None` or `_No response_`, so an option maps back
 * to exactly one tier.
 */
export function formOptions(config: Config): FormOptions {
  const cached = cache.get(config);
  if (cached) return cached;
  const texts = tierOptionTexts(config);
  const tiers: TierOption[] = config.quota.tiers.map((t, i) => ({ option: texts[i] ?? t.name, tier: t.name }));
  if (config.quota.custom.enabled) tiers.push({ option: CUSTOM_TIER_OPTION, tier: CUSTOM_TIER });
  const options: FormOptions = { clusters: config.clusters.map((c) => c.name), tiers };
  cache.set(config, options);
  return options;
}

/**
 * The tier name an answer of the quota dropdown stands for, matching whole option texts only (never substrings,
 * so `Small` is never read as `X-Small`): first exactly, then ignoring case, then a tier name typed by hand or one
 * of the tier's `aliases` (a cloud form's option text, an option an older form offered), ignoring case.
 * Returns `undefined` for an answer that matches nothing.
 */
export function tierForOption(config: Config, answer: string): string | undefined {
  const value = answer.trim();
  const { tiers } = formOptions(config);
  const exact = tiers.find((t) => t.option === value);
  if (exact) return exact.tier;
  const folded = lower(value);
  const caseless = tiers.find((t) => lower(t.option) === folded);
  if (caseless) return caseless.tier;
  const named = tiers.find((t) => t.tier === folded);
  if (named) return named.tier;
  return config.quota.tiers.find((t) => t.aliases.some((a) => lower(a.trim()) === folded))?.name;
}

/**
 * The configured cluster an option text stands for: its name (ignoring case) or one of its `aliases` (ignoring
 * case), so that `MOC/Smaug` in a cloud's form, and `Smaug` in an issue filed with an older form, both mean
 * `smaug`. Returns `undefined` for a cluster the configuration does not offer (a retired one).
 */
export function clusterForOption(config: Config, answer: string): string | undefined {
  const folded = lower(answer.trim());
  const cluster =
    config.clusters.find((c) => c.name === folded) ?? config.clusters.find((c) => c.aliases.some((a) => lower(a.trim()) === folded));
  return cluster?.name;
}
