import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { Probot } from "probot";
import { parseFullName } from "../../src/github/repo-ref.js";
import { createApp, type AppHandles, type CreateAppOptions } from "../../src/index.js";
import { createMetrics } from "../../src/observability/metrics.js";
// Not the harness index (nock, vitest): the burst benchmark loads this module into the measured app process.
import { createTestProbot, probotReady } from "../harness/create-test-probot.js";
import { GitHubSimulator } from "../simulator/index.js";
import { OPF_FIXTURE, readTree } from "./gitops-fixture.js";
import { renderIssueBody, validValues, type FormValues } from "./issue-body.js";

export const SUPPORT = "operate-first/support";
export const APPS = "operate-first/apps";
export const INSTALLATION = 1;
/** A second support repository, for tests of requests from several repositories. */
export const SANDBOX = "operate-first/sandbox";
/** The operator's trust roots for the test world: the support repositories and the GitOps repository. */
export const TRUST_SETTINGS = { supportRepositories: [parseFullName(SUPPORT), parseFullName(SANDBOX)], gitopsRepository: parseFullName(APPS) };

/** The onboarding branch of request `number` of `repo` under the default `gitops.branchTemplate`. */
export function branchOf(number: number, repo: string = SUPPORT): string {
  return `onboarding/${repo.toLowerCase()}/issue-${number}`;
}
/** People in the simulated world. */
export const PEOPLE = { requester: "alice", member: "Bob", approver: "carol", approver2: "erin", reviewer: "frank", outsider: "dave" };

/** The fixture's configuration with the test world's approvers, as YAML, with optional overrides merged in. */
export function configYaml(overrides: Record<string, unknown> = {}): string {
  const base = parse(readFileSync(join(OPF_FIXTURE, "onboarding-bot.yml"), "utf8")) as Record<string, unknown>;
  base.approvers = { users: [PEOPLE.approver, PEOPLE.approver2], reviewers: [PEOPLE.reviewer] };
  return stringify(deepMerge(base, overrides));
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      v && typeof v === "object" && !Array.isArray(v) && prev && typeof prev === "object" && !Array.isArray(prev)
        ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

export interface World {
  sim: GitHubSimulator;
  probot: Probot;
  handles: AppHandles;
  /** Opens an onboarding request as the requester; returns its number. */
  openRequest(values?: FormValues, opts?: { author?: string; labels?: string[] }): number;
  close(): Promise<void>;
}

/** A simulator seeded with the support and GitOps repositories and the people, and the app pointed at it. */
export async function createWorld(
  opts: {
    config?: Record<string, unknown>;
    configText?: string;
    app?: CreateAppOptions;
    files?: Record<string, string>;
    latencyMs?: number;
    /** How the simulator waits out latency (a test may hold a request until it has acted). */
    sleep?: (ms: number) => Promise<unknown>;
  } = {},
): Promise<World> {
  const sim = await GitHubSimulator.start({ ...(opts.latencyMs ? { latencyMs: opts.latencyMs } : {}), ...(opts.sleep ? { sleep: opts.sleep } : {}) });
  sim.addInstallation(INSTALLATION, "operate-first");
  for (const login of Object.values(PEOPLE)) sim.addUser(login);
  sim.addRepo(SUPPORT, {
    installationId: INSTALLATION,
    files: { ".github/onboarding-bot.yml": opts.configText ?? configYaml(opts.config), "README.md": "support\n" },
  });
  sim.addRepo(APPS, { installationId: INSTALLATION, files: opts.files ?? readTree(OPF_FIXTURE) });
  let handles: AppHandles | undefined;
  const probot = createTestProbot(
    sim,
    createApp({
      metrics: createMetrics({ defaultMetrics: false }),
      ...opts.app,
      settings: { dryRun: false, sweepIntervalSeconds: 0, ...TRUST_SETTINGS, ...opts.app?.settings },
      onReady: (h) => {
        handles = h;
        opts.app?.onReady?.(h);
      },
    }),
  );
  await probotReady(probot);
  if (!handles) throw new Error("world: the app did not start");
  return {
    sim,
    probot,
    handles,
    openRequest(values = validValues(), o = {}) {
      return sim.openIssue(SUPPORT, {
        author: o.author ?? PEOPLE.requester,
        title: "Onboarding: astro-lab",
        body: renderIssueBody(values),
        labels: o.labels ?? ["onboarding"],
      });
    },
    close: () => sim.close(),
  };
}
