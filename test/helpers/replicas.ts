import type { Probot } from "probot";
import { createApp, type AppHandles, type CreateAppOptions } from "../../src/index.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { createTestProbot, probotReady, type TestProbotOptions } from "../harness/index.js";
import { TRUST_SETTINGS, type World } from "./world.js";

/** One more instance of the app: its own Probot, runtime, dedupe memory and queue, sharing the world's GitHub. */
export interface Replica {
  probot: Probot;
  handles: AppHandles;
}

/**
 * Starts another replica of the app against `world`'s simulator (same app id, so the same bot identity), like a
 * second pod behind GitHub's webhook load balancing. Nothing is shared with the world's own instance but GitHub.
 */
export async function addReplica(world: Pick<World, "sim">, app: CreateAppOptions = {}, probotOptions: TestProbotOptions = {}): Promise<Replica> {
  let handles: AppHandles | undefined;
  const probot = createTestProbot(
    world.sim,
    createApp({
      metrics: createMetrics({ defaultMetrics: false }),
      ...app,
      settings: { dryRun: false, sweepIntervalSeconds: 0, ...TRUST_SETTINGS, ...app.settings },
      onReady: (h) => {
        handles = h;
        app.onReady?.(h);
      },
    }),
    probotOptions,
  );
  await probotReady(probot);
  if (!handles) throw new Error("replicas: the second app instance did not start");
  return { probot, handles };
}
