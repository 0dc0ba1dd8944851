import { renderIssueBody, validValues, type FormValues } from "../test/helpers/issue-body.js";
import { APPS, INSTALLATION, PEOPLE, SUPPORT } from "../test/helpers/world.js";
import type { RecordedCall } from "../test/simulator/index.js";
import { startBenchApp, type BenchApp, type OctokitMode } from "./bench-app.js";
import { criticalPath } from "./critical-path.js";
import { BENCH_APPROVER_TEAM, benchConfigYaml } from "./gitops-tree.js";
import { RemoteSim, type DeliveryResult } from "./remote-sim.js";

/** What one onboarding (issue opened → everything the app does about it) cost. */
/** The call that opened a pull request: REST `pulls/create` answered 201, or a GraphQL document whose `createPullRequest` was carried out. */
export function opensPull(c: RecordedCall): boolean {
  return (c.operationId === "pulls/create" && c.status === 201) || (c.graphql?.answeredFields?.includes("createPullRequest") ?? false);
}

export interface Onboarding {
  number: number;
  /** Every call the app made, from the first webhook until every delivery (and the follow-up ones) was answered. */
  calls: RecordedCall[];
  /** The calls that ended by the time the pull request was created (inclusive). */
  toPr: RecordedCall[];
  /** The chain of sequential calls up to the pull request. */
  critical: RecordedCall[];
  /** Webhook POST → `pulls/create` answered, ms (NaN when no pull request was opened). */
  prOpenedMs: number;
  /** Webhook POST → every delivery answered and every call the app made done, ms. */
  handledMs: number;
  deliveries: DeliveryResult[];
}

/** A simulator process seeded with the support and GitOps repositories, and the app in front of it. */
export interface BenchWorld {
  sim: RemoteSim;
  app: BenchApp;
  clusters: readonly string[];
  /** Form values of a distinct valid request `i` for all of this world's clusters (or `clusters`). */
  values(i: number, clusters?: readonly string[]): FormValues;
  /** Opens request `values` and delivers its webhooks (and the follow-ups) to `target` (default: the app); measures the run. */
  onboard(values: FormValues, target?: BenchApp): Promise<Onboarding>;
  /** Starts another app instance on the same simulator (e.g. the deployed Octokit setup). */
  addApp(mode: OctokitMode): Promise<BenchApp>;
  close(): Promise<void>;
}

/** Options of {@link startBenchWorld}. */
export interface BenchWorldOptions {
  clusters: readonly string[];
  files: Record<string, string>;
  latencyMs?: number;
  mode?: OctokitMode;
  /** The simulator's HTTP server settings (Node's defaults when absent). */
  server?: { keepAliveTimeoutMs?: number; backlog?: number };
}

/** Resolves once the app has no request run queued or running (polled every 5 ms). */
async function idle(app: BenchApp): Promise<void> {
  while (app.handles.runtime.queue.activeKeys > 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * Delivers every queued webhook (and the follow-ups) and waits until the app is idle, again and again until no
 * webhook is left: Probot answers a delivery 202 after 9 s while the handler keeps running, and the writes it makes
 * after that queue more webhooks.
 */
export async function settle(sim: RemoteSim, app: BenchApp): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  for (let round = 0; round < 10; round++) {
    const delivered = await sim.deliverPending(app.webhook);
    await idle(app);
    if (delivered.length === 0 && round > 0) return results;
    results.push(...delivered);
  }
  throw new Error("bench: webhooks kept coming after 10 rounds of delivering and waiting");
}

/** Starts a simulator process, seeds it like the test world (with a generated GitOps tree) and starts the app. */
export async function startBenchWorld(opts: BenchWorldOptions): Promise<BenchWorld> {
  const sim = await RemoteSim.start(opts.latencyMs ?? 0, opts.server);
  await sim.addInstallation(INSTALLATION, "operate-first");
  for (const login of Object.values(PEOPLE)) await sim.addUser(login);
  const [teamOrg, teamSlug] = BENCH_APPROVER_TEAM.split("/") as [string, string];
  await sim.addTeam(teamOrg, teamSlug, [PEOPLE.approver2]);
  await sim.addRepo(SUPPORT, {
    installationId: INSTALLATION,
    files: { ".github/onboarding-bot.yml": benchConfigYaml(opts.clusters), "README.md": "support\n" },
  });
  await sim.addRepo(APPS, { installationId: INSTALLATION, files: opts.files });
  const app = await startBenchApp(sim.url, opts.mode ?? "test");
  const extraApps: BenchApp[] = [];

  const values = (i: number, clusters: readonly string[] = opts.clusters): FormValues => {
    const team = `bench-${String(i).padStart(4, "0")}`;
    return validValues({ team, namespaces: team, clusters: clusters.join(", "), display_name: `Bench ${i}` });
  };

  const onboard = async (formValues: FormValues, target: BenchApp = app): Promise<Onboarding> => {
    const number = await sim.openIssue(SUPPORT, {
      author: PEOPLE.requester,
      title: `Onboarding: ${formValues.team ?? ""}`,
      body: renderIssueBody(formValues),
      labels: ["onboarding"],
    });
    await sim.resetCalls();
    const deliveries = await settle(sim, target);
    const calls = await sim.calls();
    const started = Math.min(...deliveries.map((d) => d.startedAt));
    const handledMs = Math.max(...deliveries.map((d) => d.endedAt), ...calls.map((c) => c.endedAt)) - started;
    const pr = calls.find(opensPull);
    const toPr = pr ? calls.filter((c) => c.endedAt <= pr.endedAt) : [];
    return {
      number,
      calls,
      toPr,
      critical: criticalPath(toPr),
      prOpenedMs: pr ? pr.endedAt - started : Number.NaN,
      handledMs,
      deliveries,
    };
  };

  return {
    sim,
    app,
    clusters: opts.clusters,
    values,
    onboard,
    addApp: async (mode) => {
      const extra = await startBenchApp(sim.url, mode);
      extraApps.push(extra);
      return extra;
    },
    close: async () => {
      for (const extra of extraApps) await extra.close();
      await app.close();
      await sim.close();
    },
  };
}
