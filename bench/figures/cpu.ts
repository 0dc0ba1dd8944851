import { parse } from "yaml";
import { parseConfig } from "../../src/config/parse-config.js";
import type { Config } from "../../src/config/schema.js";
import { parseIssueBody } from "../../src/intake/parse-issue-body.js";
import { renderTenant } from "../../src/rendering/render-tenant.js";
import type { GitopsSnapshot, Provenance } from "../../src/types.js";
import { loginsToCheck } from "../../src/validation/check-request.js";
import { validateParsedRequest } from "../../src/validation/validate-request.js";
import { renderIssueBody, validValues } from "../../test/helpers/issue-body.js";
import { PEOPLE, SUPPORT } from "../../test/helpers/world.js";
import { benchConfigYaml, clusterNames, generateGitopsTree } from "../gitops-tree.js";
import { atMost, figure } from "../report.js";
import { median, percentile } from "../stats.js";

const USERS = new Map(Object.values(PEOPLE).map((login) => [login.toLowerCase(), login] as const));

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function configOf(raw: unknown): Config {
  const result = parseConfig(raw);
  if (!result.ok) throw new Error(`bench: the generated configuration is invalid: ${result.problems.map((p) => `${p.key}: ${p.message}`).join("; ")}`);
  return result.config;
}

interface Setup {
  rawConfig: unknown;
  paths: string[];
  /** The overlay kustomizations the renderer asks for, read once (as the app reads them from GitHub). */
  files: Map<string, string>;
  bodies: string[];
}

/** One request's pure pipeline: parse the body, validate against the snapshot, render the tenant. */
function pipeline(body: string, number: number, config: Config, snapshot: GitopsSnapshot): void {
  const parsed = parseIssueBody(body, config);
  const users = new Map(loginsToCheck(parsed.request).map((l) => [l.toLowerCase(), USERS.get(l.toLowerCase()) ?? null] as const));
  const validation = validateParsedRequest(parsed, config, { snapshot, users });
  if (!validation.ok) throw new Error(`bench: the request is invalid: ${validation.problems.map((p) => p.message).join("; ")}`);
  const provenance: Provenance = { requestRepo: SUPPORT, issueNumber: number, issueUrl: `https://github.com/${SUPPORT}/issues/${number}`, requester: PEOPLE.requester };
  const rendered = renderTenant({ request: validation.request, config, snapshot, provenance });
  if (rendered.kind !== "rendered") throw new Error(`bench: rendering did not finish: ${JSON.stringify(rendered).slice(0, 300)}`);
}

function prepare(namespaces: number, runs: number): Setup {
  const clusters = clusterNames(3);
  const tree = generateGitopsTree({ clusters: 3, namespaces });
  const rawConfig = parse(benchConfigYaml(clusters)) as unknown;
  const paths = Object.keys(tree);
  const bodies = Array.from({ length: runs }, (_, i) =>
    renderIssueBody(validValues({ team: `cpu-${i}`, namespaces: `cpu-${i}`, clusters: clusters.slice(0, 1).join(", ") })),
  );
  // Ask the renderer which files it reads, as the app does, and hand them over from the tree.
  const config = configOf(rawConfig);
  const parsed = parseIssueBody(bodies[0] as string, config);
  const validation = validateParsedRequest(parsed, config, { snapshot: { paths: new Set(paths), files: new Map() }, users: USERS });
  const files = new Map<string, string>();
  for (let round = 0; round < 5; round++) {
    const out = renderTenant({
      request: validation.request,
      config,
      snapshot: { paths: new Set(paths), files },
      provenance: { requestRepo: SUPPORT, issueNumber: 1, issueUrl: "https://github.com/x/y/issues/1", requester: PEOPLE.requester },
    });
    if (out.kind !== "needs-files") break;
    for (const p of out.paths) files.set(p, tree[p] ?? "");
  }
  return { rawConfig, paths, files, bodies };
}

/**
 * Figure 3: CPU time (process.cpuUsage, user + system) of parse + validate + render for one request, median over
 * `runs`. "warm" reuses one Config and one snapshot object, so every per-config and per-snapshot cache hits; "per
 * event" builds them fresh for each request as the controller does on every webhook (loadConfig parses the file
 * into a new Config, the snapshot's path set is new), and includes parseConfig.
 */
export function cpuPerRequest(runs = 600, largeRuns = 200, warmup = 50): void {
  for (const namespaces of [10, 10_000]) {
    const runs_ = namespaces === 10 ? runs : largeRuns;
    const setup = prepare(namespaces, runs_ + warmup);
    const label = namespaces === 10 ? "" : `, ${namespaces.toLocaleString("en-US")} existing namespaces`;
    const config = configOf(setup.rawConfig);
    const snapshot: GitopsSnapshot = { paths: new Set(setup.paths), files: setup.files };
    const warm: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < runs_ + warmup; i++) {
      const body = setup.bodies[i] as string;
      let t = process.cpuUsage();
      pipeline(body, i + 1, config, snapshot);
      const w = cpuMs(t);
      const raw = structuredClone(setup.rawConfig);
      t = process.cpuUsage();
      const fresh = configOf(raw);
      pipeline(body, i + 1, fresh, { paths: new Set(setup.paths), files: new Map(setup.files) });
      const c = cpuMs(t);
      if (i >= warmup) {
        warm.push(w);
        cold.push(c);
      }
    }
    if (namespaces === 10) {
      figure(`CPU parse+validate+render, warm caches, median of ${runs}`, median(warm), "ms", atMost(5, "ms", median(warm)));
    }
    figure(`CPU parse+validate+render per event (fresh config+snapshot, incl. parseConfig)${label}, median of ${runs_}`, median(cold), "ms", atMost(5, "ms", median(cold)));
    figure(`CPU per event${label}, p95`, percentile(cold, 95), "ms");
  }
}
