import { TRUST_SETTINGS } from "../helpers/world.js";
import { Writable } from "node:stream";
import { sign } from "@octokit/webhooks-methods";
import type { Logger } from "probot";
import { createMetrics } from "../../src/observability/metrics.js";
import { createLogger } from "../../src/server/logger.js";
import { startServer, WEBHOOK_PATH, type RunningServer, type StartServerOptions } from "../../src/server/start-server.js";
import { TestOctokit, testPrivateKey } from "../harness/index.js";
import type { SimEvent } from "../simulator/index.js";

/** The webhook secret of the test servers. */
export const SECRET = "a-real-webhook-secret-for-tests";

/** The app's real logger (JSON) writing its raw lines into `lines`. */
export async function captureLog(level = "debug"): Promise<{ log: Logger; lines: string[]; records: () => Array<Record<string, unknown>> }> {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString().split("\n").filter((l) => l !== ""));
      callback();
    },
  });
  const log = await createLogger({ level, format: "json", destination });
  return { log, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** {@link startServer} on a free loopback port against `apiUrl` (the simulator), retries and throttling off. */
export function startTestServer(apiUrl: string, log: Logger, options: Partial<StartServerOptions> = {}): Promise<RunningServer> {
  return startServer({
    appId: 1,
    privateKey: testPrivateKey(),
    webhookSecret: SECRET,
    log,
    baseUrl: apiUrl,
    Octokit: TestOctokit,
    host: "127.0.0.1",
    port: 0,
    app: { metrics: createMetrics({ defaultMetrics: false }), settings: { sweepIntervalSeconds: 0, dryRun: false, ...TRUST_SETTINGS } },
    ...options,
  });
}

/** POSTs `event` to the server's webhook path as GitHub does, signed with `secret`. */
export async function postWebhook(url: string, event: Pick<SimEvent, "id" | "name" | "payload">, secret = SECRET): Promise<Response> {
  const body = JSON.stringify(event.payload);
  return fetch(`${url}${WEBHOOK_PATH}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event.name,
      "x-github-delivery": event.id,
      "x-hub-signature-256": await sign(secret, body),
    },
    body,
  });
}

/** The `issues.labeled` delivery of a request just opened: the one the app acts on (`opened` comes before the label). */
export function labeledEvent(world: { sim: { takeEvents(): SimEvent[] } }): SimEvent {
  const event = world.sim.takeEvents().find((e) => e.name === "issues" && e.payload.action === "labeled");
  if (!event) throw new Error("no issues.labeled event");
  return event;
}
