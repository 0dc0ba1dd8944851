import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { parseConfig } from "../../src/config/parse-config.js";
import type { Config } from "../../src/config/schema.js";
import type { GitopsSnapshot, OnboardingRequest, Provenance } from "../../src/types.js";

/** Root of the test fixtures. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");
/** The Operate First `apps`-shaped GitOps fixture. */
export const OPF = path.join(FIXTURES, "gitops-opf");

/** Every file under `dir` as repository-relative POSIX paths, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk("");
  return out.sort();
}

/** A snapshot of a fixture directory with no file contents read yet (as the bot sees a repository tree). */
export function treeSnapshot(dir: string): GitopsSnapshot {
  return { paths: new Set(listFiles(dir)), files: new Map() };
}

/** A reader over a fixture directory that records what it was asked for. */
export function fixtureReader(dir: string): { read: (paths: string[]) => Promise<Map<string, string | undefined>>; calls: string[][] } {
  const calls: string[][] = [];
  const read = async (paths: string[]): Promise<Map<string, string | undefined>> => {
    calls.push([...paths]);
    return new Map(paths.map((p) => [p, readFileSync(path.join(dir, p), "utf8")]));
  };
  return { read, calls };
}

/** The configuration file of a fixture, parsed and defaulted; `overrides` are merged in before validation. */
export function fixtureConfig(dir: string, overrides: Record<string, unknown> = {}): Config {
  const raw = parse(readFileSync(path.join(dir, "onboarding-bot.yml"), "utf8")) as Record<string, unknown>;
  const result = parseConfig({ ...raw, ...overrides });
  if (!result.ok) throw new Error(`fixture config ${dir}: ${JSON.stringify(result.problems)}`);
  return result.config;
}

/** A valid, normalised request for the OPF fixture; override what a test is about. */
export function request(overrides: Partial<OnboardingRequest> = {}): OnboardingRequest {
  return {
    team: "aurora",
    namespaces: ["aurora-dev"],
    clusters: ["smaug"],
    owner: "ada",
    members: ["ada", "grace-h"],
    description: "Aurora studies the northern lights with open data.",
    displayName: "Aurora Research",
    docsUrl: "https://aurora.example.org/docs",
    quotaTier: "small",
    acknowledged: true,
    ...overrides,
  };
}

/** Provenance of a request issue. */
export const PROVENANCE: Provenance = {
  requestRepo: "operate-first/support",
  issueNumber: 42,
  issueUrl: "https://github.com/operate-first/support/issues/42",
  requester: "ada",
};
