import type { Config } from "../config/schema.js";
import { CUSTOM_TIER } from "../intake/fields.js";
import { namespaceTier } from "../intake/read-namespaces.js";
import type { OnboardingRequest } from "../types.js";
import { quotaComponentDirOf } from "./plan-layout.js";

/** The quota of one namespace: its tier and that tier's component directory (none for a custom quota). */
export type NamespaceQuota = { tier: string; componentDir?: string } | { tier: string; error: string };

/**
 * The quota of one namespace of a request: its own tier (`namespaceTiers`, `name: tier` in the form) or the
 * request's, and the component of that tier (`layout.quotaComponentDir`). A custom tier has no component: the
 * namespace gets its own ResourceQuota from `customQuota`.
 */
export function namespaceQuota(request: OnboardingRequest, config: Config, namespace: string): NamespaceQuota {
  const tier = namespaceTier(request, namespace);
  if (tier === CUSTOM_TIER) return { tier };
  const filled = quotaComponentDirOf(config, tier);
  return filled.ok ? { tier, componentDir: filled.path } : { tier, error: `layout.quotaComponentDir: ${filled.error}` };
}
