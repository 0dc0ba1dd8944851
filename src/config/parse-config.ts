import { configSchema, type Config } from "./schema.js";

/** One problem with the configuration file, located by its key path (`clusters[1].overlay`). */
export interface ConfigProblem {
  key: string;
  message: string;
}

export type ParseConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

/** Formats a zod issue path as the key a person sees in the YAML file: `clusters[1].overlay`. */
export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out === "" ? "(top level)" : out;
}

/**
 * Validates raw configuration (already parsed from YAML) and applies defaults.
 * Returns every problem at once, each naming the key it belongs to, instead of throwing.
 */
export function parseConfig(raw: unknown): ParseConfigResult {
  if (raw === null || raw === undefined) {
    return { ok: false, problems: [{ key: "(top level)", message: "the configuration file is empty or missing" }] };
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      if (issue.code === "unrecognized_keys") {
        const base = formatKeyPath(issue.path);
        return {
          key: base,
          message: `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`,
        };
      }
      return { key: formatKeyPath(issue.path), message: issue.message };
    });
    return { ok: false, problems };
  }
  const problems = checkCrossFieldRules(result.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: result.data };
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const v of values) (seen.has(v) ? dups : seen).add(v);
  return [...dups];
}

function checkCrossFieldRules(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const name of duplicates(config.clusters.map((c) => c.name))) {
    problems.push({ key: "clusters", message: `cluster '${name}' is listed more than once` });
  }
  for (const name of duplicates(config.quota.tiers.map((t) => t.name))) {
    problems.push({ key: "quota.tiers", message: `tier '${name}' is listed more than once` });
  }
  config.quota.tiers.forEach((tier, i) => {
    if (tier.name === "custom") {
      problems.push({ key: `quota.tiers[${i}].name`, message: "'custom' is reserved for the custom quota option" });
    }
  });
  if (!config.gitops.branchTemplate.includes("{number}")) {
    problems.push({ key: "gitops.branchTemplate", message: "must contain '{number}' so each request gets its own branch" });
  }
  const layoutPlaceholders: Record<string, string[]> = {
    namespaceDir: ["{namespace}"],
    groupDir: ["{team}"],
    rbacComponentDir: ["{team}"],
    quotaComponentDir: ["{tier}"],
  };
  for (const [key, required] of Object.entries(layoutPlaceholders)) {
    const value = config.layout[key as keyof Config["layout"]];
    for (const placeholder of required) {
      if (!value.includes(placeholder)) {
        problems.push({ key: `layout.${key}`, message: `must contain '${placeholder}'` });
      }
    }
  }
  return problems;
}
