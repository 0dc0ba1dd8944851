import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { parseConfig } from "../../src/config/parse-config.js";
import type { Config } from "../../src/config/schema.js";
import type { CliIO } from "../../src/cli/io.js";
import { ACKNOWLEDGEMENT_OPTION, FORM_FIELDS } from "../../src/intake/fields.js";
import type { GitopsSnapshot, OnboardingRequest } from "../../src/types.js";

/** Test helpers shared by the intake, validation, status and CLI tests. */

export const ROOT = new URL("../../", import.meta.url);
export const EXAMPLE_CONFIG_FILE = new URL("templates/onboarding-bot.yml", ROOT);

/** The raw (pre-defaults) example configuration, freshly parsed so tests may modify it. */
export function exampleRaw(): Record<string, unknown> {
  return parse(readFileSync(EXAMPLE_CONFIG_FILE, "utf8")) as Record<string, unknown>;
}

/** A parsed configuration; throws with the problems when it is invalid. */
export function configFrom(raw: unknown): Config {
  const result = parseConfig(raw);
  if (!result.ok) throw new Error(`test config is invalid: ${JSON.stringify(result.problems)}`);
  return result.config;
}

/** The example configuration shipped in templates/ (defaults applied). */
export function exampleConfig(): Config {
  return configFrom(exampleRaw());
}

export const FIXTURE_DIR = new URL("../fixtures/intake/", import.meta.url);

/** A fixture under test/fixtures/intake. */
export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURE_DIR), "utf8");
}

type Answers = Partial<Record<(typeof FORM_FIELDS)[number]["id"], string>>;

const DEFAULT_ANSWERS: Answers = {
  clusters: "smaug",
  team: "my-team",
  namespaces: "_No response_",
  owner: "octocat",
  members: "hubot",
  description: "A project.",
  display_name: "_No response_",
  docs_url: "_No response_",
  quota_tier: "Small",
  custom_cpu: "_No response_",
  custom_memory: "_No response_",
  custom_storage: "_No response_",
  acknowledgement: `- [X] ${ACKNOWLEDGEMENT_OPTION}`,
};

/** An issue body the way GitHub renders the onboarding form (`### Label`, blank line, answer, blank line). */
export function issueBody(answers: Answers = {}): string {
  const merged = { ...DEFAULT_ANSWERS, ...answers };
  return FORM_FIELDS.map((f) => `### ${f.label}\n\n${merged[f.id] ?? "_No response_"}\n\n`).join("").trimEnd() + "\n";
}

/** A snapshot holding exactly these paths. */
export function snapshotOf(paths: readonly string[]): GitopsSnapshot {
  return { paths: new Set(paths), files: new Map() };
}

/** The quota components of the example config's tiers, so tier checks pass. */
export const TIER_PATHS = ["x-small", "small", "medium", "large"].map(
  (t) => `cluster-scope/components/resourcequotas/${t}/kustomization.yaml`,
);

/** A GitOps tree in the example layout with one existing namespace and team. */
export function exampleSnapshot(extra: readonly string[] = []): GitopsSnapshot {
  return snapshotOf([
    ...TIER_PATHS,
    "cluster-scope/base/core/namespaces/taken-ns/namespace.yaml",
    "cluster-scope/base/core/namespaces/taken-ns/kustomization.yaml",
    "cluster-scope/base/user.openshift.io/groups/taken-team/group.yaml",
    "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml",
    ...extra,
  ]);
}

/** A request that passes every check against {@link exampleConfig} and {@link exampleSnapshot}. */
export function validRequest(overrides: Partial<OnboardingRequest> = {}): OnboardingRequest {
  return {
    team: "my-team",
    namespaces: ["my-team"],
    clusters: ["smaug"],
    owner: "octocat",
    members: ["hubot", "octocat"],
    description: "A project.",
    quotaTier: "small",
    acknowledged: true,
    ...overrides,
  };
}

/** A CliIO that records what a command writes. */
export function captureIO(cwd: string): { io: CliIO; stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    io: {
      stdout: { write: (chunk: string) => (out += chunk) },
      stderr: { write: (chunk: string) => (err += chunk) },
      cwd,
    },
    stdout: () => out,
    stderr: () => err,
  };
}
